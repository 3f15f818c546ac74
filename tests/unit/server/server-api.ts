// Typed access to server/server.js for tests: it is plain JS checked through JSDoc, with no .d.ts beside it.

// @ts-expect-error plain JS module (see the JSDoc types in server/server.js)
import * as server from '../../../server/server.js';

export interface RunningServer {
  /** startServer: the http URL of the app. startTracker: the ws URL of the tracker (= trackerUrl). */
  readonly url: string;
  readonly trackerUrl: string;
  readonly port: number;
  close(): Promise<void>;
}

interface ServerModule {
  startServer(opts: {
    port?: number;
    host?: string;
    distDir: string;
    trackerIntervalMs?: number;
    onCspReport?: (report: Record<string, unknown>) => void;
  }): Promise<RunningServer>;
  startTracker(opts?: { port?: number; host?: string; trackerIntervalMs?: number }): Promise<RunningServer>;
  resolveUnder(root: string, pathname: string): string | null;
}

const typed = server as ServerModule;
export const { startServer, startTracker, resolveUnder } = typed;

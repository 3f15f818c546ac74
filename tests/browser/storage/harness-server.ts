// Serves tests/browser/storage/harness with Vite (dev mode), so its worker imports the stores and the contract as TS.

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, type ViteDevServer } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..', '..');

export interface HarnessServer {
  /** http://127.0.0.1:<port>: a secure context, so OPFS works without TLS. */
  readonly origin: string;
  close(): Promise<void>;
}

export async function startHarnessServer(): Promise<HarnessServer> {
  const server: ViteDevServer = await createServer({
    root: join(here, 'harness'),
    configFile: false,
    logLevel: 'warn',
    cacheDir: join(repoRoot, 'node_modules', '.vite-storage-harness'),
    // Plain ESM deps (idb) are served as they are: no pre-bundling, so no reload in the middle of a test.
    optimizeDeps: { noDiscovery: true, include: [] },
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false, fs: { allow: [repoRoot] } },
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') {
    await server.close();
    throw new Error('Vite did not report a TCP address');
  }
  return { origin: `http://127.0.0.1:${address.port}`, close: () => server.close() };
}

// The harness page: spawns contract workers and exposes a bounded request/reply call for the Playwright spec.

import { opfsAvailable } from '../../../../src/storage/opfs-store.ts';
import type { HarnessReply, HarnessRequest } from './protocol.ts';

const workers = new Map<number, Worker>();
let nextId = 1;

const harness = {
  spawn(): number {
    const id = nextId++;
    workers.set(id, new Worker(new URL('./contract.worker.ts', import.meta.url), { type: 'module' }));
    return id;
  },

  call(id: number, request: HarnessRequest, timeoutMs: number): Promise<HarnessReply> {
    const worker = workers.get(id);
    if (!worker) return Promise.reject(new Error(`no worker ${id}`));
    return new Promise<HarnessReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`worker ${id} did not answer ${request.op} within ${timeoutMs} ms`));
      }, timeoutMs);
      const onMessage = (ev: MessageEvent<HarnessReply>): void => {
        cleanup();
        resolve(ev.data);
      };
      const onError = (ev: ErrorEvent): void => {
        cleanup();
        reject(new Error(`worker ${id} failed: ${ev.message || 'load error (see the browser console)'}`));
      };
      const cleanup = (): void => {
        clearTimeout(timer);
        worker.removeEventListener('message', onMessage);
        worker.removeEventListener('error', onError);
      };
      worker.addEventListener('message', onMessage);
      worker.addEventListener('error', onError);
      worker.postMessage(request);
    });
  },

  terminate(id: number): void {
    workers.get(id)?.terminate();
    workers.delete(id);
  },

  /** OPFS sync handles do not exist in a window: the feature test must say so here. */
  windowOpfsAvailable: opfsAvailable,
};

declare global {
  interface Window {
    harness: typeof harness;
  }
}

window.harness = harness;
document.title = 'harness ready';

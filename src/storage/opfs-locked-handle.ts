// Opening a sync access handle on an OPFS file: retried while another worker holds the file's lock, and asked
// again when the browser never answers.

import { EngineError } from '../engine/errors.ts';

/** How long open() waits for a previous page's worker (a reload) to let go of a torrent's files. */
const LOCK_WAIT_MS = 5000;

/**
 * A createSyncAccessHandle() not settled by then is taken as stalled and asked again: in Chromium 156 about one call
 * in a few dozen (under load) never settles, which froze the piece write waiting on it for good.
 */
const OPEN_STALL_MS = 2000;

/**
 * createSyncAccessHandle, retried while the file is locked (after a reload the old page's worker may still be
 * shutting down for a moment; another live tab keeps the lock) and when a call stalls; gives up after LOCK_WAIT_MS.
 */
export async function lockedHandle(fh: FileSystemFileHandle): Promise<FileSystemSyncAccessHandle> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (let stalls = 0; ; ) {
    const attempt = fh.createSyncAccessHandle();
    let handle: FileSystemSyncAccessHandle | null;
    try {
      handle = await settledWithin(attempt, OPEN_STALL_MS);
    } catch (e) {
      const locked = e instanceof DOMException && e.name === 'NoModificationAllowedError';
      if (!locked || Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    if (handle) return handle;
    // Should the stalled call settle after all, its handle would hold the file's lock with nobody to close it.
    attempt.then((h) => h.close(), () => {});
    stalls++;
    console.warn(`createSyncAccessHandle(${fh.name}) has not settled in ${OPEN_STALL_MS} ms: asking again (${stalls})`);
    if (Date.now() > deadline) {
      throw new EngineError('STORAGE_IO', 'The browser did not open a torrent file for writing', { stalls, waitedMs: LOCK_WAIT_MS });
    }
  }
}

/** The promise's value, or null when it has not settled within `ms` (a rejection is thrown). */
function settledWithin<T>(p: Promise<T>, ms: number): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

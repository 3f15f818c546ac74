// Picks the browser's piece storage: OPFS (sync access handles) when this realm supports it, else IndexedDB.

import type { StoreFactory } from '../engine/ports.ts';
import { IdbStoreFactory } from './idb-store.ts';
import { OpfsStoreFactory, opfsAvailable } from './opfs-store.ts';

/**
 * OPFS unless `preference` is 'idb' or OPFS is unusable here (a window, Firefox private browsing, old Safari).
 * Run in the engine's dedicated worker: OPFS sync access handles exist only there.
 */
export async function chooseStoreFactory(preference?: 'opfs' | 'idb'): Promise<StoreFactory> {
  if (preference !== 'idb' && (await opfsAvailable())) return new OpfsStoreFactory();
  return new IdbStoreFactory();
}

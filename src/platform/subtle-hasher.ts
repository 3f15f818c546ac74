// SHA-1 through WebCrypto (crypto.subtle): native speed in workers, windows and Node 20+.

import type { Hasher } from '../engine/ports.ts';

export const subtleHasher: Hasher = {
  async sha1(data: Uint8Array): Promise<Uint8Array> {
    // subtle.digest copies its input before returning, so passing a view of a shared buffer is safe.
    const digest = await crypto.subtle.digest('SHA-1', data as Uint8Array<ArrayBuffer>);
    return new Uint8Array(digest);
  },
};

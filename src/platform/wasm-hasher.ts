// SHA-1 in WebAssembly (hash-wasm): the piece is hashed from where it lies. crypto.subtle.digest copies its input
// into fresh memory first, and on the VMs this runs on that copy cost more than the hash (13-24 ms per MiB of the
// receiving worker, bench/PROFILE.md); hash-wasm streams it through memory its module already owns. Chosen over our
// own SHA-1: a maintained, tested, hand-tuned implementation with no dependencies, 11 KB for SHA-1.
// Needs CSP `'wasm-unsafe-eval'` (server/csp.js); where WebAssembly cannot be compiled the caller keeps WebCrypto.

import { createSHA1 } from 'hash-wasm';
import type { Hasher } from '../engine/ports.ts';

/** A SHA-1 hasher on one WebAssembly instance, or null where WebAssembly is refused (a stricter CSP). */
export async function wasmHasher(): Promise<Hasher | null> {
  try {
    const sha1 = await createSHA1();
    return {
      // Synchronous inside: calls never interleave on the one instance.
      async sha1(data: Uint8Array): Promise<Uint8Array> {
        sha1.init();
        sha1.update(data);
        return sha1.digest('binary');
      },
    };
  } catch {
    return null;
  }
}

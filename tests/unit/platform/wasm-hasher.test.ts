import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { wasmHasher } from '../../../src/platform/wasm-hasher.ts';

const sha1 = (b: Uint8Array): string => createHash('sha1').update(b).digest('hex');
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('wasmHasher', () => {
  it('agrees with an independent SHA-1 on empty, odd-sized and piece-sized inputs, and on views into a larger buffer', async () => {
    const h = await wasmHasher();
    expect(h).not.toBeNull();
    const big = new Uint8Array(4 * 1024 * 1024 + 123).map((_, i) => (i * 2654435761) >>> 24);
    for (const data of [new Uint8Array(0), new TextEncoder().encode('abc'), big.subarray(0, 16384), big.subarray(7, 7 + 1_000_003), big]) {
      expect(hex(await h!.sha1(data))).toBe(sha1(data));
    }
    // The known vector (FIPS 180-2): SHA-1("abc").
    expect(hex(await h!.sha1(new TextEncoder().encode('abc')))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
  });

  it('keeps calls apart when they are issued together (one instance, no interleaving)', async () => {
    const h = (await wasmHasher())!;
    const inputs = Array.from({ length: 20 }, (_, k) => new Uint8Array(70_000 + k).fill(k));
    const out = await Promise.all(inputs.map((d) => h.sha1(d)));
    out.forEach((d, k) => expect(hex(d)).toBe(sha1(inputs[k]!)));
  });
});

// Test helpers: feed a byte vector to a WireDecoder in every way a transport could split it.

import { WireDecoder, type WireDecoderOptions } from '../../../../src/engine/wire/decoder.ts';
import type { Handshake, WireMessage } from '../../../../src/engine/wire/messages.ts';

export type Decoded = Handshake | WireMessage;

/** Pushes each chunk and drains `next()` after every push; returns everything decoded, in order. */
export function decodeChunks(
  chunks: readonly Uint8Array[],
  options: WireDecoderOptions = { handshake: false },
): Decoded[] {
  const decoder = new WireDecoder(options);
  const out: Decoded[] = [];
  for (const chunk of chunks) {
    decoder.push(chunk);
    for (let m = decoder.next(); m !== null; m = decoder.next()) out.push(m);
  }
  if (decoder.bufferedBytes !== 0) throw new Error(`${decoder.bufferedBytes} bytes left undecoded`);
  return out;
}

/** `bytes` cut at offset `i` (either side may be empty), as two fresh copies. */
export function splitAt(bytes: Uint8Array, i: number): Uint8Array[] {
  return [bytes.slice(0, i), bytes.slice(i)];
}

/** Calls `check` with `bytes` split in two at every offset 0..length. */
export function forEverySplit(bytes: Uint8Array, check: (chunks: Uint8Array[], at: number) => void): void {
  for (let i = 0; i <= bytes.length; i++) check(splitAt(bytes, i), i);
}

export function oneByteAtATime(bytes: Uint8Array): Uint8Array[] {
  return Array.from(bytes, (b) => Uint8Array.of(b));
}

/** Cuts `bytes` into pieces of the given sizes (the rest goes in a last piece). */
export function cut(bytes: Uint8Array, sizes: readonly number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = 0;
  for (const n of sizes) {
    out.push(bytes.slice(at, at + n));
    at += n;
  }
  if (at < bytes.length) out.push(bytes.slice(at));
  return out;
}

export function bytesOf(...values: number[]): Uint8Array {
  return Uint8Array.from(values);
}

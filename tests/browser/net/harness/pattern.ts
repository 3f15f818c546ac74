// A deterministic byte pattern and a streaming checker for it, for the data-channel transfer tests.

/** Message k of a stream: 32-bit words from a cheap mixing function of (k, word index, seed), little-endian. */
export function makeBlock(k: number, size: number, seed: number): Uint8Array {
  const words = new Uint32Array(size >> 2);
  const base = (Math.imul(k, 0x9e3779b1) + seed) | 0;
  for (let j = 0; j < words.length; j++) words[j] = (base + Math.imul(j, 0x85ebca77)) >>> 0;
  return new Uint8Array(words.buffer);
}

/** Compares a stream chunked any way against makeBlock(0..), remembering the first mismatch. */
export class PatternChecker {
  received = 0;
  firstMismatch = -1;
  private blockIndex = -1;
  private block: Uint8Array = new Uint8Array(0);

  constructor(
    private readonly size: number,
    private readonly seed: number,
  ) {}

  push(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length) {
      const k = Math.floor(this.received / this.size);
      if (k !== this.blockIndex) {
        this.block = makeBlock(k, this.size, this.seed);
        this.blockIndex = k;
      }
      const at = this.received % this.size;
      const n = Math.min(this.size - at, chunk.length - i);
      if (this.firstMismatch < 0) {
        for (let b = 0; b < n; b++) {
          if (chunk[i + b] !== this.block[at + b]) {
            this.firstMismatch = this.received + b;
            break;
          }
        }
      }
      this.received += n;
      i += n;
    }
  }
}

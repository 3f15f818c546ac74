// A fixed-size bit set in BEP 3 order (bit 7 of byte 0 is piece 0): pieces we have, pieces a peer has.

export class Bitfield {
  readonly bytes: Uint8Array;
  private setCount = 0;

  constructor(
    readonly size: number,
    bytes?: Uint8Array,
  ) {
    const byteLength = Math.ceil(size / 8);
    this.bytes = new Uint8Array(byteLength);
    if (bytes) {
      this.bytes.set(bytes.subarray(0, byteLength));
      // Spare bits past `size` are ignored rather than trusted.
      const spare = byteLength * 8 - size;
      if (spare > 0) this.bytes[byteLength - 1]! &= (0xff << spare) & 0xff;
      for (let i = 0; i < byteLength; i++) this.setCount += POPCOUNT[this.bytes[i]!]!;
    }
  }

  /** True when `bytes` is a valid wire bitfield for `size` pieces: exact length, spare bits clear. */
  static isValid(size: number, bytes: Uint8Array): boolean {
    const byteLength = Math.ceil(size / 8);
    if (bytes.length !== byteLength) return false;
    const spare = byteLength * 8 - size;
    return spare === 0 || (bytes[byteLength - 1]! & ((1 << spare) - 1)) === 0;
  }

  get(index: number): boolean {
    return (this.bytes[index >> 3]! & (0x80 >> (index & 7))) !== 0;
  }

  /** Sets a bit; returns true if it changed. */
  set(index: number): boolean {
    const i = index >> 3;
    const mask = 0x80 >> (index & 7);
    const b = this.bytes[i]!;
    if (b & mask) return false;
    this.bytes[i] = b | mask;
    this.setCount++;
    return true;
  }

  /** Clears a bit; returns true if it changed. */
  clear(index: number): boolean {
    const i = index >> 3;
    const mask = 0x80 >> (index & 7);
    const b = this.bytes[i]!;
    if (!(b & mask)) return false;
    this.bytes[i] = b & ~mask;
    this.setCount--;
    return true;
  }

  setAll(): void {
    this.bytes.fill(0xff);
    const spare = this.bytes.length * 8 - this.size;
    if (spare > 0) this.bytes[this.bytes.length - 1]! &= (0xff << spare) & 0xff;
    this.setCount = this.size;
  }

  get count(): number {
    return this.setCount;
  }

  get complete(): boolean {
    return this.setCount === this.size;
  }

  get empty(): boolean {
    return this.setCount === 0;
  }

  copyBytes(): Uint8Array {
    return this.bytes.slice();
  }
}

const POPCOUNT = new Uint8Array(256);
for (let i = 0; i < 256; i++) POPCOUNT[i] = (i & 1) + POPCOUNT[i >> 1]!;

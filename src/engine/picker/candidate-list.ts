// The queued pieces in a random order (the picker's random start): O(1) insert at a random slot and O(1) removal,
// so peers scanning it for their rarest piece do not all start on the same one.

export class CandidateList {
  /** Pieces in their random order; `position` maps piece -> slot, or -1 when not queued. */
  private readonly slots: Int32Array;
  private readonly position: Int32Array;
  private size = 0;

  constructor(
    pieceCount: number,
    private readonly random: () => number,
  ) {
    this.slots = new Int32Array(pieceCount);
    this.position = new Int32Array(pieceCount).fill(-1);
  }

  get count(): number {
    return this.size;
  }

  /** The piece in slot `c` (0 <= c < count). */
  at(c: number): number {
    return this.slots[c]!;
  }

  has(index: number): boolean {
    return this.position[index]! >= 0;
  }

  insert(index: number): void {
    // Insert at a random position: swap the occupant to the end (keeps the order random, O(1)).
    const at = Math.floor(this.random() * (this.size + 1));
    const moved = this.slots[at]!;
    if (at < this.size) {
      this.slots[this.size] = moved;
      this.position[moved] = this.size;
    }
    this.slots[at] = index;
    this.position[index] = at;
    this.size++;
  }

  /** False when the piece was not queued. */
  remove(index: number): boolean {
    const at = this.position[index]!;
    if (at < 0) return false;
    const last = this.slots[--this.size]!;
    this.slots[at] = last;
    this.position[last] = at;
    this.position[index] = -1;
    return true;
  }

  /** Throws when piece `index`'s slot bookkeeping disagrees with itself (checkInvariants). */
  checkSlot(index: number): void {
    const at = this.position[index]!;
    if (at < 0) return;
    if (at >= this.size || this.slots[at] !== index) throw new Error(`piece ${index}: candidate slot`);
  }
}

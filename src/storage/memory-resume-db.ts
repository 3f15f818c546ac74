// An in-memory ResumeDb for tests and Node runs; records are cloned in and out, as IndexedDB would.

import type { ResumeDb, ResumeRecord } from '../engine/ports.ts';

export class MemoryResumeDb implements ResumeDb {
  private readonly records = new Map<string, ResumeRecord>();

  async list(): Promise<ResumeRecord[]> {
    return [...this.records.values()].map((r) => structuredClone(r));
  }

  async put(record: ResumeRecord): Promise<void> {
    // A clone, so a caller mutating its arrays later cannot change what was "saved".
    this.records.set(record.infoHashHex, structuredClone(record));
  }

  async delete(infoHashHex: string): Promise<void> {
    this.records.delete(infoHashHex);
  }
}

// A torrent whose storage is still opening is in the session but not yet in its lifecycle: commands about it wait
// for it to join (instead of failing with "The torrent is still being added"), and the counter save skips it.

import { describe, expect, it } from 'vitest';
import type { PieceStore, StoreLayout } from '../../../../src/engine/ports.ts';
import { createTorrent } from '../../../../src/engine/metainfo/create.ts';
import { subtleHasher } from '../../../../src/platform/subtle-hasher.ts';
import { MemoryStoreFactory } from '../../../../src/storage/memory-store.ts';
import { SETTINGS, started } from './host-harness.ts';

/** A disk whose next open waits until the test lets it go. */
class SlowOpen extends MemoryStoreFactory {
  gate: Promise<void> | null = null;
  override async open(layout: StoreLayout): Promise<PieceStore> {
    const gate = this.gate;
    if (gate) await gate;
    return super.open(layout);
  }
}

describe('a torrent still being added', () => {
  it('answers pause, detail and a second add once it has joined the lifecycle, and the tick does not throw meanwhile', async () => {
    const storage = new SlowOpen();
    const h = await started(undefined, SETTINGS, storage);
    const data = Uint8Array.from({ length: 40_000 }, (_, i) => i & 0xff);
    const { torrentBytes, metainfo } = await createTorrent(
      { name: 'slow.bin', files: [{ path: ['slow.bin'], length: data.length, read: async (o, l) => data.subarray(o, o + l) }], pieceLength: 16384 },
      subtleHasher,
    );
    let release!: () => void;
    storage.gate = new Promise((r) => (release = r));
    const adding = h.call({ type: 'add-torrent-file', bytes: torrentBytes });
    const ih = metainfo.infoHashHex;
    // Let the add reach the store's open: the torrent is in the session, not yet in its lifecycle.
    const session = (h.host as unknown as { session: { get(ih: string): unknown; lifecycle: { has(t: unknown): boolean } } }).session;
    for (let i = 0; i < 200 && !session.get(ih); i++) await new Promise((r) => setTimeout(r, 1));
    expect(session.get(ih)).toBeDefined();
    expect(session.lifecycle.has(session.get(ih))).toBe(false);
    const pausing = h.failure({ type: 'pause', infoHashHex: ih });
    const detail = h.failure({ type: 'detail', infoHashHex: ih });
    const again = h.failure({ type: 'add-torrent-file', bytes: torrentBytes, existing: [] });
    // The host's periodic work runs while the store is still opening (it used to throw from the counter save).
    expect(() => (h.host as unknown as { tick(): void }).tick()).not.toThrow();
    release();
    storage.gate = null;
    expect((await adding).infoHashHex).toBe(ih);
    expect(await pausing).toEqual({ code: 'none' });
    expect(await detail).toEqual({ code: 'none' });
    expect((await again).code).not.toBe('TORRENT_NOT_FOUND');
  });
});

// The one suite every StoreFactory passes (memory, node fs, IndexedDB, OPFS): framework-agnostic checks that throw.

import type { PieceStore, StoreFactory } from '../../src/engine/ports.ts';
import {
  assertEqual,
  assertEqualBytes,
  assertReadsMatch,
  assertRejects,
  bitsOf,
  expectedBytes,
  fail,
  makeLayout,
  multiFileLayout,
  piece,
  rangesToRead,
  seededBytes,
  shuffled,
  torrentBytes,
  withStore,
} from './contract-helpers.ts';

export { assertEqualBytes } from './contract-helpers.ts';

export interface StorageCheck {
  readonly name: string;
  run(factory: StoreFactory): Promise<void>;
}

const MiB = 1024 * 1024;

export const storageChecks: readonly StorageCheck[] = [
  {
    name: 'writes every piece in shuffled order and reads every file back bit-identical',
    async run(factory) {
      const layout = multiFileLayout();
      const data = torrentBytes(layout, 1);
      const expected = expectedBytes(layout, data, shuffled(layout.pieceCount, 1));
      await withStore(factory, layout, async ({ store }) => {
        for (const p of shuffled(layout.pieceCount, 1)) await store.writePiece(p, piece(layout, data, p));
        for (const f of layout.files) {
          const got = await store.read(f.offset, f.length);
          assertEqualBytes(got, expected.subarray(f.offset, f.offset + f.length), `file ${f.name}`);
        }
        assertEqualBytes(await store.read(0, layout.length), expected, 'the whole torrent');
      });
    },
  },
  {
    name: 'reads ranges that straddle file and piece boundaries',
    async run(factory) {
      const layout = multiFileLayout();
      const data = torrentBytes(layout, 2);
      const all = shuffled(layout.pieceCount, 2);
      await withStore(factory, layout, async ({ store }) => {
        for (const p of all) await store.writePiece(p, piece(layout, data, p));
        await assertReadsMatch(store, expectedBytes(layout, data, all), rangesToRead(layout, 2), 'straddling');
      });
    },
  },
  {
    name: 'verified marks held back by a store (flushVerified) are all on disk after a flush and after close',
    async run(factory) {
      const layout = multiFileLayout();
      const data = torrentBytes(layout, 5);
      const first = shuffled(layout.pieceCount, 5).slice(0, 3);
      await withStore(factory, layout, async (t) => {
        for (const p of first) await t.store.writePiece(p, piece(layout, data, p));
        assertEqualBytes(t.store.verifiedPieces(), bitsOf(layout.pieceCount, first), 'bits in memory at once');
        t.store.flushVerified?.();
        t.store.flushVerified?.(); // nothing left: harmless
        await t.reopen();
        assertEqualBytes(t.store.verifiedPieces(), bitsOf(layout.pieceCount, first), 'bits after flush + reopen');
        const all = [...Array(layout.pieceCount).keys()];
        for (const p of all) await t.store.writePiece(p, piece(layout, data, p));
        await t.reopen(); // close flushes what is held
        assertEqualBytes(t.store.verifiedPieces(), bitsOf(layout.pieceCount, all), 'bits after close + reopen');
      });
    },
  },
  {
    name: 'a read into a reused buffer gives what a fresh read gives: zeros for pads and never-written ranges',
    async run(factory) {
      const layout = multiFileLayout();
      const data = torrentBytes(layout, 4);
      const written = shuffled(layout.pieceCount, 4).slice(0, Math.ceil(layout.pieceCount / 2));
      const expected = expectedBytes(layout, data, written);
      await withStore(factory, layout, async ({ store }) => {
        for (const p of written) await store.writePiece(p, piece(layout, data, p));
        for (let p = 0; p < layout.pieceCount; p++) {
          const offset = p * layout.pieceLength;
          const length = Math.min(layout.pieceLength, layout.length - offset);
          const junk = new Uint8Array(length).fill(0xa5); // an older piece's bytes
          const got = await store.read(offset, length, junk);
          assertEqualBytes(got, expected.subarray(offset, offset + length), `piece ${p} read into a reused buffer`);
        }
      });
    },
  },
  {
    name: 'pad ranges read as zeros even when the written piece carried junk there',
    async run(factory) {
      const layout = multiFileLayout();
      const pad = layout.files.find((f) => f.pad)!;
      const data = torrentBytes(layout, 3);
      if (data.subarray(pad.offset, pad.offset + pad.length).every((b) => b === 0)) throw new Error('test data has no junk in the pad');
      await withStore(factory, layout, async (t) => {
        await t.store.writePiece(1, piece(layout, data, 1));
        assertEqualBytes(await t.store.read(pad.offset, pad.length), new Uint8Array(pad.length), 'the pad file');
        await t.reopen();
        assertEqualBytes(await t.store.read(pad.offset, pad.length), new Uint8Array(pad.length), 'the pad file after reopen');
        const before = pad.offset - 10;
        assertEqualBytes(await t.store.read(before, 20), expectedBytes(layout, data, [1]).subarray(before, before + 20), 'into the pad');
      });
    },
  },
  {
    name: 'never-written ranges read as zeros, also right next to written ones',
    async run(factory) {
      const layout = multiFileLayout();
      const data = torrentBytes(layout, 4);
      const expected = expectedBytes(layout, data, [0, 3]);
      await withStore(factory, layout, async ({ store }) => {
        assertEqualBytes(await store.read(0, layout.length), new Uint8Array(layout.length), 'an untouched torrent');
        await store.writePiece(3, piece(layout, data, 3));
        await store.writePiece(0, piece(layout, data, 0));
        await assertReadsMatch(store, expected, rangesToRead(layout, 4), 'partly written');
        assertEqualBytes(await store.read(4096, 1), new Uint8Array(1), 'the unwritten 1-byte last piece');
      });
    },
  },
  {
    name: 'verifiedPieces after close and reopen lists exactly the written pieces',
    async run(factory) {
      const layout = multiFileLayout();
      const data = torrentBytes(layout, 5);
      const written = [4, 0, 2];
      await withStore(factory, layout, async (t) => {
        assertEqualBytes(t.store.verifiedPieces(), bitsOf(layout.pieceCount, []), 'bits of a new torrent');
        for (const p of written) await t.store.writePiece(p, piece(layout, data, p));
        assertEqualBytes(t.store.verifiedPieces(), bitsOf(layout.pieceCount, written), 'bits before close');
        await t.reopen();
        assertEqualBytes(t.store.verifiedPieces(), bitsOf(layout.pieceCount, written), 'bits after reopen');
        assertEqualBytes(await t.store.read(0, layout.length), expectedBytes(layout, data, written), 'data after reopen');
      });
    },
  },
  {
    name: 'forgetPiece clears the bit, the cleared bit persists, and a rewrite after it reads the new bytes',
    async run(factory) {
      const layout = multiFileLayout();
      const data = torrentBytes(layout, 6);
      const all = [0, 1, 2, 3, 4];
      await withStore(factory, layout, async (t) => {
        for (const p of all) await t.store.writePiece(p, piece(layout, data, p));
        await t.store.forgetPiece(2);
        await t.store.forgetPiece(2); // twice is harmless
        assertEqualBytes(t.store.verifiedPieces(), bitsOf(layout.pieceCount, [0, 1, 3, 4]), 'bits after forget');
        await t.reopen();
        assertEqualBytes(t.store.verifiedPieces(), bitsOf(layout.pieceCount, [0, 1, 3, 4]), 'bits after forget + reopen');
        const fresh = seededBytes(layout.pieceLength, 66);
        await t.store.writePiece(2, fresh);
        const want = expectedBytes(layout, data, all);
        want.set(fresh, 2 * layout.pieceLength);
        assertEqualBytes(await t.store.read(2048, 1024), want.subarray(2048, 3072), 'the rewritten piece');
        await t.reopen();
        assertEqualBytes(t.store.verifiedPieces(), bitsOf(layout.pieceCount, all), 'bits after rewrite + reopen');
        assertEqualBytes(await t.store.read(0, layout.length), want, 'the torrent after rewrite + reopen');
      });
    },
  },
  {
    name: 'destroy removes the data: a reopened store has no pieces and reads zeros',
    async run(factory) {
      const layout = multiFileLayout();
      const data = torrentBytes(layout, 7);
      const store = await factory.open(layout);
      for (let p = 0; p < layout.pieceCount; p++) await store.writePiece(p, piece(layout, data, p));
      await store.destroy();
      await withStore(factory, layout, async ({ store: again }) => {
        assertEqualBytes(again.verifiedPieces(), bitsOf(layout.pieceCount, []), 'bits after destroy');
        assertEqualBytes(await again.read(0, layout.length), new Uint8Array(layout.length), 'data after destroy');
      });
    },
  },
  {
    name: 'factory.remove deletes a closed torrent, and removing an unknown torrent is a no-op',
    async run(factory) {
      const layout = multiFileLayout();
      const data = torrentBytes(layout, 8);
      const store = await factory.open(layout);
      await store.writePiece(0, piece(layout, data, 0));
      await store.close();
      await factory.remove(layout.infoHashHex);
      await factory.remove(multiFileLayout().infoHashHex);
      await withStore(factory, layout, async ({ store: again }) => {
        assertEqualBytes(again.verifiedPieces(), bitsOf(layout.pieceCount, []), 'bits after remove');
        assertEqualBytes(await again.read(0, 1024), new Uint8Array(1024), 'data after remove');
      });
    },
  },
  {
    name: 'prepare (a magnet fetching metadata) then open: the store keeps what an earlier session wrote and works as usual',
    async run(factory) {
      const layout = multiFileLayout();
      const data = torrentBytes(layout, 12);
      const first = await factory.open(layout);
      await first.writePiece(1, piece(layout, data, 1));
      await first.close();
      factory.prepare?.(layout.infoHashHex);
      factory.prepare?.(layout.infoHashHex); // twice is harmless
      await withStore(factory, layout, async ({ store }) => {
        assertEqualBytes(store.verifiedPieces(), bitsOf(layout.pieceCount, [1]), 'bits after prepare + open');
        await store.writePiece(0, piece(layout, data, 0));
        assertEqualBytes(await store.read(0, layout.pieceLength), piece(layout, data, 0), 'piece 0');
      });
    },
  },
  {
    name: 'prepare then release (the magnet left before its metadata) leaves nothing behind, and the torrent opens again later',
    async run(factory) {
      const layout = multiFileLayout();
      factory.prepare?.(layout.infoHashHex);
      await factory.release?.(layout.infoHashHex);
      await factory.release?.(layout.infoHashHex); // nothing prepared: a no-op
      factory.prepare?.(layout.infoHashHex);
      await factory.remove(layout.infoHashHex); // removing a prepared torrent lets go of it first
      await withStore(factory, layout, async ({ store }) => {
        assertEqualBytes(store.verifiedPieces(), bitsOf(layout.pieceCount, []), 'bits of a fresh open');
      });
    },
  },
  {
    name: 'out-of-range reads and malformed writes reject with STORAGE_OUT_OF_RANGE',
    async run(factory) {
      const layout = multiFileLayout();
      await withStore(factory, layout, async ({ store }) => {
        const L = layout.length;
        await assertRejects(store.read(-1, 1), 'STORAGE_OUT_OF_RANGE', 'read(-1, 1)');
        await assertRejects(store.read(L - 1, 2), 'STORAGE_OUT_OF_RANGE', `read(${L - 1}, 2)`);
        await assertRejects(store.read(L + 1, 0), 'STORAGE_OUT_OF_RANGE', `read(${L + 1}, 0)`);
        await assertRejects(store.read(0, -1), 'STORAGE_OUT_OF_RANGE', 'read(0, -1)');
        await assertRejects(store.read(0.5, 1), 'STORAGE_OUT_OF_RANGE', 'read(0.5, 1)');
        await assertRejects(store.writePiece(5, new Uint8Array(1)), 'STORAGE_OUT_OF_RANGE', 'writePiece(5) of 5 pieces');
        await assertRejects(store.writePiece(-1, new Uint8Array(1024)), 'STORAGE_OUT_OF_RANGE', 'writePiece(-1)');
        await assertRejects(store.writePiece(0, new Uint8Array(1023)), 'STORAGE_OUT_OF_RANGE', 'a short piece 0');
        await assertRejects(store.writePiece(4, new Uint8Array(2)), 'STORAGE_OUT_OF_RANGE', 'a long last piece');
        await assertRejects(store.forgetPiece(5), 'STORAGE_OUT_OF_RANGE', 'forgetPiece(5)');
        assertEqualBytes(store.verifiedPieces(), bitsOf(layout.pieceCount, []), 'bits after rejected writes');
        assertEqualBytes(await store.read(L, 0), new Uint8Array(0), 'an empty read at the end');
      });
    },
  },
  {
    name: 'two torrents in one factory do not interfere',
    async run(factory) {
      const a = multiFileLayout();
      const b = multiFileLayout();
      const da = torrentBytes(a, 9);
      const db = torrentBytes(b, 10);
      await withStore(factory, b, async (tb) => {
        const sa = await factory.open(a);
        for (const p of shuffled(a.pieceCount, 9)) {
          await sa.writePiece(p, piece(a, da, p));
          if (p !== 1) await tb.store.writePiece(p, piece(b, db, p));
        }
        assertEqualBytes(sa.verifiedPieces(), bitsOf(5, [0, 1, 2, 3, 4]), 'bits of A');
        assertEqualBytes(tb.store.verifiedPieces(), bitsOf(5, [0, 2, 3, 4]), 'bits of B');
        assertEqualBytes(await sa.read(0, a.length), expectedBytes(a, da, [0, 1, 2, 3, 4]), 'data of A');
        await sa.destroy();
        await tb.reopen();
        assertEqualBytes(tb.store.verifiedPieces(), bitsOf(5, [0, 2, 3, 4]), 'bits of B after A was destroyed');
        assertEqualBytes(await tb.store.read(0, b.length), expectedBytes(b, db, [0, 2, 3, 4]), 'data of B after A was destroyed');
      });
    },
  },
  {
    name: 'a 4 MiB piece round-trips, also read across the piece boundary',
    async run(factory) {
      const layout = makeLayout(4 * MiB, [
        { path: 'movie.mkv', length: 4 * MiB + 1000 },
        { path: 'movie.srt', length: 4 * MiB + 3 - 1000 },
      ]);
      const data = torrentBytes(layout, 11);
      await withStore(factory, layout, async (t) => {
        for (const p of [2, 0, 1]) await t.store.writePiece(p, piece(layout, data, p));
        await t.reopen();
        assertEqualBytes(t.store.verifiedPieces(), bitsOf(3, [0, 1, 2]), 'bits');
        assertEqualBytes(await t.store.read(0, 4 * MiB), data.subarray(0, 4 * MiB), 'piece 0');
        assertEqualBytes(await t.store.read(4 * MiB - 16384, 32768), data.subarray(4 * MiB - 16384, 4 * MiB + 16384), 'across pieces 0/1');
        assertEqualBytes(await t.store.read(4 * MiB + 900, 200), data.subarray(4 * MiB + 900, 4 * MiB + 1100), 'across the files');
        assertEqualBytes(await t.store.read(8 * MiB, 3), data.subarray(8 * MiB), 'the 3-byte last piece');
      });
    },
  },
  {
    name: 'concurrent writePiece calls all land and are all marked after reopen',
    async run(factory) {
      // 40 pieces of 1000 bytes over files of 333 bytes: neighbours share files, so handles open concurrently.
      const layout = makeLayout(
        1000,
        Array.from({ length: 120 }, (_, i) => ({ path: `f/${i}`, length: 333 + (i === 119 ? 40 : 0) })),
      );
      const data = torrentBytes(layout, 12);
      const all = shuffled(layout.pieceCount, 12);
      await withStore(factory, layout, async (t) => {
        const pending = all.map((p) => t.store.writePiece(p, piece(layout, data, p)));
        // Reads racing the writes must not break them (nor a lazily opened file).
        const reads = all.slice(0, 10).map((p) => t.store.read(p * 1000, 10));
        await Promise.all([...pending, ...reads]);
        assertEqualBytes(t.store.verifiedPieces(), bitsOf(layout.pieceCount, all), 'bits after concurrent writes');
        await t.reopen();
        assertEqualBytes(t.store.verifiedPieces(), bitsOf(layout.pieceCount, all), 'bits after reopen');
        assertEqualBytes(await t.store.read(0, layout.length), data, 'data after reopen');
      });
    },
  },
  {
    name: 'the store keeps no reference to the caller buffer, and verifiedPieces returns a copy',
    async run(factory) {
      const layout = multiFileLayout();
      const data = torrentBytes(layout, 13);
      const original = data.slice();
      await withStore(factory, layout, async ({ store }) => {
        await store.writePiece(0, piece(layout, data, 0));
        data.fill(0xee, 0, 1024);
        assertEqualBytes(await store.read(0, 1024), original.subarray(0, 1024), 'piece 0 after the caller reused its buffer');
        store.verifiedPieces().fill(0xff);
        assertEqualBytes(store.verifiedPieces(), bitsOf(layout.pieceCount, [0]), 'bits after mutating a returned copy');
      });
    },
  },
  {
    name: 'after close, read, writePiece and forgetPiece reject with STORAGE_UNAVAILABLE; close twice is harmless',
    async run(factory) {
      const layout = multiFileLayout();
      const data = torrentBytes(layout, 14);
      await withStore(factory, layout, async (t) => {
        await t.store.writePiece(0, piece(layout, data, 0));
        await t.store.close();
        await t.store.close();
        await assertRejects(t.store.read(0, 1), 'STORAGE_UNAVAILABLE', 'read after close');
        await assertRejects(t.store.writePiece(1, piece(layout, data, 1)), 'STORAGE_UNAVAILABLE', 'writePiece after close');
        await assertRejects(t.store.forgetPiece(0), 'STORAGE_UNAVAILABLE', 'forgetPiece after close');
        t.store = await t.factory.open(layout);
        assertEqualBytes(t.store.verifiedPieces(), bitsOf(layout.pieceCount, [0]), 'bits after close + reopen');
      });
    },
  },
  {
    name: 'kept blocks of unverified pieces survive a reopen; writePiece, forgetBlocks and destroy drop them',
    async run(factory) {
      const BLOCK = 16384;
      // 64 KiB pieces of four blocks; the last piece is two blocks, the second one short; a file ends mid-block.
      const layout = makeLayout(4 * BLOCK, [
        { path: 'a.bin', length: 40000 },
        { path: 'b/c.bin', length: 2 * 4 * BLOCK + 20000 - 40000 },
      ]);
      const data = torrentBytes(layout, 12);
      const block = (index: number, begin: number): Uint8Array => {
        const start = index * layout.pieceLength + begin;
        return data.subarray(start, Math.min(start + BLOCK, layout.length, (index + 1) * layout.pieceLength));
      };
      const keptOf = (index: number, size: number, begins: readonly number[]): Uint8Array => {
        const out = new Uint8Array(size);
        for (const b of begins) out.set(block(index, b), b);
        return out;
      };
      const list = async (store: PieceStore): Promise<string> => {
        if (!store.keptBlocks) fail('the store keeps no blocks (writeBlock, keptBlocks, keptPiece, forgetBlocks)');
        const kept = await store.keptBlocks();
        return [...kept].map(([i, begins]) => `${i}:${[...begins].sort((x, y) => x - y).join(',')}`).sort().join(' ');
      };
      await withStore(factory, layout, async (t) => {
        const s = t.store;
        if (!s.writeBlock || !s.keptPiece || !s.forgetBlocks) fail('the store keeps no blocks (writeBlock, keptPiece, forgetBlocks)');
        await Promise.all([
          s.writeBlock(1, 0, block(1, 0)),
          s.writeBlock(1, 2 * BLOCK, block(1, 2 * BLOCK)),
          s.writeBlock(2, BLOCK, block(2, BLOCK)),
          s.writeBlock(0, BLOCK, block(0, BLOCK)),
        ]);
        assertEqual(await list(s), '0:16384 1:0,32768 2:16384', 'kept blocks before piece 0 is written');
        // Piece 0 verifies: its kept block is part of it now, and a late block of a verified piece is not kept.
        await s.writePiece(0, piece(layout, data, 0));
        await s.writeBlock(0, 2 * BLOCK, block(0, 2 * BLOCK));
        assertEqual(await list(s), '1:0,32768 2:16384', 'kept blocks after piece 0 is written');
        for (let round = 0; round < 2; round++) {
          await t.reopen();
          assertEqual(await list(t.store), '1:0,32768 2:16384', `kept blocks after reopen ${round + 1}`);
          assertEqualBytes(await t.store.keptPiece!(1, layout.pieceLength), keptOf(1, layout.pieceLength, [0, 2 * BLOCK]), 'piece 1 kept');
          assertEqualBytes(await t.store.keptPiece!(2, 20000), keptOf(2, 20000, [BLOCK]), 'the short last piece kept');
          assertEqualBytes(t.store.verifiedPieces(), bitsOf(layout.pieceCount, [0]), 'kept blocks are not verified pieces');
        }
        // Piece 1 failed its hash: its blocks go; piece 2 verifies.
        await t.store.forgetBlocks!(1);
        await t.store.writePiece(2, piece(layout, data, 2));
        assertEqual(await list(t.store), '', 'kept blocks after forgetBlocks and writePiece');
        await t.reopen();
        assertEqual(await list(t.store), '', 'kept blocks after forgetBlocks, writePiece and reopen');
        // Only verified pieces are compared: an in-place store may read kept bytes of others (gated above it).
        const want = expectedBytes(layout, data, [0, 2]);
        assertEqualBytes(await t.store.read(0, layout.pieceLength), want.subarray(0, layout.pieceLength), 'verified piece 0');
        assertEqualBytes(await t.store.read(2 * layout.pieceLength, 20000), want.subarray(2 * layout.pieceLength), 'verified piece 2');
        // Destroying the torrent deletes its kept blocks too.
        await t.store.writeBlock!(1, BLOCK, block(1, BLOCK));
        await t.store.destroy();
        t.store = await factory.open(layout);
        assertEqual(await list(t.store), '', 'kept blocks after destroy');
      });
    },
  },
  {
    name: 'a zero-length torrent opens, has an empty bitfield and reads zero bytes',
    async run(factory) {
      const layout = makeLayout(16384, [{ path: 'empty', length: 0 }]);
      assertEqual(layout.pieceCount, 0, 'piece count');
      await withStore(factory, layout, async (t) => {
        assertEqual(t.store.verifiedPieces().length, 0, 'bitfield length');
        assertEqual((await t.store.read(0, 0)).length, 0, 'read(0, 0) length');
        await assertRejects(t.store.read(0, 1), 'STORAGE_OUT_OF_RANGE', 'read(0, 1)');
        await t.reopen();
        assertEqual(t.store.verifiedPieces().length, 0, 'bitfield length after reopen');
      });
    },
  },
];

// Checking data against a torrent's piece hashes: the user's own files (bring your own data: matching pieces are
// stored and kept, the rest is downloaded) and a force recheck of what is stored (bad pieces are dropped).

import { fileSpans } from '../../engine/metainfo/file-map.ts';
import { MAX_READ } from '../../engine/metainfo/create.ts';
import type { Metainfo } from '../../engine/metainfo/types.ts';
import type { Hasher } from '../../engine/ports.ts';
import { verifyPiece } from '../../engine/verify.ts';
import type { SeedInput } from '../protocol.ts';
import { matchFiles } from './match-files.ts';
import { readFileRange } from './seed-job.ts';

/** What a check needs of a torrent (engine/torrent.ts has it). */
export interface CheckTarget {
  readonly metainfo: Metainfo | null;
  readonly haveBitfield: { get(index: number): boolean } | null;
  read(offset: number, length: number): Promise<Uint8Array>;
  adoptPiece(index: number, data: Uint8Array): Promise<void>;
  dropPiece(index: number): Promise<void>;
}

export interface CheckResult {
  readonly pieces: number;
  /** Pieces verified after the check (the user's matching pieces plus any already stored). */
  readonly verified: number;
  /** Pieces that were read and failed their hash (corrupt or different data). */
  readonly failed: number;
  /** Files of the torrent (pad files aside) that had a user file to check against. */
  readonly filesMatched: number;
  /** User files that matched no file of the torrent. */
  readonly filesUnused: number;
}

export interface CheckOptions {
  readonly hasher: Hasher;
  onProgress(done: number, total: number): void;
  readonly signal: { readonly aborted: boolean };
}

/** A byte source per torrent file (index = file index); null where the user gave nothing. */
type Sources = readonly (((offset: number, length: number) => Promise<Uint8Array>) | null)[];

/**
 * Reads piece `index` from the user's files, across file boundaries; pad files are zeros and never asked for. Null
 * when a byte of the piece has no source (a file not given, or given shorter than the torrent says).
 */
export async function readGivenPiece(meta: Metainfo, index: number, sources: Sources, sizes: readonly number[]): Promise<Uint8Array | null> {
  const offset = index * meta.pieceLength;
  const size = Math.min(meta.pieceLength, meta.length - offset);
  const spans = fileSpans(meta.files, offset, size);
  for (const s of spans) {
    if (s.pad) continue;
    if (!sources[s.fileIndex] || s.fileOffset + s.length > sizes[s.fileIndex]!) return null;
  }
  const piece = new Uint8Array(size);
  await Promise.all(
    spans.filter((s) => !s.pad).map(async (s) => piece.set(await sources[s.fileIndex]!(s.fileOffset, s.length), s.rangeOffset)),
  );
  return piece;
}

/** Runs `work` over the pieces in batches of about MAX_READ bytes (read and hashed concurrently, applied in order). */
async function inBatches(
  meta: Metainfo,
  indexes: readonly number[],
  o: CheckOptions,
  work: (index: number) => Promise<{ index: number; data: Uint8Array | null; ok: boolean } | null>,
  apply: (r: { index: number; data: Uint8Array | null; ok: boolean }) => Promise<void>,
): Promise<void> {
  const perBatch = Math.max(1, Math.floor(MAX_READ / meta.pieceLength));
  o.onProgress(0, meta.pieceCount);
  const skipped = meta.pieceCount - indexes.length;
  for (let first = 0; first < indexes.length; first += perBatch) {
    if (o.signal.aborted) return;
    const results = await Promise.all(indexes.slice(first, first + perBatch).map(work));
    for (const r of results) if (r && !o.signal.aborted) await apply(r);
    o.onProgress(skipped + Math.min(first + perBatch, indexes.length), meta.pieceCount);
  }
}

/** Bring your own data: matches the user's files to the torrent's, hashes every piece they cover, keeps the good ones. */
export async function checkGivenFiles(t: CheckTarget, inputs: readonly SeedInput[], o: CheckOptions): Promise<CheckResult> {
  const meta = t.metainfo!;
  const match = matchFiles(meta, inputs.map((i) => ({ path: i.path, size: i.file.size })));
  const sources: Sources = match.byFile.map((gi) => (gi < 0 ? null : (offset, length) => readFileRange(inputs[gi]!.file, offset, length)));
  const sizes = match.byFile.map((gi) => (gi < 0 ? 0 : inputs[gi]!.file.size));
  const todo: number[] = [];
  for (let i = 0; i < meta.pieceCount; i++) if (!t.haveBitfield?.get(i)) todo.push(i);
  let failed = 0;
  await inBatches(
    meta,
    todo,
    o,
    async (index) => {
      const data = await readGivenPiece(meta, index, sources, sizes);
      return data ? { index, data, ok: await verifyPiece(o.hasher, meta.pieceHashes, index, data) } : null;
    },
    async ({ index, data, ok }) => {
      if (ok) await t.adoptPiece(index, data!);
      else failed++;
    },
  );
  return result(t, meta, failed, match.byFile.filter((g) => g >= 0).length, match.unused.length);
}

/** Force recheck: hashes every stored piece again and drops those that fail (they are downloaded again). */
export async function recheckStored(t: CheckTarget, o: CheckOptions): Promise<CheckResult> {
  const meta = t.metainfo!;
  const todo: number[] = [];
  for (let i = 0; i < meta.pieceCount; i++) if (t.haveBitfield?.get(i)) todo.push(i);
  let failed = 0;
  await inBatches(
    meta,
    todo,
    o,
    async (index) => {
      const offset = index * meta.pieceLength;
      const data = await t.read(offset, Math.min(meta.pieceLength, meta.length - offset));
      return { index, data: null, ok: await verifyPiece(o.hasher, meta.pieceHashes, index, data) };
    },
    async ({ index, ok }) => {
      if (ok) return;
      failed++;
      await t.dropPiece(index);
    },
  );
  return result(t, meta, failed, 0, 0);
}

function result(t: CheckTarget, meta: Metainfo, failed: number, filesMatched: number, filesUnused: number): CheckResult {
  let verified = 0;
  for (let i = 0; i < meta.pieceCount; i++) if (t.haveBitfield?.get(i)) verified++;
  return { pieces: meta.pieceCount, verified, failed, filesMatched, filesUnused };
}

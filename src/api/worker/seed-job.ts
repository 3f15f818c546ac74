// Sharing dropped files: hash them into a torrent and copy each piece into storage in the same pass, so seeding
// starts when hashing ends and survives a reload without the original File objects.

import { randomBytes, toHex } from '../../engine/bytes.ts';
import { createTorrent, type AbortSignalLike, type CreateFileInput } from '../../engine/metainfo/create.ts';
import { autoPieceLength } from '../../engine/metainfo/piece-length.ts';
import type { Metainfo, TorrentFile } from '../../engine/metainfo/types.ts';
import type { Hasher, StoreFactory } from '../../engine/ports.ts';
import type { CreateOptions, SeedInput } from '../protocol.ts';
import { ReadBuffers, sequentialFileReader } from './file-reader.ts';
import { markSeedTiming, SeedTimer } from './seed-timing.ts';

export interface SeedResult {
  readonly meta: Metainfo;
  readonly torrentBytes: Uint8Array;
  /** Where the pieces were written (the info hash is only known at the end). */
  readonly storageId: string;
}

export { readFileRange } from './file-reader.ts';

/**
 * The files in one canonical order (path components compared by code point), whatever order a picker or a drop
 * listed them in: the same folder shared twice must give the same info hash, and so the same torrent.
 */
export function canonicalOrder(inputs: readonly SeedInput[]): SeedInput[] {
  const cmp = (a: readonly string[], b: readonly string[]): number => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
    return a.length - b.length;
  };
  return [...inputs].sort((a, b) => cmp(a.path, b.path));
}

/** Torrent name and in-torrent paths: a dropped folder names the torrent; loose files keep their own names. */
export function planNames(inputs: readonly SeedInput[], name?: string): { name: string; paths: string[][]; singleFile: boolean } {
  const first = inputs[0]!.path;
  const top = first.length > 1 ? first[0]! : null;
  if (top !== null && inputs.every((i) => i.path.length > 1 && i.path[0] === top)) {
    return { name: name ?? top, paths: inputs.map((i) => i.path.slice(1)), singleFile: false };
  }
  if (inputs.length === 1) {
    const fileName = first[first.length - 1]!;
    return { name: name ?? fileName, paths: [[name ?? fileName]], singleFile: true };
  }
  return { name: name ?? `${first[first.length - 1]} +${inputs.length - 1}`, paths: inputs.map((i) => [...i.path]), singleFile: false };
}

export async function createSeed(
  given: readonly SeedInput[],
  options: CreateOptions,
  deps: { hasher: Hasher; storeFactory: StoreFactory; createdBy: string },
  onProgress: (done: number, total: number) => void,
  signal: AbortSignalLike,
): Promise<SeedResult> {
  const timer = new SeedTimer(() => performance.now());
  const inputs = canonicalOrder(given);
  const { name, paths, singleFile } = planNames(inputs, options.name);
  const buffers = new ReadBuffers();
  const readers = inputs.map((input) => sequentialFileReader(input.file, buffers));
  const files: CreateFileInput[] = inputs.map((input, i) => ({
    path: paths[i]!,
    length: input.file.size,
    read: (offset, length) => timer.timed('readMs', () => readers[i]!.read(offset, length)),
  }));
  const total = files.reduce((n, f) => n + f.length, 0);
  const pieceLength = options.pieceLength ?? autoPieceLength(total);
  const storageId = toHex(randomBytes(20));
  // The layout the store needs is the torrent's v1 layout; created torrents have no pad files.
  let offset = 0;
  const layoutFiles: TorrentFile[] = files.map((f) => {
    const file: TorrentFile = { path: [...f.path], safePath: [...f.path], name: f.path.join('/'), length: f.length, offset, pad: false, attr: '' };
    offset += f.length;
    return file;
  });
  const store = await deps.storeFactory.open({
    infoHashHex: storageId,
    pieceLength,
    pieceCount: Math.ceil(total / pieceLength),
    length: total,
    files: layoutFiles,
  });
  try {
    const { metainfo, torrentBytes } = await createTorrent(
      {
        name,
        files,
        pieceLength,
        singleFile,
        announce: options.trackers ?? [],
        ...(options.webSeeds?.length ? { urlList: options.webSeeds } : {}),
        ...(options.comment ? { comment: options.comment } : {}),
        ...(options.private ? { private: true } : {}),
        createdBy: deps.createdBy,
        creationDate: Math.floor(Date.now() / 1000),
      },
      timer.hasher(deps.hasher),
      {
        onPiece: (index, piece) => timer.timed('writeMs', () => store.writePiece(index, piece)),
        onProgress,
        signal,
        // Every store is done with a piece when writePiece resolves, so a batch's memory is read into again.
        recycle: (batch) => buffers.give(batch.buffer as ArrayBuffer),
      },
    );
    await timer.timed('closeMs', () => store.close());
    timer.bytes = total;
    markSeedTiming(timer.result(performance.timeOrigin));
    return { meta: metainfo, torrentBytes, storageId };
  } catch (e) {
    await store.destroy();
    throw e;
  } finally {
    for (const r of readers) r.close();
  }
}

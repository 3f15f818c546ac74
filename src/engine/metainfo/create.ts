// Creates v1 .torrent files (BEP 3, 12, 19, 27): hashes pieces across file boundaries in one bounded pass.

import { encode } from '../bencode/index.ts';
import type { BEncodable } from '../bencode/index.ts';
import { EngineError } from '../errors.ts';
import type { Hasher } from '../ports.ts';
import { MAX_PIECE_LENGTH, parseTorrent } from './metainfo.ts';
import { autoPieceLength, isPowerOfTwo } from './piece-length.ts';
import type { Metainfo } from './types.ts';

/** Reads larger than this are split: a file source (OPFS, File.slice) should never need to hold more at once. */
export const MAX_READ = 4 * 1024 * 1024;
/** BEP 52 and common clients expect at least one 16 KiB block per piece. */
export const MIN_PIECE_LENGTH = 16 * 1024;

export interface CreateFileInput {
  /** Path inside the torrent's folder (for a single-file torrent, just the file name). */
  readonly path: readonly string[];
  readonly length: number;
  /** Must resolve to exactly `length` bytes starting at `offset` of this file, in a buffer no one else writes (until `recycle` hands it back). */
  read(offset: number, length: number): Promise<Uint8Array>;
}

export interface CreateTorrentInput {
  readonly name: string;
  /** In torrent order (kept as given). */
  readonly files: readonly CreateFileInput[];
  /** A power of two in [16 KiB, 128 MiB]; default autoPieceLength(total). */
  readonly pieceLength?: number;
  /** Tiers, or a flat list (each URL its own tier). */
  readonly announce?: readonly (readonly string[])[] | readonly string[];
  readonly urlList?: readonly string[];
  readonly comment?: string;
  readonly private?: boolean;
  readonly createdBy?: string;
  /** Seconds since the epoch; omitted when absent (the engine keeps no clock of its own). */
  readonly creationDate?: number;
  /**
   * true: a single-file torrent (`length` in info; needs exactly one file). false: always a folder (`files`).
   * Default: single-file when there is one file whose path is just [name].
   */
  readonly singleFile?: boolean;
}

/** `{ aborted }` as AbortSignal has it; `reason` is thrown when set. */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
}

export interface CreateTorrentOptions {
  /**
   * Each piece as it is read, in order, while its hash is being computed: lets a caller store while creating.
   * Awaited before the next piece is handed over. The buffer is the caller's to keep, unless `recycle` is given:
   * then onPiece must be done with it when it resolves (as PieceStore.writePiece is).
   */
  onPiece?(index: number, piece: Uint8Array): void | Promise<void>;
  onProgress?(bytesDone: number, bytesTotal: number): void;
  signal?: AbortSignalLike;
  /**
   * A batch read from the files (a whole buffer of the caller's `read`) whose pieces were handed over and hashed:
   * nothing here holds it any more, so its memory may be read into again (fresh memory costs page faults).
   */
  recycle?(batch: Uint8Array): void;
}

function badInput(code: 'METAINFO_BAD_FIELD' | 'METAINFO_BAD_PATH' | 'TORRENT_NO_FILES', message: string, details = {}): never {
  throw new EngineError(code, message, details);
}

function checkAbort(signal: AbortSignalLike | undefined): void {
  if (!signal?.aborted) return;
  if (signal.reason !== undefined) throw signal.reason;
  const e = new Error('Creating the torrent was cancelled.');
  e.name = 'AbortError';
  throw e;
}

function validate(input: CreateTorrentInput): { total: number; single: boolean } {
  if (typeof input.name !== 'string' || input.name.trim() === '') {
    badInput('METAINFO_BAD_FIELD', 'A torrent needs a name.', { field: 'name' });
  }
  if (input.files.length === 0) badInput('TORRENT_NO_FILES', 'A torrent needs at least one file.');
  let total = 0;
  const seen = new Set<string>();
  input.files.forEach((f, i) => {
    if (f.path.length === 0) badInput('METAINFO_BAD_PATH', `File ${i + 1} has no path.`, { index: i });
    for (const c of f.path) {
      // Separators inside a component would be read as folders by some clients and as literal names by others.
      if (c === '' || c === '.' || c === '..' || /[/\\\u0000]/.test(c)) {
        badInput('METAINFO_BAD_PATH', `File ${i + 1} has an invalid name "${c}" in its path.`, { index: i });
      }
    }
    const key = f.path.join('\u0000');
    if (seen.has(key)) badInput('METAINFO_BAD_PATH', `Two files have the same path "${f.path.join('/')}".`, { index: i });
    seen.add(key);
    if (!Number.isSafeInteger(f.length) || f.length < 0) {
      badInput('METAINFO_BAD_FIELD', `File ${i + 1} has an invalid length.`, { field: 'length', index: i });
    }
    total += f.length;
  });
  if (!Number.isSafeInteger(total)) badInput('METAINFO_BAD_FIELD', 'The files are too large in total.', { field: 'length' });
  if (total === 0) badInput('METAINFO_BAD_FIELD', 'A torrent needs some data: every file is empty.', { field: 'length' });
  const only = input.files.length === 1 ? input.files[0]! : null;
  const auto = only !== null && only.path.length === 1 && only.path[0] === input.name;
  const single = input.singleFile ?? auto;
  if (single && !only) {
    badInput('METAINFO_BAD_FIELD', 'A single-file torrent must have exactly one file.', { files: input.files.length });
  }
  return { total, single };
}

/**
 * Hashes the input's bytes and builds the .torrent. One piece buffer is alive at a time and reads are at most
 * MAX_READ bytes. The returned metainfo is the result of parsing the produced bytes, so both always agree.
 */
export async function createTorrent(
  input: CreateTorrentInput,
  hasher: Hasher,
  opts: CreateTorrentOptions = {},
): Promise<{ torrentBytes: Uint8Array; metainfo: Metainfo }> {
  const { total, single } = validate(input);
  const pieceLength = input.pieceLength ?? autoPieceLength(total);
  if (!isPowerOfTwo(pieceLength) || pieceLength < MIN_PIECE_LENGTH || pieceLength > MAX_PIECE_LENGTH) {
    badInput('METAINFO_BAD_FIELD', 'The piece length must be a power of two from 16 KiB to 128 MiB.', {
      field: 'piece length',
      value: pieceLength,
    });
  }
  if (input.creationDate !== undefined && !Number.isSafeInteger(input.creationDate)) {
    badInput('METAINFO_BAD_FIELD', 'The creation date must be whole seconds since 1970.', { field: 'creation date' });
  }

  const pieces = await hashPieces(input.files, total, pieceLength, hasher, opts);

  const info: Record<string, BEncodable> = {
    name: input.name,
    'piece length': pieceLength,
    pieces,
  };
  if (single) info['length'] = total;
  else info['files'] = input.files.map((f) => ({ length: f.length, path: [...f.path] }));
  if (input.private) info['private'] = 1;

  const root: Record<string, BEncodable> = { info };
  const tiers = announceTiers(input.announce ?? []);
  if (tiers.length > 0) {
    root['announce'] = tiers[0]![0]!;
    if (tiers.length > 1 || tiers[0]!.length > 1) root['announce-list'] = tiers;
  }
  const urls = [...new Set((input.urlList ?? []).map((u) => u.trim()).filter((u) => u !== ''))];
  if (urls.length > 0) root['url-list'] = urls;
  if (input.comment !== undefined && input.comment !== '') root['comment'] = input.comment;
  if (input.createdBy !== undefined && input.createdBy !== '') root['created by'] = input.createdBy;
  if (input.creationDate !== undefined) root['creation date'] = input.creationDate;

  // encode sorts every dict's keys, so `info` is canonical and its hash stable across runs.
  const torrentBytes = encode(root);
  const metainfo = await parseTorrent(torrentBytes, hasher);
  return { torrentBytes, metainfo };
}

function announceTiers(announce: readonly (readonly string[])[] | readonly string[]): string[][] {
  const seen = new Set<string>();
  const tiers: string[][] = [];
  for (const t of announce) {
    const tier = (typeof t === 'string' ? [t] : t).map((u) => u.trim()).filter((u) => u !== '' && !seen.has(u) && Boolean(seen.add(u)));
    if (tier.length > 0) tiers.push(tier);
  }
  return tiers;
}

/**
 * Reads the files back to back in batches of whole pieces (about MAX_READ bytes) and returns the concatenated
 * SHA-1s. Three things overlap: the next batch is read while the current one's pieces are handed to onPiece (a
 * store writes them meanwhile) and hashed (crypto.subtle hashes off this thread); a batch's hashes are awaited only
 * after the next batch was handed over, so hashing never holds up the reads and writes. At most three batches are
 * in memory (being read, being written, being hashed).
 */
async function hashPieces(
  files: readonly CreateFileInput[],
  total: number,
  pieceLength: number,
  hasher: Hasher,
  opts: CreateTorrentOptions,
): Promise<Uint8Array> {
  const pieceCount = Math.ceil(total / pieceLength);
  const hashes = new Uint8Array(pieceCount * 20);
  const piecesPerBatch = Math.max(1, Math.floor(MAX_READ / pieceLength));
  const reader = sequentialReader(files);
  const readBatch = (first: number): Promise<Uint8Array> => {
    const start = first * pieceLength;
    return reader(start, Math.min(piecesPerBatch * pieceLength, total - start));
  };
  let done = 0;
  let next: Promise<Uint8Array> | null = pieceCount > 0 ? readBatch(0) : null;
  /** The previous batch's hashing, still running while this batch is written, and that batch. */
  let hashing: Promise<void> | null = null;
  let hashingBatch: Uint8Array | null = null;
  try {
    for (let first = 0; first < pieceCount; first += piecesPerBatch) {
      checkAbort(opts.signal);
      const batch = await next!;
      const following = first + piecesPerBatch;
      next = following < pieceCount ? readBatch(following) : null;
      // A batch is not written again until it is recycled (after onPiece resolved and its hashes are in).
      const pieces: Uint8Array[] = [];
      for (let o = 0; o < batch.length; o += pieceLength) pieces.push(batch.subarray(o, Math.min(o + pieceLength, batch.length)));
      const batchFirst = first;
      const hashed = Promise.all(pieces.map((piece) => hasher.sha1(piece))).then((digests) => {
        for (let k = 0; k < pieces.length; k++) hashes.set(digests[k]!, (batchFirst + k) * 20);
      });
      // Should onPiece throw, the hashes still in flight must not surface as an unhandled rejection.
      hashed.catch(() => {});
      if (opts.onPiece) {
        for (let k = 0; k < pieces.length; k++) {
          checkAbort(opts.signal);
          await opts.onPiece(first + k, pieces[k]!);
        }
      }
      await hashing;
      if (hashingBatch) opts.recycle?.(hashingBatch);
      hashing = hashed;
      hashingBatch = batch;
      // Progress counts bytes hashed and handed over; it trails by the batch still being hashed.
      if (first > 0) {
        done = first * pieceLength;
        opts.onProgress?.(done, total);
      }
    }
    await hashing;
    if (hashingBatch) opts.recycle?.(hashingBatch);
    if (pieceCount > 0) opts.onProgress?.(total, total);
  } finally {
    // A read or a hash still in flight after an abort or a failure must not surface as an unhandled rejection.
    next?.catch(() => {});
  }
  return hashes;
}

/** Reads consecutive byte ranges of the files laid end to end; calls must ask for increasing, adjacent ranges. */
function sequentialReader(files: readonly CreateFileInput[]): (start: number, length: number) => Promise<Uint8Array> {
  let fileIndex = 0;
  let fileOffset = 0;
  let chain: Promise<unknown> = Promise.resolve();
  return (_start, length) => {
    const run = async (): Promise<Uint8Array> => {
      let out: Uint8Array | null = null;
      let filled = 0;
      while (filled < length) {
        const file = files[fileIndex]!;
        if (fileOffset >= file.length) {
          fileIndex++;
          fileOffset = 0;
          continue;
        }
        const n = Math.min(length - filled, file.length - fileOffset, MAX_READ);
        const chunk = await file.read(fileOffset, n);
        if (chunk.length !== n) {
          throw new EngineError('STORAGE_IO', `Reading "${file.path.join('/')}" gave ${chunk.length} bytes instead of ${n}.`, {
            fileIndex,
            offset: fileOffset,
            expected: n,
            actual: chunk.length,
          });
        }
        fileOffset += n;
        // One chunk that is the whole range is the result itself: no second copy of it.
        if (n === length) return chunk;
        out ??= new Uint8Array(length);
        out.set(chunk, filled);
        filled += n;
      }
      return out ?? new Uint8Array(0);
    };
    // Reads run one after another (the file cursor is shared), each starting when the previous one finished.
    const p = chain.then(run);
    chain = p.catch(() => {});
    return p;
  };
}

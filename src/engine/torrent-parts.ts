// Everything a torrent needs once its metadata is known, built in one place: geometry, storage, the verified
// bitfield, the picker, block assembly, the read cache, and the upload and download sides wired to the torrent.

import { Bitfield } from './bitfield.ts';
import { Geometry } from './metainfo/geometry.ts';
import type { Metainfo } from './metainfo/types.ts';
import { PiecePicker } from './picker/piece-picker.ts';
import { piecePriorities } from './picker/priorities.ts';
import type { Hasher, PieceStore, StoreFactory } from './ports.ts';
import type { Peer } from './peer/peer.ts';
import { REQUEST_WIRE_BYTES } from './rate/limited-wakeup.ts';
import type { TorrentLimiter } from './rate/transfer-limiter.ts';
import { ServeOnce } from './seeding/serve-once.ts';
import { verifiedPerFile } from './torrent-progress.ts';
import { Downloader, type DownloaderHooks } from './transfer/downloader.ts';
import { PieceAssembler } from './transfer/piece-assembler.ts';
import { PieceBuffers } from './transfer/piece-buffers.ts';
import { READ_CACHE_BYTES, ReadCache } from './transfer/read-cache.ts';
import { Uploader, type UploaderHooks } from './transfer/uploader.ts';

export interface TorrentParts {
  readonly meta: Metainfo;
  readonly geometry: Geometry;
  readonly store: PieceStore;
  readonly have: Bitfield;
  readonly picker: PiecePicker;
  readonly assembler: PieceAssembler;
  readonly cache: ReadCache;
  readonly uploader: Uploader;
  readonly downloader: Downloader;
  /** The seed's serve-each-piece-once policy, which the uploader consults. */
  readonly serveOnce: ServeOnce<Peer>;
  /** Verified bytes per file (progress bars), kept current as pieces verify. */
  readonly perFile: number[];
}

export interface PartsOptions {
  readonly meta: Metainfo;
  readonly store: PieceStore;
  readonly filePriorities: readonly number[];
  readonly hasher: Hasher;
  readonly random: () => number;
  readonly uploadHooks: UploaderHooks;
  readonly downloadHooks: DownloaderHooks;
}

export function buildParts(o: PartsOptions): TorrentParts {
  const { meta, store } = o;
  const geometry = new Geometry(meta.length, meta.pieceLength);
  const have = new Bitfield(meta.pieceCount, store.verifiedPieces());
  const picker = new PiecePicker(geometry, have, piecePriorities(meta.files, o.filePriorities, meta.pieceLength, meta.pieceCount), o.random);
  // Verified pieces stay in the read cache for peers; the ones it lets go become the next pieces' buffers.
  const buffers = new PieceBuffers(meta.pieceLength);
  const cache = new ReadCache(geometry, store, READ_CACHE_BYTES, buffers);
  const assembler = new PieceAssembler(buffers);
  const serveOnce = new ServeOnce<Peer>({ pieceCount: meta.pieceCount, seeding: () => have.complete, peers: o.downloadHooks.peers, now: o.uploadHooks.now });
  const uploader = new Uploader(have, cache, {
    ...o.uploadHooks,
    holdsFor: (peer) => serveOnce.holdsFor(peer),
    servedPiece: (peer, index) => serveOnce.sent(peer, index),
  });
  const downloader = new Downloader({ meta, geometry, store, have, picker, assembler, cache, hasher: o.hasher }, o.downloadHooks);
  return { meta, geometry, store, have, picker, assembler, cache, uploader, downloader, serveOnce, perFile: verifiedPerFile(meta, have) };
}

/** Opens the store for this metadata under the torrent's storage key. */
export function openStore(factory: StoreFactory, storageId: string, meta: Metainfo): Promise<PieceStore> {
  return factory.open({ infoHashHex: storageId, pieceLength: meta.pieceLength, pieceCount: meta.pieceCount, length: meta.length, files: meta.files });
}

/** Lets go of the parts when the torrent is removed: kept blocks written, memory freed, the store closed or deleted. */
export async function closeParts(l: TorrentParts, deleteData: boolean): Promise<void> {
  l.downloader.flushKept(true);
  l.assembler.clear();
  l.cache.clear();
  await (deleteData ? l.store.destroy() : l.store.close());
}

/** What the upload and download sides report to, and ask of, their torrent. */
export interface PartsHost {
  now(): number;
  readonly peers: ReadonlySet<Peer>;
  readonly limiter: TorrentLimiter;
  /** Downloading or seeding (not paused, failed, checking or removed). */
  active(): boolean;
  removed(): boolean;
  uploaded(bytes: number): void;
  downloaded(bytes: number): void;
  wasted(bytes: number): void;
  verified(index: number): void;
  storageFailed(error: unknown): void;
}

/** The upload and download hooks, wired to a torrent through `host` (rate limits included). */
export function partsHooks(host: PartsHost): { uploadHooks: UploaderHooks; downloadHooks: DownloaderHooks } {
  const now = () => host.now();
  return {
    uploadHooks: { now, sent: (bytes) => host.uploaded(bytes), readError: (e) => host.storageFailed(e), mayUpload: () => host.limiter.mayUpload() },
    downloadHooks: {
      now,
      peers: () => host.peers,
      active: () => host.active(),
      removed: () => host.removed(),
      received: (bytes) => host.downloaded(bytes),
      wasted: (bytes) => host.wasted(bytes),
      verified: (index) => host.verified(index),
      storageFailed: (e) => host.storageFailed(e),
      requestBudget: (wanted) => host.limiter.requestBudget(wanted, REQUEST_WIRE_BYTES),
      requested: (count) => host.limiter.requested(count, REQUEST_WIRE_BYTES),
    },
  };
}

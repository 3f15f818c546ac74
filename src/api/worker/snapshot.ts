// Torrent -> the plain snapshot objects the UI and the network layer read (cheap: built a few times a second).

import type { Lifecycle } from '../../engine/lifecycle/lifecycle.ts';
import type { LifecycleState } from '../../engine/lifecycle/states.ts';
import { toMagnet } from '../../engine/metainfo/magnet.ts';
import type { Torrent } from '../../engine/torrent.ts';
import type { FilePriority, FileSnapshot, PeerSnapshot, TorrentDetail, TorrentSnapshot, TorrentState } from '../protocol.ts';

export interface SnapshotExtras {
  readonly addedAt: number;
  readonly completedAt?: number;
  readonly labels: readonly string[];
  readonly displayName?: string;
}

/** The lifecycle's state as the protocol names it (a torrent waiting for a file choice shows as downloading). */
function protocolState(state: LifecycleState): TorrentState {
  return state === 'awaiting-selection' ? 'downloading' : state;
}

/**
 * Epoch ms minus engine clock ms, taken once per session (keyed by its lifecycle): reading Date.now() for every
 * conversion jittered the results by a millisecond, so times that never change differed from snapshot to snapshot.
 */
const epochOffsets = new WeakMap<object, number>();

/** An engine clock time as epoch ms. */
function epochOf(monotonic: number, now: number, session: object): number {
  let offset = epochOffsets.get(session);
  if (offset === undefined) {
    offset = Date.now() - now;
    epochOffsets.set(session, offset);
  }
  return Math.round(monotonic + offset);
}

/** The magnet link, built again only when what it is made of changes (it is the costliest field to build). */
interface MagnetCache {
  readonly name: string;
  readonly trackers: readonly string[];
  readonly webSeeds: readonly string[];
  readonly magnet: string;
}
const magnets = new WeakMap<Torrent, MagnetCache>();

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function magnetOf(t: Torrent): string {
  const cached = magnets.get(t);
  if (cached && cached.name === t.name && sameList(cached.trackers, t.trackers) && sameList(cached.webSeeds, t.webSeeds)) return cached.magnet;
  const magnet = toMagnet({ infoHash: t.infoHash, name: t.name, trackers: t.trackers, webSeeds: t.webSeeds });
  magnets.set(t, { name: t.name, trackers: [...t.trackers], webSeeds: [...t.webSeeds], magnet });
  return magnet;
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Built for every torrent a few times a second, so for 1,000 torrents it must stay near a microsecond each
 * (bench/node/snapshot-cost.measure.ts): one object literal, optional fields assigned only when present (no spread
 * copies), the magnet cached.
 */
export function torrentSnapshot(t: Torrent, extras: SnapshotExtras, lifecycle: Lifecycle<Torrent>): TorrentSnapshot {
  const { length, verified } = t.progress();
  const downloadRate = t.downloadRate();
  const availability = t.availability();
  let seeds = 0;
  if (t.peers.size > 0) for (const p of t.peers) if (p.ready && p.isSeed) seeds++;
  const meta = t.metainfo;
  const state = protocolState(lifecycle.state(t));
  const queuePosition = lifecycle.queuePosition(t);
  const options = lifecycle.optionsOf(t);
  const activity = lifecycle.activity(t);
  const snap: Writable<TorrentSnapshot> = {
    infoHashHex: t.infoHashHex,
    name: t.name,
    state,
    hasMetadata: meta !== null,
    length,
    verified,
    progress: length > 0 ? verified / length : meta ? 1 : 0,
    downloadRate,
    uploadRate: t.uploadRate(),
    downloaded: t.downloaded,
    uploaded: t.uploaded,
    receivedThisSession: t.receivedThisSession,
    peers: t.connectedPeers(),
    seeds,
    peersWanted: t.peersWanted(),
    pieceCount: meta?.pieceCount ?? 0,
    pieceLength: meta?.pieceLength ?? 0,
    magnet: magnetOf(t),
    trackers: t.trackers,
    addedAt: extras.addedAt,
    eta: state === 'downloading' && downloadRate > 0 ? Math.ceil((length - verified) / downloadRate) : null,
    labels: extras.labels,
    wasted: t.wasted,
  };
  // A growing count goes as its start time (constant while it grows), a standing one as its seconds.
  if (activity.activeFrom !== undefined) snap.activeSince = epochOf(activity.activeFrom, t.now(), lifecycle);
  else snap.activeSeconds = activity.activeSeconds;
  if (activity.seedingFrom !== undefined) snap.seedingSince = epochOf(activity.seedingFrom, t.now(), lifecycle);
  else snap.seedingSeconds = activity.seedingSeconds;
  if (extras.completedAt !== undefined) snap.completedAt = extras.completedAt;
  if (t.error) snap.error = t.error.toJSON();
  if (t.awaitingSelection) snap.awaitingSelection = true;
  if (meta?.comment) snap.comment = meta.comment;
  if (meta?.private) snap.private = true;
  if (queuePosition !== undefined) snap.queuePosition = queuePosition;
  if (lifecycle.forced(t)) snap.forced = true;
  if (options.seedGoal) snap.seedGoal = options.seedGoal;
  if (options.sequential) snap.sequential = true;
  if (Number.isFinite(activity.lastActivityAt)) snap.lastActivityAt = epochOf(activity.lastActivityAt, t.now(), lifecycle);
  if (availability !== undefined) snap.availability = availability;
  if (extras.displayName) snap.displayName = extras.displayName;
  const { download, upload } = t.limits;
  if (download !== null) snap.downloadLimit = download;
  if (upload !== null) snap.uploadLimit = upload;
  return snap;
}

/** A torrent's own rate limits as optional fields (absent = unlimited), for snapshots and resume records. */
export function limitFields(t: Torrent): { downloadLimit?: number; uploadLimit?: number } {
  const { download, upload } = t.limits;
  return { ...(download !== null ? { downloadLimit: download } : {}), ...(upload !== null ? { uploadLimit: upload } : {}) };
}

export function torrentDetail(t: Torrent): TorrentDetail {
  const meta = t.metainfo;
  const verified = t.fileVerified();
  const now = t.now();
  const files: FileSnapshot[] = [];
  meta?.files.forEach((f, index) => {
    if (f.pad) return;
    files.push({
      index,
      name: f.name,
      path: f.path,
      safePath: f.safePath,
      length: f.length,
      verified: verified[index] ?? 0,
      priority: (t.filePriorities[index] ?? 4) as FilePriority,
    });
  });
  const peers: PeerSnapshot[] = [...t.peers].filter((p) => p.ready).map((p) => ({
    id: p.remotePeerIdHex,
    client: p.client,
    transport: p.transport,
    downloadRate: p.download.rate(now),
    uploadRate: p.upload.rate(now),
    downloaded: p.download.total,
    uploaded: p.upload.total,
    progress: p.isSeed ? 1 : p.has && p.has.size > 0 ? p.has.count / p.has.size : 0,
    amChoking: p.amChoking,
    amInterested: p.amInterested,
    peerChoking: p.peerChoking,
    peerInterested: p.peerInterested,
    requests: p.outstanding.size,
  }));
  return { files, peers, pieces: t.haveBitfield?.copyBytes() ?? new Uint8Array(0) };
}

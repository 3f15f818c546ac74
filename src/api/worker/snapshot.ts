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

/** An engine clock time as epoch ms. */
function epochOf(monotonic: number, now: number): number {
  return Math.round(Date.now() - (now - monotonic));
}

export function torrentSnapshot(t: Torrent, extras: SnapshotExtras, lifecycle: Lifecycle<Torrent>): TorrentSnapshot {
  const { length, verified } = t.progress();
  const downloadRate = t.downloadRate();
  const availability = t.availability();
  let seeds = 0;
  for (const p of t.peers) if (p.ready && p.isSeed) seeds++;
  const meta = t.metainfo;
  const state = protocolState(lifecycle.state(t));
  const queuePosition = lifecycle.queuePosition(t);
  const options = lifecycle.optionsOf(t);
  const activity = lifecycle.activity(t);
  return {
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
    magnet: toMagnet({ infoHash: t.infoHash, name: t.name, trackers: t.trackers, webSeeds: t.webSeeds }),
    trackers: t.trackers,
    addedAt: extras.addedAt,
    ...(extras.completedAt !== undefined ? { completedAt: extras.completedAt } : {}),
    eta: state === 'downloading' && downloadRate > 0 ? Math.ceil((length - verified) / downloadRate) : null,
    ...(t.error ? { error: t.error.toJSON() } : {}),
    labels: extras.labels,
    ...(availability !== undefined && { availability }),
    ...(extras.displayName ? { displayName: extras.displayName } : {}),
    ...(t.awaitingSelection ? { awaitingSelection: true } : {}),
    ...(meta?.comment ? { comment: meta.comment } : {}),
    ...(meta?.private ? { private: true } : {}),
    ...(queuePosition !== undefined ? { queuePosition } : {}),
    ...(lifecycle.forced(t) ? { forced: true } : {}),
    ...(options.seedGoal ? { seedGoal: options.seedGoal } : {}),
    ...(options.sequential ? { sequential: true } : {}),
    wasted: t.wasted,
    activeSeconds: activity.activeSeconds,
    seedingSeconds: activity.seedingSeconds,
    ...(Number.isFinite(activity.lastActivityAt) ? { lastActivityAt: epochOf(activity.lastActivityAt, t.now()) } : {}),
    ...limitFields(t),
  };
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

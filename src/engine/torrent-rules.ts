// The decisions a torrent's router follows, as pure functions of its state: which status comes next, whether a
// peer may join, how many are wanted, whether a stream reader may wait for a piece, whether a check may start,
// whether a file selection holds the download.

import { EngineError } from './errors.ts';
import type { TorrentFile } from './metainfo/types.ts';
import type { TorrentStatus } from './torrent-types.ts';

/** Statuses in which no peer is taken or kept (and none is wanted from trackers). */
export function refusesPeers(status: TorrentStatus, destroyed: boolean): boolean {
  return destroyed || status === 'paused' || status === 'error' || status === 'checking';
}

/**
 * A new channel may be opened. Unanswered offers sit in the peer set too until they expire, so the cap on channels
 * is above the cap on peers.
 */
export function mayAddChannel(status: TorrentStatus, destroyed: boolean, channels: number, connected: number, maxPeers: number): boolean {
  return !refusesPeers(status, destroyed) && channels < 2 * maxPeers && connected < maxPeers;
}

/** A peer whose handshake arrived may stay: not paused or checking, room left, and no other ready peer with its id. */
export function mayAcceptHandshake(
  status: TorrentStatus,
  destroyed: boolean,
  connected: number,
  maxPeers: number,
  duplicate: boolean,
): boolean {
  return !(destroyed || status === 'paused' || status === 'checking' || connected >= maxPeers) && !duplicate;
}

/** Peers still wanted from trackers: none while peers are refused, else the room left under maxPeers. */
export function peersWanted(status: TorrentStatus, destroyed: boolean, connected: number, maxPeers: number): number {
  return refusesPeers(status, destroyed) ? 0 : Math.max(0, maxPeers - connected);
}

/** Upload slots the choker may fill: one while seeding past its goal at low priority, else the setting. */
export function uploadSlots(lowPriority: boolean, slots: number): number {
  return lowPriority ? 1 : slots;
}

/** Only a paused or failed torrent resumes (resuming clears the error). */
export function mayResume(status: TorrentStatus): boolean {
  return status === 'paused' || status === 'error';
}

/** A check may start: the metadata is known, the torrent is not removed and no check is running. */
export function mayBeginCheck(loaded: boolean, destroyed: boolean, status: TorrentStatus): boolean {
  return loaded && !destroyed && status !== 'checking';
}

/** The status once the metadata is loaded: a paused torrent stays paused, else downloading or seeding. */
export function statusAfterLoad(status: TorrentStatus, complete: boolean): TorrentStatus {
  return status === 'paused' ? 'paused' : runningStatus(true, complete);
}

/** After a seek, requests for other pieces are cancelled (only while downloading, and only for a real position). */
export function urgentCancelsOthers(cancelOthers: boolean, urgent: number, status: TorrentStatus): boolean {
  return cancelOthers && urgent > 0 && status === 'downloading';
}

/** The status a torrent runs in: metadata before it is loaded, then downloading or seeding. */
export function runningStatus(loaded: boolean, complete: boolean): TorrentStatus {
  return loaded ? (complete ? 'seeding' : 'downloading') : 'metadata';
}

/** Where a check ends: paused if it started paused, else downloading or seeding. */
export function statusAfterCheck(pausedBefore: boolean, complete: boolean): TorrentStatus {
  return pausedBefore ? 'paused' : complete ? 'seeding' : 'downloading';
}

export interface ProgressStep {
  readonly status: TorrentStatus;
  /** The torrent just became complete: peers lose interest, seeds are dropped, `completed` fires. */
  readonly justCompleted: boolean;
}

/** What a change in what is verified or wanted does to the status. */
export function progressStep(status: TorrentStatus, complete: boolean, wasComplete: boolean): ProgressStep {
  // A check ends in endCheck, which picks downloading or seeding from what it found.
  if (status === 'checking') return { status, justCompleted: false };
  if (!complete || status === 'paused' || status === 'error') {
    return { status: !complete && status === 'seeding' ? 'downloading' : status, justCompleted: false };
  }
  return { status: 'seeding', justCompleted: !wasComplete };
}

/** Why no reader may wait for piece `index` at all (removed, no metadata, out of range), or null. */
export function waitRefusal(index: number, pieceCount: number | null, destroyed: boolean): EngineError | null {
  if (destroyed || pieceCount === null) return new EngineError('TORRENT_NOT_FOUND', 'The torrent is removed or has no metadata', { index });
  if (index < 0 || index >= pieceCount) return new EngineError('STORAGE_OUT_OF_RANGE', 'No such piece', { index, pieceCount });
  return null;
}

/** Why a reader may not wait for a piece that is not here yet, or null when it may. */
export function pendingWaitRefusal(index: number, status: TorrentStatus, error: EngineError | null): EngineError | null {
  if (status === 'paused') return new EngineError('TORRENT_PAUSED', 'The torrent is paused', { index });
  if (status === 'error') return error ?? new EngineError('STORAGE_IO', 'The torrent failed', { index });
  return null;
}

/** A file selection holds the download once the metadata is known, unless one file leaves nothing to choose. */
export function selectionHolds(selectPending: boolean, files: readonly TorrentFile[]): boolean {
  return selectPending && files.filter((f) => !f.pad).length > 1;
}

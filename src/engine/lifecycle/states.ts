// The states of a torrent's lifecycle and the settings that move it (queue limits, seeding goals). Types only.

/**
 * Exactly one per torrent (see engine/STATE.md, "A torrent's lifecycle"). Running states connect to peers and are
 * announced; the others do not.
 */
export type LifecycleState =
  | 'checking' // a check job hashes the data on disk (beginCheck .. endCheck); stopped meanwhile
  | 'metadata' // running, waiting for the info dictionary from peers (slow ones hold no queue slot either)
  | 'awaiting-selection' // running, metadata here, nothing requested until the user picks files
  | 'queued' // wants to run, held back by a queue limit
  | 'downloading' // running, wants data
  | 'stalled' // running, metadata known, wants data, no traffic for the slow-torrent delay: takes no queue slot
  | 'seeding' // running, has every wanted piece
  | 'paused' // stopped by the user
  | 'error' // stopped by a storage or metadata failure (resume clears it)
  | 'finished'; // stopped because its seeding goal was reached

/** The states in which the torrent talks to peers. */
export const RUNNING_STATES: ReadonlySet<LifecycleState> = new Set(['metadata', 'awaiting-selection', 'downloading', 'stalled', 'seeding']);

/** How a torrent is started: by the queue, held by the user, or ahead of the queue (qBittorrent's "force start"). */
export type RunMode = 'auto' | 'paused' | 'forced';

/** Queue limits; 0 (or absent) means no limit. Slow torrents (below) take no slot. */
export interface QueueLimits {
  readonly maxActiveDownloads: number;
  readonly maxActiveSeeds: number;
  readonly maxActiveTorrents: number;
  /** A running torrent below `slowRate` both ways for this long takes no slot (qBittorrent's 60 s); 0: off. */
  readonly slowSeconds: number;
  /** Bytes/s (each way) below which a torrent counts as slow (qBittorrent's 2 KiB/s). */
  readonly slowRate: number;
}

export const DEFAULT_LIMITS: QueueLimits = { maxActiveDownloads: 0, maxActiveSeeds: 0, maxActiveTorrents: 0, slowSeconds: 60, slowRate: 2048 };

/** When a seeding torrent has done its share. Every absent field is "no goal of that kind". */
export interface SeedGoal {
  /** Uploaded / downloaded (qBittorrent's ratio: the size had when little was downloaded here). */
  readonly ratio?: number;
  /** Minutes spent seeding. */
  readonly seedingMinutes?: number;
  /** Minutes seeding without uploading anything. */
  readonly idleMinutes?: number;
  /** What then: stop ('finished'), or go on seeding at low priority (one upload slot, last for a seed slot). */
  readonly action: 'pause' | 'low-priority';
}

/** Per-torrent options the user sets (`set-torrent-options`). */
export interface TorrentOptions {
  /** This torrent's goal; absent: the global default. A goal without limits never stops. */
  readonly seedGoal?: SeedGoal;
  /** Pieces in order (first and last first) instead of rarest first. */
  readonly sequential?: boolean;
}

/** What the lifecycle keeps across reloads (in the resume record). */
export interface LifecycleRecord {
  readonly paused: boolean;
  readonly forced?: boolean;
  readonly finished?: boolean;
  /** Order in the queue (0 first). */
  readonly queuePosition: number;
  readonly options?: TorrentOptions;
  /** Seconds running and seconds seeding, all time, with their fraction (persisted exactly, so restarts lose none). */
  readonly activeSeconds: number;
  readonly seedingSeconds: number;
  /** Engine clock time of the last payload byte either way; absent: none known. */
  readonly lastActivityAt?: number;
  /** Which clocks were running when the record was made (running: 'active'; seeding too: 'seeding'); absent: none. */
  readonly counting?: 'active' | 'seeding';
}

/** How a torrent enters the lifecycle (from a resume record, or defaults for a new one). */
export interface LifecycleInit {
  readonly paused?: boolean;
  readonly forced?: boolean;
  readonly finished?: boolean;
  readonly options?: TorrentOptions;
  readonly activeSeconds?: number;
  readonly seedingSeconds?: number;
  /** Engine clock time (may be negative: before this start). */
  readonly lastActivityAt?: number;
}

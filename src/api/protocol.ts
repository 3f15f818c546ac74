// The one contract between the window (UI, network), the engine worker and the service worker: commands with
// replies, and events. Types only: every realm imports it with `import type`.

export type TorrentState =
  | 'metadata' // magnet link: waiting for the info dictionary from peers
  | 'checking' // hashing existing data (adding files to seed, or a recheck)
  | 'downloading'
  | 'seeding'
  | 'paused'
  /** Waiting for a slot (EngineSettings.maxActiveDownloads/Seeds/Torrents): held by the queue, not by the user. */
  | 'queued'
  /** Running, wants data, no traffic for the slow-torrent delay: it holds no queue slot. */
  | 'stalled'
  /** Stopped because its seeding goal was reached (resume seeds on). */
  | 'finished'
  | 'error';

/** When a seeding torrent has done its share (absent fields: no goal of that kind). Ratio >= 0, minutes >= 0. */
export interface SeedGoal {
  readonly ratio?: number;
  readonly seedingMinutes?: number;
  readonly idleMinutes?: number;
  /** Then stop ('finished'), or seed on at low priority. */
  readonly action: 'pause' | 'low-priority';
}

export type QueueMove = 'up' | 'down' | 'top' | 'bottom';

/** File priorities on libtorrent's scale. 0 = do not download. */
export type FilePriority = 0 | 1 | 4 | 7;

export interface ErrorInfo {
  readonly code: string;
  readonly message: string;
  readonly details?: Readonly<Record<string, number | string | boolean>>;
}

export interface FileSnapshot {
  /** Index into the torrent's file list (pad files are never listed but keep their indexes). */
  readonly index: number;
  /** Display path ('/'-joined, untrusted: render as text only). */
  readonly name: string;
  /** The path's components as the torrent gives them (a component may itself hold a '/'), torrent name first. */
  readonly path?: readonly string[];
  /** Safe path components for saving. */
  readonly safePath: readonly string[];
  readonly length: number;
  /** Verified bytes of this file. */
  readonly verified: number;
  readonly priority: FilePriority;
}

export interface PeerSnapshot {
  readonly id: string;
  readonly client: string;
  readonly transport: 'webrtc' | 'pipe';
  readonly downloadRate: number;
  readonly uploadRate: number;
  readonly downloaded: number;
  readonly uploaded: number;
  /** 0..1 of the torrent this peer has. */
  readonly progress: number;
  readonly amChoking: boolean;
  readonly amInterested: boolean;
  readonly peerChoking: boolean;
  readonly peerInterested: boolean;
  readonly requests: number;
}

export interface TorrentSnapshot {
  readonly infoHashHex: string;
  readonly name: string;
  readonly state: TorrentState;
  readonly hasMetadata: boolean;
  /** Bytes of wanted (non-pad) data; 0 until metadata is known. */
  readonly length: number;
  /** Verified bytes of wanted data. */
  readonly verified: number;
  /** 0..1 over wanted data. */
  readonly progress: number;
  readonly downloadRate: number;
  readonly uploadRate: number;
  /** Payload bytes received / sent, this session plus earlier ones. */
  readonly downloaded: number;
  readonly uploaded: number;
  /** Payload bytes received since this page loaded, wanted or not (what a reload cost). */
  readonly receivedThisSession: number;
  readonly peers: number;
  readonly seeds: number;
  /** How many more peers the engine would take now (the network layer's offer count). */
  readonly peersWanted: number;
  readonly pieceCount: number;
  readonly pieceLength: number;
  readonly magnet: string;
  readonly trackers: readonly string[];
  readonly addedAt: number;
  readonly completedAt?: number;
  /** Seconds to completion at the current rate, null when unknown. */
  readonly eta: number | null;
  readonly error?: ErrorInfo;
  readonly labels: readonly string[];
  /** Added with `selectFirst` and the metadata is here: nothing downloads until `select-files`. */
  readonly awaitingSelection?: boolean;
  /** From the metainfo (untrusted: text only). */
  readonly comment?: string;
  readonly private?: boolean;
  /** 1-based place in the download queue (torrents that still want data), absent for complete ones. */
  readonly queuePosition?: number;
  /** Started ahead of the queue (force-start). */
  readonly forced?: boolean;
  /** This torrent's own seeding goal (absent: the global default applies). */
  readonly seedGoal?: SeedGoal;
  readonly sequential?: boolean;
  /** Payload bytes received and thrown away (failed hash checks, duplicates, unrequested), all time. */
  readonly wasted?: number;
  /** Seconds running, and seconds seeding, all time (while the count stands still). */
  readonly activeSeconds?: number;
  readonly seedingSeconds?: number;
  /**
   * While the count grows: the epoch ms (whole seconds) it started from, as if it had never stopped; seconds =
   * (now - since) / 1000 on the page (components/elapsed.ts). Sent instead of the seconds so an idle seed's snapshot
   * stays the same from one second to the next.
   */
  readonly activeSince?: number;
  readonly seedingSince?: number;
  /** Epoch ms of the last payload byte either way (absent: none since the app started). */
  readonly lastActivityAt?: number;
  /** While state is 'checking': 0..1 of the pieces checked (the user's files, or a force recheck). */
  readonly checkProgress?: number;
  /** This torrent's own rate limits in bytes/s (`set-torrent-limits`); absent = unlimited. */
  readonly downloadLimit?: number;
  readonly uploadLimit?: number;
  /** The name the user gave it (`rename`); `name` stays the torrent's own, used for saving. */
  readonly displayName?: string;
  /** Distributed copies among connected peers: full copies of the torrent they hold together (2.5 = two, and half a third). */
  readonly availability?: number;
}

/** What a check found (bring your own data, force recheck). */
export interface CheckSummary {
  readonly pieces: number;
  /** Pieces verified once the check ended. */
  readonly verified: number;
  /** Pieces read that failed their hash. */
  readonly failed: number;
  /** Torrent files that had one of the user's files to check against. */
  readonly filesMatched: number;
  /** User files that matched no file of the torrent. */
  readonly filesUnused: number;
}

/** Traffic of one torrent or of all (`traffic-history`): bytes per second over the last minutes, and totals. */
export interface TrafficReport {
  /** Bytes received / sent in each second, oldest first (one a second); the last is the second ending at `endsAt`. */
  readonly down: readonly number[];
  readonly up: readonly number[];
  /** Epoch ms of the end of the last second. */
  readonly endsAt: number;
  /** Payload totals: a torrent's since it was added; all torrents' since the app started (removed ones included). */
  readonly totals: { readonly downloaded: number; readonly uploaded: number; readonly wasted: number };
  /** All torrents only: all time, the torrents in the list and every torrent removed (kept across reloads). */
  readonly allTime?: { readonly downloaded: number; readonly uploaded: number; readonly wasted: number };
}

/** What a .torrent holds, read without adding it (`parse-torrent`): enough to let the user pick files. */
export interface TorrentInfo {
  readonly infoHashHex: string;
  /** Untrusted: render as text only. */
  readonly name: string;
  /** Bytes of all non-pad files. */
  readonly length: number;
  readonly pieceLength: number;
  readonly pieceCount: number;
  /** Non-pad files; `index` is the file index priorities use. */
  readonly files: readonly { readonly index: number; readonly name: string; readonly length: number }[];
  readonly trackers: readonly string[];
  readonly webSeeds: readonly string[];
  readonly comment?: string;
  readonly private: boolean;
  /** A torrent with this info hash is already in the list. */
  readonly exists: boolean;
}

export interface TorrentDetail {
  readonly files: readonly FileSnapshot[];
  readonly peers: readonly PeerSnapshot[];
  /** Verified-piece bitfield (BEP 3 bit order), for the piece map. */
  readonly pieces: Uint8Array;
}

/** Settings the engine worker needs (the window keeps the rest). */
export interface EngineSettings {
  readonly storage: 'auto' | 'opfs' | 'idb' | 'memory';
  readonly maxPeersPerTorrent: number;
  readonly uploadSlots: number;
  /** Downloads that run at once; later ones wait as 'queued'. 0 or absent: no limit. */
  readonly maxActiveDownloads?: number;
  /** Seeds that run at once. 0 or absent: no limit. */
  readonly maxActiveSeeds?: number;
  /** Torrents (downloads and seeds) that run at once. 0 or absent: no limit. */
  readonly maxActiveTorrents?: number;
  /** A torrent without traffic (below 2 KiB/s each way) this long holds no slot; 0: off; absent: 60. */
  readonly slowTorrentSeconds?: number;
  /** The seeding goal of every torrent without its own. Absent: seed forever. */
  readonly seedGoal?: SeedGoal;
  /** Session-wide rate limits in bytes/s (protocol overhead included); absent or null: unlimited. */
  readonly downloadLimit?: number | null;
  readonly uploadLimit?: number | null;
  /** The alternative ("turtle") limits, used instead while alternative speed is on; null: unlimited. */
  readonly altDownloadLimit?: number | null;
  readonly altUploadLimit?: number | null;
  /** Alternative speed switched on by hand (the schedule may move it at its edges). */
  readonly altSpeedEnabled?: boolean;
  /** Turns alternative speed on and off by the week; absent: by hand only. */
  readonly altSpeedSchedule?: SpeedSchedule;
}

/** A weekly window in local time; `to < from` crosses midnight (it belongs to the day it starts on). */
export interface SpeedSchedule {
  readonly enabled: boolean;
  /** 0 = Sunday … 6 = Saturday. */
  readonly days: readonly number[];
  /** Minutes after local midnight, 0..1439. */
  readonly from: number;
  readonly to: number;
}

/** The session's speed limits as they apply now (sent with every snapshot). */
export interface SpeedStatus {
  /** The limits in force (the alternative ones while `altSpeed`), bytes/s; null = unlimited. */
  readonly downloadLimit: number | null;
  readonly uploadLimit: number | null;
  readonly altSpeed: boolean;
  /** Alternative speed follows a schedule. */
  readonly scheduled: boolean;
}

export interface CreateOptions {
  readonly name?: string;
  readonly pieceLength?: number;
  readonly trackers?: readonly string[];
  readonly webSeeds?: readonly string[];
  readonly comment?: string;
  readonly private?: boolean;
}

/** A file to seed, with its path inside the torrent (folders from a directory drop). */
export interface SeedInput {
  readonly file: File;
  readonly path: readonly string[];
}

/** Commands: `type` selects the request; `Replies[type]` is the answer. */
export type Command =
  | { type: 'init'; peerIdHex: string; settings: EngineSettings }
  /** `selectFirst`: hold the download once the metadata arrives until `select-files` (see TorrentInit). */
  | { type: 'add-magnet'; uri: string; trackers?: readonly string[]; selectFirst?: boolean; existing?: readonly SeedInput[] }
  /**
   * `filePriorities[fileIndex]`; missing entries are normal (4). `existing`: the user already has (some of) the
   * files: they are checked against the piece hashes first (state 'checking'), matching pieces kept, the rest
   * downloaded. A magnet's files are checked once its metadata arrives. Adding a torrent already in the list with
   * `existing` checks the files into it.
   */
  | { type: 'add-torrent-file'; bytes: Uint8Array; trackers?: readonly string[]; filePriorities?: readonly FilePriority[]; existing?: readonly SeedInput[] }
  /** Force recheck: hashes the stored pieces again; those that fail are dropped and downloaded again. */
  | { type: 'recheck'; infoHashHex: string }
  /** Reads a .torrent without adding it. */
  | { type: 'parse-torrent'; bytes: Uint8Array }
  /** Every file's priority at once (`priorities[fileIndex]`); ends a selection hold, so the download starts. */
  | { type: 'select-files'; infoHashHex: string; priorities: readonly FilePriority[] }
  /** Replaces the torrent's labels (persisted in its resume record). */
  | { type: 'set-labels'; infoHashHex: string; labels: readonly string[] }
  /** Gives the torrent a display name (persisted; '' goes back to its own name, which saving always uses). */
  | { type: 'rename'; infoHashHex: string; name: string }
  /** Replaces the torrent's tracker list (persisted; an `announce` event tells the network layer). */
  | { type: 'set-trackers'; infoHashHex: string; trackers: readonly string[] }
  | { type: 'seed'; jobId: string; inputs: readonly SeedInput[]; options: CreateOptions }
  | { type: 'cancel-job'; jobId: string }
  | { type: 'pause'; infoHashHex: string }
  | { type: 'resume'; infoHashHex: string }
  /** Runs it now whatever the queue limits (qBittorrent's "force start"), until paused. */
  | { type: 'force-start'; infoHashHex: string }
  /** Moves these torrents in the queue as a block (persisted). */
  | { type: 'queue-move'; infoHashHexes: readonly string[]; to: QueueMove }
  /** Per-torrent options: `seedGoal` null = use the global default; absent fields are left as they are. */
  | { type: 'set-torrent-options'; infoHashHex: string; seedGoal?: SeedGoal | null; sequential?: boolean }
  /** The last minutes of traffic at one-second resolution, of one torrent or (no id) of all. */
  | { type: 'traffic-history'; infoHashHex?: string }
  | { type: 'remove'; infoHashHex: string; deleteData: boolean }
  | { type: 'set-file-priority'; infoHashHex: string; fileIndexes: readonly number[]; priority: FilePriority }
  | { type: 'detail'; infoHashHex: string }
  | { type: 'read'; infoHashHex: string; fileIndex: number; offset: number; length: number }
  | { type: 'torrent-file'; infoHashHex: string }
  /**
   * A data channel (transferred) or the MessagePort of a main-thread pump; `channelId` names it in `peer-closed`.
   * Without `channel`: the one parked under `channelId` (a pre-made offer now given to this torrent).
   */
  | { type: 'attach-peer'; infoHashHex: string; channel?: RTCDataChannel | MessagePort; channelId: number; remotePeerIdHex: string | null }
  /** The channel of an offer made ahead of time, before any torrent wants it: kept until `attach-peer` names one. */
  | { type: 'park-peer'; channel: RTCDataChannel; channelId: number }
  | { type: 'set-settings'; settings: EngineSettings }
  /** A torrent's own rate limits in bytes/s (null = unlimited); persisted. */
  | { type: 'set-torrent-limits'; infoHashHex: string; download: number | null; upload: number | null }
  /** Alternative speed on or off by hand (the turtle); the reply is the status now. */
  | { type: 'set-alt-speed'; enabled: boolean }
  /** One end of a MessageChannel whose other end went to the service worker: it reads files over it (file-stream.ts). */
  | { type: 'stream-port'; port: MessagePort }
  /** Liveness probe: answered at once, even while `init` runs (the window's heartbeat, engine-supervisor.ts). */
  | { type: 'ping' }
  /** Writes every torrent's resume record now (the page is being hidden or closed). */
  | { type: 'persist' }
  /** Saves everything and closes every torrent (channels, files): another tab is taking the engine over. */
  | { type: 'shutdown' };

export interface Replies {
  init: { restored: number };
  'add-magnet': { infoHashHex: string };
  'add-torrent-file': { infoHashHex: string };
  'parse-torrent': TorrentInfo;
  recheck: void;
  'select-files': void;
  'set-labels': { labels: readonly string[] };
  'set-trackers': { trackers: readonly string[] };
  rename: { displayName: string | null };
  /** `existing`: the same files were shared before; that torrent is reused (no second one). */
  seed: { infoHashHex: string; magnet: string; existing?: boolean };
  'cancel-job': void;
  pause: void;
  resume: void;
  'force-start': void;
  'queue-move': void;
  'set-torrent-options': void;
  'traffic-history': TrafficReport;
  remove: void;
  'set-file-priority': void;
  detail: TorrentDetail;
  read: Uint8Array;
  'torrent-file': Uint8Array;
  'attach-peer': void;
  'park-peer': void;
  'set-settings': void;
  'set-torrent-limits': { download: number | null; upload: number | null };
  'set-alt-speed': SpeedStatus;
  'stream-port': void;
  ping: void;
  persist: void;
  shutdown: void;
}

export type CommandType = Command['type'];
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;

/** Events from the engine worker. */
export type EngineEvent =
  /** Throttled (a few per second) full list: the UI and the network layer read their state from it. */
  | { type: 'snapshot'; torrents: readonly TorrentSnapshot[]; speed?: SpeedStatus; /** ms the worker took to build it (not sent to the page). */ builtMs?: number }
  | { type: 'job-progress'; jobId: string; done: number; total: number }
  /** A torrent the network layer should announce (added, resumed, or restored at start-up). */
  | { type: 'announce'; infoHashHex: string; trackers: readonly string[] }
  /** Stop announcing (paused or removed): the network layer sends `stopped`. */
  | { type: 'unannounce'; infoHashHex: string }
  | { type: 'completed'; infoHashHex: string; name: string }
  /** A check (bring your own data, force recheck) ended. */
  | { type: 'check-done'; infoHashHex: string; summary: CheckSummary }
  /** The engine dropped (or refused) a peer: the network layer closes its RTCPeerConnection. */
  | { type: 'peer-closed'; infoHashHex: string; channelId: number }
  | { type: 'error'; infoHashHex?: string; error: ErrorInfo };

/** Wire format over the worker's MessagePort. */
export type ToWorker = { id: number; command: Command };
export type FromWorker =
  | { kind: 'reply'; id: number; ok: true; value: unknown }
  | { kind: 'reply'; id: number; ok: false; error: ErrorInfo }
  | { kind: 'event'; event: EngineEvent };

/**
 * What actually crosses to the page: the host's messages, except that the worker's entry turns 'snapshot' events
 * into patches of the fields that changed (api/snapshot-patch.ts); EngineClient publishes them whole again.
 */
export type WorkerWireMessage = FromWorker | { kind: 'snapshot-patch'; patch: SnapshotPatch };

export interface TorrentPatch {
  readonly id: string;
  /** Fields that are new or changed (every field for a torrent the page has not seen). */
  readonly set: Partial<TorrentSnapshot>;
  /** Optional fields that are gone. */
  readonly unset?: readonly (keyof TorrentSnapshot)[];
}

export interface SnapshotPatch {
  /** The torrents' ids in list order: sent when the list or its order changed (always with `full`). */
  readonly order?: readonly string[];
  readonly changed: readonly TorrentPatch[];
  readonly speed?: SpeedStatus;
  /** Not based on an earlier snapshot (the worker's first). */
  readonly full?: true;
}

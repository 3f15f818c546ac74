// The one contract between the window (UI, network), the engine worker and the service worker: commands with
// replies, and events. Types only: every realm imports it with `import type`.

export type TorrentState =
  | 'metadata' // magnet link: waiting for the info dictionary from peers
  | 'checking' // hashing existing data (adding files to seed, or a recheck)
  | 'downloading'
  | 'seeding'
  | 'paused'
  /** Waiting for a download slot (EngineSettings.maxActiveDownloads): paused by the queue, not by the user. */
  | 'queued'
  | 'error';

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
  /** Bytes thrown away: pieces that failed their hash check (lifecycle). */
  readonly wasted?: number;
  /** Seconds the torrent has been running (not paused), and of those, seeding (lifecycle). */
  readonly activeSeconds?: number;
  readonly seedingSeconds?: number;
  /** Epoch ms of the last payload byte sent or received (lifecycle). */
  readonly lastActivityAt?: number;
  /** The name the user gave it (`rename`); `name` stays the torrent's own, used for saving. */
  readonly displayName?: string;
  /** Distributed copies among connected peers: full copies of the torrent they hold together (2.5 = two, and half a third). */
  readonly availability?: number;
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
  | { type: 'add-magnet'; uri: string; trackers?: readonly string[]; selectFirst?: boolean }
  /** `filePriorities[fileIndex]`; missing entries are normal (4). */
  | { type: 'add-torrent-file'; bytes: Uint8Array; trackers?: readonly string[]; filePriorities?: readonly FilePriority[] }
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
  | { type: 'remove'; infoHashHex: string; deleteData: boolean }
  | { type: 'set-file-priority'; infoHashHex: string; fileIndexes: readonly number[]; priority: FilePriority }
  | { type: 'detail'; infoHashHex: string }
  | { type: 'read'; infoHashHex: string; fileIndex: number; offset: number; length: number }
  | { type: 'torrent-file'; infoHashHex: string }
  /** A data channel (transferred) or the MessagePort of a main-thread pump; `channelId` names it in `peer-closed`. */
  | { type: 'attach-peer'; infoHashHex: string; channel: RTCDataChannel | MessagePort; channelId: number; remotePeerIdHex: string | null }
  | { type: 'set-settings'; settings: EngineSettings }
  /** One end of a MessageChannel whose other end went to the service worker: it reads files over it (file-stream.ts). */
  | { type: 'stream-port'; port: MessagePort };

export interface Replies {
  init: { restored: number };
  'add-magnet': { infoHashHex: string };
  'add-torrent-file': { infoHashHex: string };
  'parse-torrent': TorrentInfo;
  'select-files': void;
  'set-labels': { labels: readonly string[] };
  'set-trackers': { trackers: readonly string[] };
  rename: { displayName: string | null };
  seed: { infoHashHex: string; magnet: string };
  'cancel-job': void;
  pause: void;
  resume: void;
  remove: void;
  'set-file-priority': void;
  detail: TorrentDetail;
  read: Uint8Array;
  'torrent-file': Uint8Array;
  'attach-peer': void;
  'set-settings': void;
  'stream-port': void;
}

export type CommandType = Command['type'];
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;

/** Events from the engine worker. */
export type EngineEvent =
  /** Throttled (a few per second) full list: the UI and the network layer read their state from it. */
  | { type: 'snapshot'; torrents: readonly TorrentSnapshot[] }
  | { type: 'job-progress'; jobId: string; done: number; total: number }
  /** A torrent the network layer should announce (added, resumed, or restored at start-up). */
  | { type: 'announce'; infoHashHex: string; trackers: readonly string[] }
  /** Stop announcing (paused or removed): the network layer sends `stopped`. */
  | { type: 'unannounce'; infoHashHex: string }
  | { type: 'completed'; infoHashHex: string; name: string }
  /** The engine dropped (or refused) a peer: the network layer closes its RTCPeerConnection. */
  | { type: 'peer-closed'; infoHashHex: string; channelId: number }
  | { type: 'error'; infoHashHex?: string; error: ErrorInfo };

/** Wire format over the worker's MessagePort. */
export type ToWorker = { id: number; command: Command };
export type FromWorker =
  | { kind: 'reply'; id: number; ok: true; value: unknown }
  | { kind: 'reply'; id: number; ok: false; error: ErrorInfo }
  | { kind: 'event'; event: EngineEvent };

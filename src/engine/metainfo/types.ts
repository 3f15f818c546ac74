// The parsed shape of a torrent's metainfo (BEP 3, 12, 19, 27, 47, 52 hybrid) and of a magnet link (BEP 9, 53).

export interface TorrentFile {
  /** Path components as the torrent names them (decoded UTF-8, untrusted: display as text only). */
  readonly path: readonly string[];
  /** Path components made safe for storage and download names (no '..', no separators, no control chars). */
  readonly safePath: readonly string[];
  /** `path` joined with '/' (display only). */
  readonly name: string;
  readonly length: number;
  /** Byte offset of the file's first byte in the torrent's concatenated v1 layout (pad files included). */
  readonly offset: number;
  /** BEP 47 padding file ('p' in attr): never stored, never shown, reads as zeros. */
  readonly pad: boolean;
  /** BEP 47 attr string ('x' executable, 'h' hidden, 'l' symlink, 'p' pad), '' when absent. */
  readonly attr: string;
}

export interface Metainfo {
  /** SHA-1 of the raw bencoded `info` dictionary: the v1 info hash (for hybrids, the one v1 peers use). */
  readonly infoHash: Uint8Array;
  readonly infoHashHex: string;
  /** The exact `info` bytes, as received: served to peers over ut_metadata and hashed for the info hash. */
  readonly infoBytes: Uint8Array;
  /** Torrent name (info.name, untrusted). */
  readonly name: string;
  readonly pieceLength: number;
  readonly pieceCount: number;
  /** 20 bytes per piece, concatenated. */
  readonly pieceHashes: Uint8Array;
  /** Total length of the v1 layout, pad files included. */
  readonly length: number;
  /** All files in v1 order, pad files included (check `pad`); a single-file torrent has one entry. */
  readonly files: readonly TorrentFile[];
  /** True when the torrent has an info.files list (even with one entry): the name is a folder. */
  readonly multiFile: boolean;
  readonly private: boolean;
  /** BEP 12 tiers; `announce` alone becomes one tier of one. Deduplicated, order kept. */
  readonly announce: readonly (readonly string[])[];
  /** BEP 19 web seeds. */
  readonly urlList: readonly string[];
  readonly comment?: string;
  readonly createdBy?: string;
  /** Seconds since the epoch. */
  readonly creationDate?: number;
  /** BEP 52: the torrent also carries v2 fields (meta version 2 + file tree). */
  readonly hybrid: boolean;
}

export interface MagnetLink {
  readonly infoHash: Uint8Array;
  readonly infoHashHex: string;
  /** dn */
  readonly name?: string;
  /** tr, in order, deduplicated */
  readonly trackers: readonly string[];
  /** ws (web seeds) */
  readonly webSeeds: readonly string[];
  /** xl (exact length) */
  readonly length?: number;
  /** BEP 53 so=: selected file indexes, expanded from ranges; undefined means all files. */
  readonly selectOnly?: readonly number[];
  /** x.pe peer addresses (kept for display; WebRTC cannot dial them). */
  readonly peers: readonly string[];
}

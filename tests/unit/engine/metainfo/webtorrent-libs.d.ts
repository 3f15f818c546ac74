// Minimal types for WebTorrent's untyped libraries, used only by the interop tests.

declare module 'create-torrent' {
  interface CreateTorrentOptions {
    name?: string;
    creationDate?: Date | number;
    comment?: string;
    createdBy?: string;
    private?: boolean;
    pieceLength?: number;
    announceList?: string[][];
    urlList?: string[];
  }
  type Input = Uint8Array | (Uint8Array & { name?: string; fullPath?: string });
  export default function createTorrent(
    input: Input | Input[],
    opts: CreateTorrentOptions,
    cb: (err: Error | null, torrent: Uint8Array) => void,
  ): void;
}

declare module 'parse-torrent' {
  export interface ParsedTorrent {
    infoHash: string;
    name?: string;
    announce: string[];
    urlList: string[];
    private?: boolean;
    comment?: string;
    createdBy?: string;
    files?: { path: string; name: string; length: number; offset: number }[];
    length?: number;
    pieceLength?: number;
    lastPieceLength?: number;
    pieces?: string[];
  }
  export default function parseTorrent(id: string | Uint8Array): Promise<ParsedTorrent>;
  export function toMagnetURI(obj: object): string;
}

declare module 'magnet-uri' {
  export interface DecodedMagnet {
    infoHash?: string;
    name?: string;
    dn?: string;
    announce: string[];
    urlList: string[];
    peerAddresses: string[];
    so?: number[];
    xl?: string;
  }
  export function decode(uri: string): DecodedMagnet;
  export function encode(obj: object): string;
  export default decode;
}

// The BEP 3 / BEP 10 peer wire messages as plain values: what the decoder yields and the encoder takes.

/** Message ids on the wire (BEP 3; 20 is BEP 10's extended message). */
export const MessageId = {
  choke: 0,
  unchoke: 1,
  interested: 2,
  notInterested: 3,
  have: 4,
  bitfield: 5,
  request: 6,
  piece: 7,
  cancel: 8,
  port: 9,
  extended: 20,
} as const;

export type WireMessage =
  | { readonly type: 'keep-alive' }
  | { readonly type: 'choke' }
  | { readonly type: 'unchoke' }
  | { readonly type: 'interested' }
  | { readonly type: 'not-interested' }
  | { readonly type: 'have'; readonly index: number }
  | { readonly type: 'bitfield'; readonly bits: Uint8Array }
  | { readonly type: 'request'; readonly index: number; readonly begin: number; readonly length: number }
  /** `block` may be a view into the received chunk: copy it before the next push if it must outlive it. */
  | { readonly type: 'piece'; readonly index: number; readonly begin: number; readonly block: Uint8Array }
  | { readonly type: 'cancel'; readonly index: number; readonly begin: number; readonly length: number }
  | { readonly type: 'port'; readonly port: number }
  /** BEP 10: id 0 is the extension handshake; others are the ids we assigned in our handshake's `m`. */
  | { readonly type: 'extended'; readonly id: number; readonly payload: Uint8Array }
  /** Any other id (e.g. BEP 6 fast extension, which we do not advertise): skipped, never an error. */
  | { readonly type: 'unknown'; readonly id: number; readonly length: number };

export interface Handshake {
  /** 8 reserved bytes; bit 20 from the right (reserved[5] & 0x10) means BEP 10 support. */
  readonly reserved: Uint8Array;
  readonly infoHash: Uint8Array;
  readonly peerId: Uint8Array;
}

/** BEP 10 extension handshake fields we read and write. */
export interface ExtendedHandshake {
  /** Extension name -> id the sender wants to receive it on (0 = disabled). */
  readonly m: Readonly<Record<string, number>>;
  /** Client name and version. */
  readonly v?: string;
  /** How many outstanding requests the sender accepts. */
  readonly reqq?: number;
  /** BEP 9: size of the info dictionary in bytes. */
  readonly metadataSize?: number;
  /** Listening port (meaningless over WebRTC, kept for completeness). */
  readonly p?: number;
}

/** BEP 9 ut_metadata messages. */
export type MetadataMessage =
  | { readonly type: 'request'; readonly piece: number }
  | { readonly type: 'data'; readonly piece: number; readonly totalSize: number; readonly data: Uint8Array }
  | { readonly type: 'reject'; readonly piece: number };

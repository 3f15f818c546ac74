// Typed engine errors: a stable code a UI can map to a sentence, plus the numbers needed to debug.

/** Every code the engine raises. Stable: UIs, tests and logs match on these, never on messages. */
export type EngineErrorCode =
  // bencode
  | 'BENCODE_UNEXPECTED_END'
  | 'BENCODE_INVALID_TOKEN'
  | 'BENCODE_INVALID_INTEGER'
  | 'BENCODE_INTEGER_TOO_LARGE'
  | 'BENCODE_INVALID_STRING_LENGTH'
  | 'BENCODE_UNSORTED_KEYS'
  | 'BENCODE_DUPLICATE_KEY'
  | 'BENCODE_TRAILING_DATA'
  | 'BENCODE_TOO_DEEP'
  | 'BENCODE_UNSUPPORTED_VALUE'
  // metainfo and magnets
  | 'METAINFO_NOT_A_DICT'
  | 'METAINFO_MISSING_INFO'
  | 'METAINFO_BAD_FIELD'
  | 'METAINFO_BAD_PATH'
  | 'METAINFO_BAD_PIECES'
  | 'METAINFO_V2_ONLY'
  | 'METAINFO_TOO_LARGE'
  | 'MAGNET_INVALID'
  | 'MAGNET_NO_INFO_HASH'
  | 'MAGNET_BAD_INFO_HASH'
  // wire protocol
  | 'WIRE_BAD_HANDSHAKE'
  | 'WIRE_WRONG_INFO_HASH'
  | 'WIRE_MESSAGE_TOO_LONG'
  | 'WIRE_BAD_MESSAGE_LENGTH'
  | 'WIRE_BAD_PIECE_INDEX'
  | 'WIRE_BAD_BLOCK'
  | 'WIRE_BAD_BITFIELD'
  | 'WIRE_BAD_EXTENDED'
  | 'WIRE_UNREQUESTED_METADATA'
  | 'METADATA_TOO_LARGE'
  | 'METADATA_SIZE_MISMATCH'
  | 'METADATA_HASH_MISMATCH'
  // peers and torrents
  | 'PEER_BAD_DATA'
  | 'PEER_TIMEOUT'
  | 'PEER_SELF_CONNECTION'
  | 'PEER_DUPLICATE'
  | 'PEER_FLOODING'
  | 'TORRENT_EXISTS'
  | 'TORRENT_NOT_FOUND'
  | 'TORRENT_PAUSED'
  | 'TORRENT_NO_FILES'
  // API commands
  | 'COMMAND_INVALID'
  // storage
  | 'STORAGE_QUOTA_EXCEEDED'
  | 'STORAGE_UNAVAILABLE'
  | 'STORAGE_OUT_OF_RANGE'
  | 'STORAGE_IO';

export type ErrorDetails = Readonly<Record<string, number | string | boolean>>;

export class EngineError extends Error {
  override readonly name = 'EngineError';
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
  }

  /** Plain data for crossing a postMessage boundary (Error subclasses lose their fields there). */
  toJSON(): { code: EngineErrorCode; message: string; details: ErrorDetails } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

export function isEngineError(e: unknown, code?: EngineErrorCode): e is EngineError {
  return e instanceof EngineError && (code === undefined || e.code === code);
}

/** A storage failure as an engine error (an EngineError passes through as it is). */
export function asStorageError(e: unknown): EngineError {
  if (e instanceof EngineError) return e;
  return new EngineError('STORAGE_IO', `Storage failed: ${e instanceof Error ? e.message : String(e)}`);
}

// Messages between the harness page and its contract worker (types only; both sides import them).

export type Backend = 'opfs' | 'idb';

export type HarnessRequest =
  | { op: 'contract'; backend: Backend }
  | { op: 'probe' }
  /** Opens an OPFS store for `infoHash`, writes piece 0, and keeps the store open until 'release'. */
  | { op: 'hold'; infoHash: string }
  /** Tries to open an OPFS store for `infoHash` and closes it again. */
  | { op: 'open'; infoHash: string }
  | { op: 'release' }
  /** Writes `pieces` pieces of `pieceLength` bytes until one fails. */
  | { op: 'quota'; backend: Backend; pieceLength: number; pieces: number }
  | { op: 'export' };

export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  readonly error?: string;
  readonly ms: number;
}

export interface PlainError {
  readonly name: string;
  readonly code?: string;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export type HarnessReply =
  | { op: 'contract'; results: CheckResult[]; leftovers: string[] }
  | { op: 'probe'; opfsAvailable: boolean; chosen: string; chosenWithIdbPreference: string }
  | { op: 'hold' | 'open' | 'release'; error?: PlainError }
  | { op: 'quota'; written: number; marked: number; markedAfterReopen: number; error?: PlainError }
  | { op: 'export'; whileOpen: string; afterClose: string; missing: string }
  | { op: 'failed'; error: PlainError };

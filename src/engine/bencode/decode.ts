// Strict bencode decoder (BEP 3) over Uint8Array: exact round trips, byte offsets in every error.

import { EngineError } from '../errors.ts';
import type { EngineErrorCode } from '../errors.ts';

/** A decoded value. Byte strings are views into the input (copy them if the input buffer will be reused). */
export type BValue = Uint8Array | number | BValue[] | BDict;
/** Dict keys are latin1 "binary strings" (one UTF-16 unit per byte) so encode(decode(x)) gives back x exactly. */
export type BDict = Map<string, BValue>;

export interface DecodeOptions {
  /** Reject dicts whose keys are not in ascending raw-byte order (BEP 3 requires it; real torrents break it). */
  readonly strict?: boolean;
  /** Nesting limit; protects the call stack from hostile input like 100k nested lists. Default 256. */
  readonly maxDepth?: number;
}

/** Byte range [start, end) of a value inside the input. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export const DEFAULT_MAX_DEPTH = 256;

const C_0 = 48;
const C_9 = 57;
const C_COLON = 58;
const C_MINUS = 45;
const C_D = 100;
const C_E = 101;
const C_I = 105;
const C_L = 108;

class Parser {
  pos = 0;
  private depth = 0;
  readonly strict: boolean;
  readonly maxDepth: number;
  /** Keys whose top-level dict values get their byte span recorded (metainfo needs the raw `info` bytes). */
  spanKeys: ReadonlySet<string> | null = null;
  readonly spans = new Map<string, Span>();

  constructor(
    readonly bytes: Uint8Array,
    opts: DecodeOptions | undefined,
  ) {
    this.strict = opts?.strict ?? false;
    this.maxDepth = opts?.maxDepth ?? DEFAULT_MAX_DEPTH;
  }

  fail(code: EngineErrorCode, message: string, offset: number, extra?: Record<string, number | string>): never {
    throw new EngineError(code, `${message} (at byte ${offset}).`, { offset, ...extra });
  }

  value(): BValue {
    const b = this.bytes;
    if (this.pos >= b.length) this.fail('BENCODE_UNEXPECTED_END', 'The data ends where a value should start', this.pos);
    const c = b[this.pos]!;
    if (c >= C_0 && c <= C_9) return this.string();
    if (c === C_I) return this.integer();
    if (c === C_L) return this.list();
    if (c === C_D) return this.dict();
    return this.fail('BENCODE_INVALID_TOKEN', `Unexpected byte 0x${c.toString(16).padStart(2, '0')} where a value should start`, this.pos);
  }

  string(): Uint8Array {
    const b = this.bytes;
    const start = this.pos;
    let p = start;
    let n = 0;
    // The first digit may be '0' only for the empty string "0:": leading zeros would make two encodings of one value.
    if (b[p] === C_0 && b[p + 1] !== C_COLON && p + 1 < b.length) {
      this.fail('BENCODE_INVALID_STRING_LENGTH', 'A string length has a leading zero', start);
    }
    while (p < b.length) {
      const c = b[p]!;
      if (c < C_0 || c > C_9) break;
      n = n * 10 + (c - C_0);
      // Stop as soon as the length cannot fit: keeps `n` exact and the error honest.
      if (n > b.length) {
        this.fail('BENCODE_INVALID_STRING_LENGTH', 'A string claims to be longer than the whole input', start, { length: b.length });
      }
      p++;
    }
    if (p >= b.length) this.fail('BENCODE_UNEXPECTED_END', 'The data ends inside a string length', start);
    if (b[p] !== C_COLON) this.fail('BENCODE_INVALID_STRING_LENGTH', 'A string length is not followed by ":"', p);
    p++;
    const end = p + n;
    if (end > b.length) {
      this.fail('BENCODE_UNEXPECTED_END', `A string of ${n} bytes runs ${end - b.length} bytes past the end`, start, {
        declared: n,
        available: b.length - p,
      });
    }
    this.pos = end;
    return b.subarray(p, end);
  }

  integer(): number {
    const b = this.bytes;
    const start = this.pos;
    let p = start + 1;
    let negative = false;
    if (b[p] === C_MINUS) {
      negative = true;
      p++;
    }
    const digits = p;
    let n = 0;
    while (p < b.length) {
      const c = b[p]!;
      if (c < C_0 || c > C_9) break;
      n = n * 10 + (c - C_0);
      // Checked per digit so `n` never loses precision before we notice.
      if (n > Number.MAX_SAFE_INTEGER) {
        this.fail('BENCODE_INTEGER_TOO_LARGE', 'An integer is too large to represent exactly', start);
      }
      p++;
    }
    if (p >= b.length) this.fail('BENCODE_UNEXPECTED_END', 'The data ends inside an integer', start);
    if (b[p] !== C_E) {
      this.fail('BENCODE_INVALID_INTEGER', 'An integer contains a byte that is not a digit', p);
    }
    const count = p - digits;
    if (count === 0) this.fail('BENCODE_INVALID_INTEGER', 'An integer has no digits', start);
    if (count > 1 && b[digits] === C_0) this.fail('BENCODE_INVALID_INTEGER', 'An integer has a leading zero', start);
    if (negative && n === 0) this.fail('BENCODE_INVALID_INTEGER', 'Negative zero is not a valid integer', start);
    this.pos = p + 1;
    return negative ? -n : n;
  }

  private enter(): void {
    if (++this.depth > this.maxDepth) {
      this.fail('BENCODE_TOO_DEEP', `Lists and dictionaries are nested deeper than ${this.maxDepth} levels`, this.pos, {
        maxDepth: this.maxDepth,
      });
    }
  }

  list(): BValue[] {
    const b = this.bytes;
    const start = this.pos;
    this.enter();
    this.pos++;
    const out: BValue[] = [];
    for (;;) {
      if (this.pos >= b.length) this.fail('BENCODE_UNEXPECTED_END', 'The data ends inside a list', start);
      if (b[this.pos] === C_E) break;
      out.push(this.value());
    }
    this.pos++;
    this.depth--;
    return out;
  }

  dict(): BDict {
    const b = this.bytes;
    const start = this.pos;
    this.enter();
    const recordSpans = this.depth === 1 && this.spanKeys !== null;
    this.pos++;
    const out: BDict = new Map();
    let prev: string | null = null;
    for (;;) {
      if (this.pos >= b.length) this.fail('BENCODE_UNEXPECTED_END', 'The data ends inside a dictionary', start);
      const c = b[this.pos]!;
      if (c === C_E) break;
      const keyAt = this.pos;
      if (c < C_0 || c > C_9) this.fail('BENCODE_INVALID_TOKEN', 'A dictionary key is not a string', keyAt);
      const key = binaryKey(this.string());
      // Binary-string comparison is raw-byte comparison: every code unit is one byte.
      if (prev !== null && key <= prev) {
        if (key === prev || out.has(key)) this.fail('BENCODE_DUPLICATE_KEY', 'A dictionary has the same key twice', keyAt);
        if (this.strict) this.fail('BENCODE_UNSORTED_KEYS', 'Dictionary keys are not in sorted order', keyAt);
      } else if (prev !== null && !this.strict && out.has(key)) {
        this.fail('BENCODE_DUPLICATE_KEY', 'A dictionary has the same key twice', keyAt);
      }
      prev = key;
      const valueAt = this.pos;
      out.set(key, this.value());
      if (recordSpans && this.spanKeys!.has(key)) this.spans.set(key, { start: valueAt, end: this.pos });
    }
    this.pos++;
    this.depth--;
    return out;
  }
}

/** latin1 view of a key; keys are short, so a loop beats building an array for String.fromCharCode.apply. */
function binaryKey(bytes: Uint8Array): string {
  let s = '';
  if (bytes.length <= 64) {
    for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
    return s;
  }
  for (let i = 0; i < bytes.length; i += 0x2000) {
    s += String.fromCharCode.apply(null, Array.from(bytes.subarray(i, i + 0x2000)));
  }
  return s;
}

function finish(p: Parser, value: BValue): BValue {
  if (p.pos !== p.bytes.length) {
    p.fail('BENCODE_TRAILING_DATA', `${p.bytes.length - p.pos} bytes follow the end of the value`, p.pos, {
      trailing: p.bytes.length - p.pos,
    });
  }
  return value;
}

/** Decodes exactly one value that fills `bytes`. */
export function decode(bytes: Uint8Array, opts?: DecodeOptions): BValue {
  const p = new Parser(bytes, opts);
  return finish(p, p.value());
}

/**
 * Decodes one value at the start of `bytes` and reports where it ends; the rest is the caller's (a ut_metadata
 * data message is a bencoded dict followed by raw metadata bytes).
 */
export function decodePrefix(bytes: Uint8Array, opts?: DecodeOptions): { value: BValue; end: number } {
  const p = new Parser(bytes, opts);
  const value = p.value();
  return { value, end: p.pos };
}

/**
 * Decodes like `decode` and records the byte span of the top-level dict's values for `keys` (a key that is absent,
 * or a top level that is not a dict, has no span). The info hash is over these exact bytes.
 */
export function decodeWithSpans(
  bytes: Uint8Array,
  keys: readonly string[],
  opts?: DecodeOptions,
): { value: BValue; spans: ReadonlyMap<string, Span> } {
  const p = new Parser(bytes, opts);
  p.spanKeys = new Set(keys);
  const value = finish(p, p.value());
  return { value, spans: p.spans };
}

/** The raw bytes (a view) of top-level dict value `key`, or null when absent. Validates the whole input. */
export function rawDictValue(bytes: Uint8Array, key: string, opts?: DecodeOptions): Uint8Array | null {
  const span = decodeWithSpans(bytes, [key], opts).spans.get(key);
  return span ? bytes.subarray(span.start, span.end) : null;
}

// HTTP Range requests for single byte ranges (RFC 9110 section 14): parsing `Range` against a known length, and
// the matching `Content-Range` values. Pure; the service worker builds responses from the result.

export type RangeResult =
  /** No usable Range header (absent, another unit, malformed, or several ranges): answer 200 with everything. */
  | { readonly kind: 'full' }
  /** One satisfiable range: answer 206 with bytes start..end (inclusive). */
  | { readonly kind: 'partial'; readonly start: number; readonly end: number }
  /** A well-formed range that selects nothing of this representation: answer 416. */
  | { readonly kind: 'unsatisfiable' };

const FULL: RangeResult = { kind: 'full' };
const UNSATISFIABLE: RangeResult = { kind: 'unsatisfiable' };


/**
 * Parses a `Range` header against a representation of `length` bytes.
 *
 * - `bytes=a-b`, `bytes=a-` and `bytes=-n` (the last n bytes) are served; `b` past the end is clamped (14.1.2).
 * - A first byte at or past the end, or a suffix of 0, cannot be satisfied: 416 (14.1.1, 15.5.17).
 * - `b < a` is an invalid range-spec; a client that sends one asked for something impossible: 416.
 * - Another unit, garbage, or more than one range is ignored (a server MAY ignore Range, 14.2): 200 with the whole.
 *   Browsers' media and download requests only ever send one range.
 */
export function parseRange(header: string | null | undefined, length: number): RangeResult {
  if (header === null || header === undefined) return FULL;
  const m = /^\s*bytes\s*=\s*(.*)$/i.exec(header);
  if (!m) return FULL;
  const specs = m[1]!.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (specs.length !== 1) return FULL;
  const spec = /^(\d*)\s*-\s*(\d*)$/.exec(specs[0]!);
  if (!spec) return FULL;
  const [, a = '', b = ''] = spec;
  if (a === '' && b === '') return FULL;
  if (a === '') return suffix(length, toNumber(b));
  const start = toNumber(a);
  const last = b === '' ? Infinity : toNumber(b);
  if (last < start || start >= length) return UNSATISFIABLE;
  return { kind: 'partial', start, end: Math.min(last, length - 1) };
}

/**
 * Decimal digits (leading zeros allowed, RFC 9110 1*DIGIT) as a number. Past 2^53 it is past the end of any
 * representation we hold and no longer exact, so Infinity says as much; the digit count check keeps a 400-digit
 * value from being parsed at all.
 */
function toNumber(digits: string): number {
  const d = digits.replace(/^0+(?=\d)/, '');
  if (d.length > 16) return Infinity;
  const n = Number(d);
  return n > Number.MAX_SAFE_INTEGER ? Infinity : n;
}

/** `bytes=-n`: the last n bytes (all of them when n is larger than the representation). */
function suffix(length: number, n: number): RangeResult {
  if (n === 0 || length === 0) return UNSATISFIABLE;
  return { kind: 'partial', start: Math.max(0, length - n), end: length - 1 };
}

/** `Content-Range` of a 206 answer. */
export function contentRange(start: number, end: number, length: number): string {
  return `bytes ${start}-${end}/${length}`;
}

/** `Content-Range` of a 416 answer: the current length, so the client can ask again. */
export function unsatisfiedRange(length: number): string {
  return `bytes */${length}`;
}

// Fuzz target: the service worker's HTTP Range parser (RFC 9110 section 14). Any header and length must give
// 'full', 'unsatisfiable' or a partial range inside the representation; a single well-formed byte range must
// match a BigInt reference reading of the RFC exactly.

import { parseRange } from '../../../src/sw/range.ts';
import type { RangeResult } from '../../../src/sw/range.ts';
import { check, mutateText, preview } from '../harness.ts';
import type { FuzzTarget, Outcome, Rand } from '../harness.ts';

interface Input {
  readonly header: string | null;
  readonly length: number;
}

const td = new TextDecoder();
const ALPHABET = '0123456789-,= \tbytesBYTES;\u00a0\u0660\uff10\n';

function digits(r: Rand): string {
  return r.pick<() => string>([
    () => `${r.int(1000)}`,
    () => `${r.int(2 ** 31)}`,
    () => r.pick(['9007199254740991', '9007199254740992', '9007199254740993', '999999999999999', '1000000000000000']),
    () => '9'.repeat(1 + r.int(400)),
    () => `0${r.int(100)}`,
    () => '',
  ])();
}

function header(r: Rand): string | null {
  if (r.chance(0.02)) return null;
  const spec = (): string => `${digits(r)}${r.pick(['-', ' - ', '-', '--', ''])}${digits(r)}`;
  const unit = r.pick(['bytes', 'bytes', 'Bytes', ' bytes ', 'items', 'byte']);
  const specs = Array.from({ length: r.chance(0.8) ? 1 : r.int(4) }, spec);
  return `${unit}=${specs.join(r.pick([',', ', ', ',,']))}`;
}

/** RFC 9110 14.1.2 for one `bytes=a-b` / `bytes=a-` / `bytes=-n`, over BigInt so no precision is lost. */
function reference(h: string, length: number): RangeResult | null {
  const m = /^bytes=(\d*)-(\d*)$/.exec(h);
  if (!m || (m[1] === '' && m[2] === '')) return null;
  const len = BigInt(length);
  if (m[1] === '') {
    const n = BigInt(m[2]!);
    if (n === 0n || len === 0n) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Number(n >= len ? 0n : len - n), end: length - 1 };
  }
  const a = BigInt(m[1]!);
  const b = m[2] === '' ? null : BigInt(m[2]!);
  if ((b !== null && b < a) || a >= len) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start: Number(a), end: Number(b === null || b >= len ? len - 1n : b) };
}

export const rangeTarget: FuzzTarget<Input> = {
  name: 'range',
  generate(r, corpus) {
    const length = r.pick([0, 1, 2, 100, 2 ** 31, 2 ** 32 + 5, 2 ** 53 - 1, r.int(1e6), r.int(2 ** 40)]);
    if (r.chance(0.6)) return { header: header(r), length };
    return { header: mutateText(r, td.decode(r.pick(corpus)).trim(), ALPHABET), length };
  },
  run({ header: h, length }): Outcome {
    const got = parseRange(h, length);
    if (got.kind === 'partial') {
      check(Number.isSafeInteger(got.start) && Number.isSafeInteger(got.end), 'non-integer range');
      check(got.start >= 0 && got.start <= got.end && got.end < length, `range ${got.start}-${got.end} outside ${length} bytes`);
    }
    const want = h === null ? null : reference(h, length);
    if (want) check(JSON.stringify(got) === JSON.stringify(want), `got ${JSON.stringify(got)}, the RFC says ${JSON.stringify(want)}`);
    return got.kind === 'full' ? 'typed' : 'ok';
  },
  show: ({ header: h, length }) => `length ${length} header ${h === null ? 'null' : preview(h)}`,
};

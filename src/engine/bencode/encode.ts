// Bencode encoder (BEP 3): canonical output, dict keys sorted by raw bytes.

import { EngineError } from '../errors.ts';

/**
 * What the encoder takes. Strings are UTF-8 text. Map keys are latin1 "binary strings" (as `decode` yields them,
 * so re-encoding is exact); plain-object keys are UTF-8 text (natural for hand-written dicts).
 */
export type BEncodable =
  | Uint8Array
  | string
  | number
  | readonly BEncodable[]
  | ReadonlyMap<string, BEncodable>
  | { readonly [key: string]: BEncodable };

const textEncoder = new TextEncoder();

class Writer {
  buf = new Uint8Array(256);
  len = 0;

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  byte(c: number): void {
    this.reserve(1);
    this.buf[this.len++] = c;
  }

  ascii(s: string): void {
    this.reserve(s.length);
    for (let i = 0; i < s.length; i++) this.buf[this.len++] = s.charCodeAt(i);
  }

  bytes(b: Uint8Array): void {
    this.ascii(`${b.length}:`);
    this.reserve(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  /** A key already in binary-string form: one byte per code unit. */
  binary(s: string): void {
    this.ascii(`${s.length}:`);
    this.ascii(s);
  }
}

function unsupported(what: string, path: string): never {
  throw new EngineError('BENCODE_UNSUPPORTED_VALUE', `Cannot bencode ${what} at ${path || 'the top level'}.`, { path });
}

/** UTF-8 text as a binary string, so object keys sort and compare like Map keys. */
function utf8Binary(s: string): string {
  const b = textEncoder.encode(s);
  let out = '';
  for (let i = 0; i < b.length; i++) out += String.fromCharCode(b[i]!);
  return out;
}

function isBinaryString(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xff) return false;
  return true;
}

// Binary strings compare by code unit, which here is raw-byte order: exactly what BEP 3 asks of dict keys.
function byKey(a: [string, BEncodable], b: [string, BEncodable]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

function write(w: Writer, v: BEncodable, path: string, depth: number): void {
  // Same limit as the decoder: never emit what we would refuse to read, and stop runaway cycles.
  if (depth > 256) unsupported('a value nested deeper than 256 levels (a cycle?)', path);
  if (v instanceof Uint8Array) return w.bytes(v);
  if (typeof v === 'string') return w.bytes(textEncoder.encode(v));
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) unsupported(`the number ${v} (only safe integers)`, path);
    return w.ascii(`i${v}e`);
  }
  if (Array.isArray(v)) {
    w.byte(0x6c); // 'l'
    const list = v as readonly BEncodable[];
    for (let i = 0; i < list.length; i++) write(w, list[i]!, `${path}[${i}]`, depth + 1);
    return w.byte(0x65); // 'e'
  }
  if (v instanceof Map) {
    const entries: [string, BEncodable][] = [];
    for (const [k, val] of v as ReadonlyMap<unknown, BEncodable>) {
      if (typeof k !== 'string' || !isBinaryString(k)) unsupported('a Map key that is not a binary string', path);
      entries.push([k, val]);
    }
    return writeDict(w, entries, path, depth);
  }
  if (v !== null && typeof v === 'object' && !ArrayBuffer.isView(v)) {
    const proto = Object.getPrototypeOf(v) as unknown;
    if (proto === Object.prototype || proto === null) {
      const entries: [string, BEncodable][] = [];
      for (const k of Object.keys(v)) entries.push([utf8Binary(k), (v as Record<string, BEncodable>)[k]!]);
      return writeDict(w, entries, path, depth);
    }
  }
  return unsupported(describe(v), path);
}

function writeDict(w: Writer, entries: [string, BEncodable][], path: string, depth: number): void {
  entries.sort(byKey);
  w.byte(0x64); // 'd'
  for (const [k, val] of entries) {
    w.binary(k);
    write(w, val, `${path}.${k}`, depth + 1);
  }
  w.byte(0x65);
}

function describe(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (typeof v === 'object') return `an object of type ${(v as object).constructor?.name ?? 'unknown'}`;
  return `a value of type ${typeof v}`;
}

/** Encodes a value; throws BENCODE_UNSUPPORTED_VALUE (with the path of the culprit) for anything else. */
export function encode(value: BEncodable): Uint8Array {
  const w = new Writer();
  write(w, value, '', 0);
  return w.buf.slice(0, w.len);
}

// The fuzz harness: a seeded PRNG per input (so input i of seed s reproduces alone), generic mutators, and the
// loop that runs a target and counts outcomes. Targets live in tests/fuzz/targets/, one parser each.

import { readdirSync, readFileSync } from 'node:fs';

/** A target's verdict on one input: accepted, or refused with one of the parser's typed errors/refusals. */
export type Outcome = 'ok' | 'typed';

export interface FuzzTarget<I> {
  readonly name: string;
  /** One input, from the PRNG and the seed corpus (files under tests/fuzz/corpus/<name>/). */
  generate(r: Rand, corpus: readonly Uint8Array[]): I;
  /**
   * Runs the parser on `input` and checks what it promises. Returns 'typed' for a refusal its contract allows;
   * anything thrown (an untyped error, or a broken invariant) is a crash.
   */
  run(input: I): Outcome | Promise<Outcome>;
  /** The input as text, to reproduce a crash by hand. */
  show(input: I): string;
}

export interface Crash {
  readonly index: number;
  readonly error: string;
  readonly input: string;
}

export interface FuzzStats {
  readonly target: string;
  readonly inputs: number;
  readonly accepted: number;
  readonly typedErrors: number;
  readonly crashes: number;
  /** The first few crashes, with the index that regenerates each. */
  readonly crashList: readonly Crash[];
  /** CPU time of the slowest input (user + system, all threads of the process: GC included). */
  readonly slowestMs: number;
  readonly slowestIndex: number;
  /** Inputs over SLOW_MS of CPU time twice in a row (once could be a GC pause). */
  readonly slow: readonly Crash[];
  readonly peakHeapMiB: number;
  readonly seconds: number;
}

/** The bound: no input may take longer to parse. */
export const SLOW_MS = 100;
const KEPT_CRASHES = 5;

export interface Rand {
  /** [0, 1) */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  bytes(n: number): Uint8Array;
}

/** mulberry32: small, fast, the same sequence everywhere. */
export function rng(seed: number): Rand {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => items[int(items.length)]!,
    bytes: (n) => {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = int(256);
      return out;
    },
  };
}

/** The seed of input `index` in a run seeded `seed`: every input has its own stream, so any one replays alone. */
export function inputSeed(seed: number, index: number): number {
  return Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const SIGNIFICANT = [...'ield:-0123456789{}[]",\\%&=+'].map((c) => c.charCodeAt(0));

/**
 * 1 to 4 edits: bit flips, significant bytes, truncation, deletion, duplication (repeats keys, nests values),
 * digit runs (inflates lengths and integers), and splices from another corpus entry.
 */
export function mutateBytes(r: Rand, input: Uint8Array, corpus: readonly Uint8Array[] = []): Uint8Array {
  let out = input;
  for (let k = 1 + r.int(4); k > 0; k--) {
    const at = r.int(out.length + 1);
    switch (r.int(8)) {
      case 0:
        if (out.length) (out = out.slice())[Math.min(at, out.length - 1)]! ^= 1 << r.int(8);
        break;
      case 1:
        if (out.length) (out = out.slice())[Math.min(at, out.length - 1)] = r.pick(SIGNIFICANT);
        break;
      case 2:
        out = out.subarray(0, at);
        break;
      case 3:
        out = concat([out.subarray(0, at), out.subarray(at + 1 + r.int(16))]);
        break;
      case 4: {
        const n = 1 + r.int(40);
        out = concat([out.subarray(0, at + n), out.subarray(at, at + n), out.subarray(at + n)]);
        break;
      }
      case 5: {
        const digits = Uint8Array.from({ length: 1 + r.int(20) }, () => 48 + r.int(10));
        out = concat([out.subarray(0, at), digits, out.subarray(at)]);
        break;
      }
      case 6: {
        const other = corpus.length ? r.pick(corpus) : out;
        const from = r.int(other.length + 1);
        out = concat([out.subarray(0, at), other.subarray(from, from + 1 + r.int(64)), out.subarray(at)]);
        break;
      }
      default:
        if (out.length) (out = out.slice())[Math.min(at, out.length - 1)] = r.int(256);
    }
  }
  return out;
}

/** Text edits at UTF-16 code unit level: they split surrogate pairs on purpose. */
export function mutateText(r: Rand, input: string, alphabet: string): string {
  let s = input;
  for (let k = 1 + r.int(4); k > 0; k--) {
    const at = r.int(s.length + 1);
    switch (r.int(5)) {
      case 0:
        s = s.slice(0, at) + alphabet[r.int(alphabet.length)] + s.slice(at);
        break;
      case 1:
        s = s.slice(0, at) + s.slice(at + 1 + r.int(8));
        break;
      case 2:
        s = s.slice(0, at);
        break;
      case 3:
        s = s.slice(0, at) + s.slice(Math.max(0, at - 20), at) + s.slice(at);
        break;
      default:
        s = s.slice(0, at) + String.fromCharCode(r.int(0x10000)) + s.slice(at);
    }
  }
  return s;
}

/** A string with the characters parsers trip on: lone surrogates, pairs, controls, bidi marks, NUL, separators. */
export function nastyString(r: Rand, max = 24): string {
  const pool = ['a', 'Z', '0', ' ', '.', '..', '/', '\\', '%', '%2', '%zz', '%41', '+', '&', '=', '#', '?', ',', '-', '"', '\u0000',
    '\n', '\u202e', '\u2066', '\u00e9', 'e\u0301', '\ud83d\ude00', '\ud800', '\udfff', '\ufffd', '\uffff', '\u0100'];
  let s = '';
  for (let n = r.int(max + 1); n > 0; n--) s += r.pick(pool);
  return s;
}

/** Seed corpus files of one target, read once. */
export function loadCorpus(name: string): Uint8Array[] {
  const dir = new URL(`./corpus/${name}/`, import.meta.url);
  return readdirSync(dir)
    .sort()
    .map((f) => new Uint8Array(readFileSync(new URL(f, dir))));
}

export interface FuzzOptions {
  readonly count: number;
  readonly seed: number;
  /** First input index (to replay one input: start = its index, count = 1). */
  readonly start?: number;
  /** Called every `progressEvery` inputs with the figures so far (a long run reports even if stopped early). */
  readonly onProgress?: (done: number, sofar: { accepted: number; typedErrors: number; crashes: number; slowestMs: number }) => void;
  readonly progressEvery?: number;
  /** Called at each crash as it happens (a long run shows its finds before it ends). */
  readonly onCrash?: (crash: Crash) => void;
}

export async function fuzz<I>(target: FuzzTarget<I>, corpus: readonly Uint8Array[], opts: FuzzOptions): Promise<FuzzStats> {
  const start = opts.start ?? 0;
  const crashList: Crash[] = [];
  const slow: Crash[] = [];
  let accepted = 0;
  let typedErrors = 0;
  let crashes = 0;
  let slowestMs = 0;
  let slowestIndex = -1;
  let peakHeap = process.memoryUsage().heapUsed;
  const began = performance.now();
  const every = opts.progressEvery ?? 100_000;

  // CPU time, not wall time: on a shared, loaded machine a trivial loop can wait hundreds of ms for a core.
  const once = async (input: I): Promise<{ ms: number; outcome: Outcome | Error }> => {
    const t0 = process.cpuUsage();
    let outcome: Outcome | Error;
    try {
      outcome = await target.run(input);
    } catch (e) {
      outcome = e instanceof Error ? e : new Error(String(e));
    }
    const used = process.cpuUsage(t0);
    return { ms: (used.user + used.system) / 1000, outcome };
  };

  for (let i = start; i < start + opts.count; i++) {
    const input = target.generate(rng(inputSeed(opts.seed, i)), corpus);
    const { ms, outcome } = await once(input);
    if (outcome === 'ok') accepted++;
    else if (outcome === 'typed') typedErrors++;
    else {
      crashes++;
      if (crashList.length < KEPT_CRASHES || opts.onCrash) {
        const crash = { index: i, error: `${outcome.name}: ${outcome.message}`, input: target.show(input) };
        if (crashList.length < KEPT_CRASHES) crashList.push(crash);
        opts.onCrash?.(crash);
      }
    }
    if (ms > slowestMs) {
      slowestMs = ms;
      slowestIndex = i;
    }
    if (ms > SLOW_MS && (await once(input)).ms > SLOW_MS && slow.length < KEPT_CRASHES) {
      slow.push({ index: i, error: `${ms.toFixed(0)} ms`, input: target.show(input) });
    }
    const done = i - start + 1;
    if (done % 1000 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    if (opts.onProgress && done % every === 0) opts.onProgress(done, { accepted, typedErrors, crashes, slowestMs });
  }
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  return {
    target: target.name,
    inputs: opts.count,
    accepted,
    typedErrors,
    crashes,
    crashList,
    slowestMs,
    slowestIndex,
    slow,
    peakHeapMiB: peakHeap / 1048576,
    seconds: (performance.now() - began) / 1000,
  };
}

/** A broken promise of the parser under test: always a crash, never mistaken for a typed refusal. */
export class InvariantError extends Error {
  override readonly name = 'InvariantError';
}

export function check(condition: boolean, what: string): asserts condition {
  if (!condition) throw new InvariantError(what);
}

/** Shown inputs are cut so a report stays readable; the index replays the whole input. */
export function preview(s: string, max = 300): string {
  const escaped = JSON.stringify(s);
  return escaped.length > max ? `${escaped.slice(0, max)}… (${s.length} chars)` : escaped;
}

export function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

#!/usr/bin/env node
// `npm run fuzz`: runs every fuzz target in tests/fuzz/targets for a million seeded inputs (or --count) and prints,
// per target: inputs, accepted, typed errors, crashes, the slowest input and inputs over 100 ms, peak heap.
// The targets are TypeScript; Vite's module runner loads them (Node 20 cannot strip types by itself).
//
//   npm run fuzz                                  all targets, 10^6 inputs each, seed 1
//   npm run fuzz -- --count 20000 --target wire   one target, fewer inputs
//   npm run fuzz -- --target magnet --seed 1 --start 4242 --count 1 --verbose    replay one input
//
// Exit status 1 when any target crashed or had an input over 100 ms twice in a row.

import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runnerImport } from 'vite';

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '1' },
    start: { type: 'string', default: '0' },
    target: { type: 'string', multiple: true },
    verbose: { type: 'boolean', default: false },
  },
});
const count = Number(args.count);
const seed = Number(args.seed);
const start = Number(args.start);
if (!Number.isSafeInteger(count) || count < 1 || !Number.isSafeInteger(seed) || !Number.isSafeInteger(start)) {
  console.error('--count, --seed and --start take integers');
  process.exit(2);
}

const entry = fileURLToPath(new URL('../tests/fuzz/targets/index.ts', import.meta.url));
const { module: fuzzing } = await runnerImport(entry, { configFile: false, logLevel: 'error' });
const targets = fuzzing.TARGETS.filter((t) => !args.target || args.target.includes(t.name));
if (targets.length === 0) {
  console.error(`no such target; known: ${fuzzing.TARGETS.map((t) => t.name).join(', ')}`);
  process.exit(2);
}

const rows = [];
let failed = false;
for (const target of targets) {
  const corpus = fuzzing.loadCorpus(target.name);
  process.stderr.write(`${target.name}: ${count} inputs from index ${start}, seed ${seed}, ${corpus.length} corpus files\n`);
  const stats = await fuzzing.fuzz(target, corpus, {
    count,
    seed,
    start,
    progressEvery: Math.min(100_000, Math.max(1000, Math.floor(count / 20))),
    onProgress: (done, s) =>
      process.stderr.write(
        `  ${target.name}: ${done} inputs, ${s.accepted} accepted, ${s.typedErrors} typed errors, ${s.crashes} crashes, slowest ${s.slowestMs.toFixed(1)} ms\n`,
      ),
    onCrash: (c) =>
      console.log(`CRASH ${target.name} #${c.index}: ${c.error}\n  input: ${c.input}\n  replay: npm run fuzz -- --target ${target.name} --seed ${seed} --start ${c.index} --count 1 --verbose`),
  });
  rows.push(stats);
  if (stats.crashes > 0 || stats.slow.length > 0) failed = true;
  for (const c of stats.slow) console.log(`SLOW ${target.name} #${c.index}: ${c.error}\n  input: ${c.input}`);
  if (args.verbose && count <= 10) {
    for (let i = start; i < start + count; i++) console.log(`input #${i}: ${target.show(target.generate(fuzzing.rngFor(seed, i), corpus))}`);
  }
}

const table = rows.map((s) => ({
  target: s.target,
  inputs: s.inputs,
  accepted: s.accepted,
  'typed errors': s.typedErrors,
  crashes: s.crashes,
  'slowest (ms)': Number(s.slowestMs.toFixed(1)),
  'slowest input': s.slowestIndex,
  [`over ${fuzzing.SLOW_MS} ms`]: s.slow.length,
  'peak heap (MiB)': Math.round(s.peakHeapMiB),
  seconds: Math.round(s.seconds),
}));
console.table(table);
process.exit(failed ? 1 : 0);

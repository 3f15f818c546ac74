// The harness's promises: input i of seed s is the same alone as inside a run, and outcomes are counted right.

import { describe, expect, it } from 'vitest';
import { fuzz, inputSeed, InvariantError, rng } from './harness.ts';
import type { FuzzTarget } from './harness.ts';

const numbers: FuzzTarget<number> = {
  name: 'numbers',
  generate: (r) => r.int(1000),
  run(n) {
    if (n % 7 === 0) throw new InvariantError(`multiple of 7: ${n}`);
    return n % 2 === 0 ? 'ok' : 'typed';
  },
  show: (n) => String(n),
};

describe('fuzz harness', () => {
  it('replays any input from its index alone', async () => {
    const all = Array.from({ length: 50 }, (_, i) => numbers.generate(rng(inputSeed(9, i)), []));
    const crashes = (await fuzz(numbers, [], { count: 50, seed: 9 })).crashList;
    expect(crashes.length).toBeGreaterThan(0);
    for (const c of crashes) {
      const alone = await fuzz(numbers, [], { count: 1, seed: 9, start: c.index });
      expect(alone.crashList[0]!.input).toBe(c.input);
      expect(Number(c.input)).toBe(all[c.index]);
    }
  });

  it('counts accepted, typed and crashed inputs separately', async () => {
    const s = await fuzz(numbers, [], { count: 400, seed: 3 });
    const inputs = Array.from({ length: 400 }, (_, i) => numbers.generate(rng(inputSeed(3, i)), []));
    expect(s.crashes).toBe(inputs.filter((n) => n % 7 === 0).length);
    expect(s.accepted).toBe(inputs.filter((n) => n % 7 !== 0 && n % 2 === 0).length);
    expect(s.typedErrors).toBe(400 - s.crashes - s.accepted);
    expect(s.crashList[0]!.error).toMatch(/^InvariantError: multiple of 7/);
  });

  it('gives different seeds and indexes different streams', () => {
    const first = (seed: number, i: number): number => rng(inputSeed(seed, i)).next();
    expect(new Set([first(1, 0), first(1, 1), first(2, 0), first(2, 1)]).size).toBe(4);
  });
});

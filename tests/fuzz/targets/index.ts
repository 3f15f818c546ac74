// Every fuzz target, in the order `npm run fuzz` runs them. The name is also the corpus folder.

import type { FuzzTarget } from '../harness.ts';
import { bencodeTarget } from './bencode.ts';
import { magnetTarget } from './magnet.ts';
import { metainfoTarget } from './metainfo.ts';
import { rangeTarget } from './range.ts';
import { wireTarget } from './wire.ts';
import { wsTrackerTarget } from './ws-tracker.ts';

export const TARGETS: readonly FuzzTarget<never>[] = [
  bencodeTarget,
  metainfoTarget,
  magnetTarget,
  wireTarget,
  wsTrackerTarget,
  rangeTarget,
] as unknown as readonly FuzzTarget<never>[];

export { fuzz, loadCorpus, SLOW_MS } from '../harness.ts';
import { inputSeed, rng } from '../harness.ts';

/** The PRNG input `index` of a run seeded `seed` is generated from (to print a replayed input). */
export const rngFor = (seed: number, index: number): ReturnType<typeof rng> => rng(inputSeed(seed, index));
export type { FuzzStats } from '../harness.ts';

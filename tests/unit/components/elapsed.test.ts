import { describe, expect, it } from 'vitest';
import type { TorrentSnapshot } from '../../../src/api/protocol.ts';
import { activeSecondsOf, seedingSecondsOf } from '../../../src/components/elapsed.ts';

const snap = (fields: Partial<TorrentSnapshot>) => fields as TorrentSnapshot;

describe('elapsed seconds from a snapshot', () => {
  it('counts from the start time while the count grows', () => {
    const t = snap({ activeSince: 1_000_000, seedingSince: 1_050_000 });
    expect(activeSecondsOf(t, 1_100_999)).toBe(100);
    expect(seedingSecondsOf(t, 1_100_999)).toBe(50);
    expect(seedingSecondsOf(t, 1_000_000)).toBe(0); // a page clock slightly behind never shows negative time
  });

  it('shows the standing count as it is, and nothing when neither is known', () => {
    expect(activeSecondsOf(snap({ activeSeconds: 42 }), 5e12)).toBe(42);
    expect(seedingSecondsOf(snap({}), 5e12)).toBeUndefined();
  });
});

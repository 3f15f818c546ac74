import { describe, expect, it } from 'vitest';
import { HISTORY_SECONDS, TrafficHistory } from '../../../../src/engine/traffic/traffic-history.ts';
import { Traffic } from '../../../../src/engine/traffic/traffic.ts';

describe('TrafficHistory', () => {
  it('keeps one slot a second, oldest first, zeros for seconds without traffic', () => {
    const h = new TrafficHistory();
    h.record(100, 10, 1);
    h.record(100, 5, 0);
    h.record(102, 7, 2);
    const s = h.samples(103);
    expect(s.down).toHaveLength(HISTORY_SECONDS);
    expect(s.down.slice(-4)).toEqual([15, 0, 7, 0]);
    expect(s.up.slice(-4)).toEqual([1, 0, 2, 0]);
    expect(s.lastSecond).toBe(103);
  });

  it('forgets what is older than the window, also across a long gap', () => {
    const h = new TrafficHistory();
    h.record(0, 99, 99);
    h.record(HISTORY_SECONDS, 1, 0);
    expect(h.samples(HISTORY_SECONDS).down.reduce((a, b) => a + b)).toBe(1);
    h.record(10 * HISTORY_SECONDS, 3, 0);
    const s = h.samples(10 * HISTORY_SECONDS);
    expect(s.down.reduce((a, b) => a + b)).toBe(3);
    expect(s.down.at(-1)).toBe(3);
  });
});

describe('Traffic', () => {
  it('counts per torrent and in all from the counters, the first sight of a torrent counting nothing', () => {
    const tr = new Traffic();
    const a = { infoHashHex: 'a', downloaded: 1000, uploaded: 0, wasted: 0 };
    const b = { infoHashHex: 'b', downloaded: 0, uploaded: 0, wasted: 0 };
    tr.tick([a, b], 0);
    a.downloaded += 300;
    b.uploaded += 50;
    b.wasted += 20;
    tr.tick([a, b], 500);
    a.downloaded += 100;
    tr.tick([a, b], 1500);
    expect(tr.history(1500, 'a')!.down.slice(-2)).toEqual([300, 100]);
    expect(tr.history(1500, 'b')!.up.slice(-2)).toEqual([50, 0]);
    expect(tr.history(1500)!.down.slice(-2)).toEqual([300, 100]);
    expect(tr.sessionTotals()).toEqual({ downloaded: 400, uploaded: 50, wasted: 20 });
    tr.retire(a);
    expect(tr.history(1500, 'a')).toBeNull();
    expect(tr.sessionTotals().downloaded).toBe(400); // a removed torrent's traffic still counts for the session
  });

  it('all-time totals keep what removed torrents moved, and what an earlier run saved of them', () => {
    const tr = new Traffic();
    const a = { infoHashHex: 'a', downloaded: 1000, uploaded: 200, wasted: 16 };
    const b = { infoHashHex: 'b', downloaded: 10, uploaded: 5000, wasted: 0 };
    tr.restoreRetired({ downloaded: 7, uploaded: 3, wasted: 1 });
    tr.tick([a, b], 0);
    expect(tr.allTime([a, b])).toEqual({ downloaded: 1017, uploaded: 5203, wasted: 17 });
    tr.retire(a);
    expect(tr.allTime([b])).toEqual({ downloaded: 1017, uploaded: 5203, wasted: 17 });
    expect(tr.retiredTotals()).toEqual({ downloaded: 1007, uploaded: 203, wasted: 17 });
    b.uploaded += 100;
    expect(tr.allTime([b]).uploaded).toBe(5303);
  });
});

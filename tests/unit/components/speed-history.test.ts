import { describe, expect, it } from 'vitest';
import { niceCeiling, RateRing, SAMPLE_MS, SpeedHistory } from '../../../src/components/speed-history.ts';

describe('RateRing', () => {
  it('keeps the last `capacity` samples, oldest first', () => {
    const r = new RateRing(3);
    for (const v of [1, 2, 3, 4, 5]) r.push(v, v * 10);
    expect(r.length).toBe(3);
    expect([0, 1, 2].map((i) => r.at(i))).toEqual([
      { down: 3, up: 30 },
      { down: 4, up: 40 },
      { down: 5, up: 50 },
    ]);
  });

  it('summarises peak, mean and latest', () => {
    const r = new RateRing(4);
    r.push(10, 0);
    r.push(30, 4);
    expect(r.summary()).toEqual({ peakDown: 30, peakUp: 4, meanDown: 20, meanUp: 2, latestDown: 30, latestUp: 4 });
  });

  it('stores negative, NaN and infinite rates as 0', () => {
    const r = new RateRing(3);
    r.push(-1, Number.NaN);
    r.push(Infinity, 2);
    expect([r.at(0), r.at(1)]).toEqual([
      { down: 0, up: 0 },
      { down: 0, up: 2 },
    ]);
  });

  it('summarises an empty ring as zeros', () => {
    expect(new RateRing(2).summary()).toEqual({ peakDown: 0, peakUp: 0, meanDown: 0, meanUp: 0, latestDown: 0, latestUp: 0 });
  });
});

describe('SpeedHistory', () => {
  const t = (infoHashHex: string, downloadRate: number, uploadRate = 0) => ({ infoHashHex, downloadRate, uploadRate });

  it('samples at most once per interval, per torrent and in total', () => {
    const h = new SpeedHistory(10);
    expect(h.sample(0, [t('a', 100), t('b', 50, 5)])).toBe(true);
    expect(h.sample(SAMPLE_MS / 2, [t('a', 999)])).toBe(false);
    expect(h.sample(SAMPLE_MS, [t('a', 200), t('b', 0, 7)])).toBe(true);
    expect(h.of('a')!.length).toBe(2);
    expect(h.of('a')!.at(1)).toEqual({ down: 200, up: 0 });
    expect(h.total.at(0)).toEqual({ down: 150, up: 5 });
    expect(h.total.at(1)).toEqual({ down: 200, up: 7 });
  });

  it('forgets removed torrents', () => {
    const h = new SpeedHistory(10);
    h.sample(0, [t('a', 1), t('b', 1)]);
    h.sample(SAMPLE_MS, [t('b', 1)]);
    expect(h.of('a')).toBeUndefined();
    expect(h.of('b')!.length).toBe(2);
  });
});

describe('niceCeiling', () => {
  it.each([
    [0, 1024], // the 1 KiB floor
    [1500, 2048],
    [2048, 2048],
    [2049, 5120],
    [600 * 1024, 1024 * 1024], // past 500 KiB the next step is 1 MiB
    [7 * 1024 * 1024, 10 * 1024 * 1024],
  ])('%d -> %d', (peak, want) => {
    expect(niceCeiling(peak)).toBe(want);
  });
});

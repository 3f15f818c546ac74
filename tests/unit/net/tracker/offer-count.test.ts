import { describe, expect, it } from 'vitest';
import { offersToMake, topUpOffers } from '../../../../src/net/tracker/offer-count.ts';

describe('offersToMake', () => {
  it('makes what the torrent wants, within the cap per announce, before the tracker counted the swarm', () => {
    expect(offersToMake({ wanted: 40, maxPerAnnounce: 5, connected: 0 })).toBe(5);
    expect(offersToMake({ wanted: 2.7, maxPerAnnounce: 5, connected: 0 })).toBe(2);
    expect(offersToMake({ wanted: 0, maxPerAnnounce: 5, connected: 0 })).toBe(0);
  });

  it('makes none when every other member of the swarm is connected already', () => {
    expect(offersToMake({ wanted: 39, maxPerAnnounce: 5, swarm: 2, connected: 1 })).toBe(0);
    expect(offersToMake({ wanted: 39, maxPerAnnounce: 5, swarm: 12, connected: 11 })).toBe(0);
  });

  it('makes none for a torrent alone in its swarm (a seeder nobody joined yet)', () => {
    expect(offersToMake({ wanted: 40, maxPerAnnounce: 5, swarm: 1, connected: 0 })).toBe(0);
  });

  it('offers to every other member while one is not connected (the tracker picks at random), up to the cap', () => {
    expect(offersToMake({ wanted: 40, maxPerAnnounce: 5, swarm: 4, connected: 1 })).toBe(3);
    expect(offersToMake({ wanted: 40, maxPerAnnounce: 5, swarm: 4, connected: 2 })).toBe(3);
    expect(offersToMake({ wanted: 40, maxPerAnnounce: 5, swarm: 50, connected: 1 })).toBe(5);
    expect(offersToMake({ wanted: 2, maxPerAnnounce: 5, swarm: 50, connected: 1 })).toBe(2);
  });

  it('never goes below zero when the count is stale (more connected than the tracker counted)', () => {
    expect(offersToMake({ wanted: 40, maxPerAnnounce: 5, swarm: 2, connected: 6 })).toBe(0);
  });
});

describe('topUpOffers', () => {
  it('asks for the rest when the swarm is unknown', () => {
    expect(topUpOffers(5, 2, undefined)).toBe(3);
  });

  it('asks for none when the first offers already reached every other member', () => {
    expect(topUpOffers(5, 2, 2)).toBe(0);
    expect(topUpOffers(5, 2, 3)).toBe(0);
  });

  it('asks for one per other member when the first offers could not reach them all (the tracker may hand them to the same members again), up to what is wanted', () => {
    // Us and four others, three ready-made offers sent: the second announce offers to all four.
    expect(topUpOffers(10, 3, 5)).toBe(4);
    expect(topUpOffers(5, 2, 4)).toBe(3);
    expect(topUpOffers(5, 2, 100)).toBe(5);
  });

  it('asks for none when the first offers were all the torrent wanted', () => {
    expect(topUpOffers(2, 2, 100)).toBe(0);
  });
});

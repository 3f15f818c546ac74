import { describe, expect, it } from 'vitest';
import { budgetStatus, fairShare, roomFor, type BudgetLimits } from '../../../../src/net/webrtc/connection-budget.ts';
import { DEFAULT_LIMITS } from '../../../../src/net/webrtc/connector.ts';

const limits: BudgetLimits = { maxPeers: 200, maxPeersPerTorrent: 40, maxPeerConnections: 400 };

/** Hands out connections one at a time, always to the torrent with the fewest that still has room (as announces do, round robin). */
function fill(torrents: number, wants: number, l: BudgetLimits = limits): number[] {
  const held = new Array<number>(torrents).fill(0);
  for (let progress = true; progress; ) {
    progress = false;
    for (let i = 0; i < torrents; i++) {
      if (held[i]! >= wants) continue;
      const all = held.reduce((a, b) => a + b, 0);
      if (roomFor({ limits: l, here: held[i]!, all, pending: 0, torrents }) > 0) {
        held[i]!++;
        progress = true;
      }
    }
  }
  return held;
}

describe('connection budget', () => {
  it('reaches 200 peers across torrents and never more, within the browser budget', () => {
    const held = fill(10, 100);
    expect(held.reduce((a, b) => a + b, 0)).toBe(200);
    expect(Math.max(...held)).toBeLessThanOrEqual(40);
    expect(Math.min(...held)).toBeGreaterThanOrEqual(20); // spread: 10 torrents share 200
    // The defaults leave room for every unanswered offer on top of 200 peers, well below Chromium's ~500.
    expect(DEFAULT_LIMITS.maxPeers).toBe(200);
    expect(DEFAULT_LIMITS.maxPeers + DEFAULT_LIMITS.maxPendingOffers).toBeLessThanOrEqual(DEFAULT_LIMITS.maxPeerConnections);
    expect(DEFAULT_LIMITS.maxPeerConnections).toBeLessThan(500);
  });

  it('lets one busy torrent take its own cap while the page has room', () => {
    expect(roomFor({ limits, here: 10, all: 30, pending: 0, torrents: 50 })).toBe(30);
  });

  it('stops torrents at their fair share once half the budget is used, so late ones still get slots', () => {
    // 120 of 200 taken by three torrents at 40: with 20 torrents wanting peers the fair share is 10.
    expect(fairShare(limits, 20)).toBe(10);
    expect(roomFor({ limits, here: 40, all: 120, pending: 0, torrents: 20 })).toBe(0);
    expect(roomFor({ limits, here: 0, all: 120, pending: 0, torrents: 20 })).toBe(10);
    // 1,000 torrents: every one keeps a minimum of two.
    expect(fairShare(limits, 1000)).toBe(2);
    const held = fill(150, 40);
    expect(held.reduce((a, b) => a + b, 0)).toBe(200);
    expect(held.filter((n) => n === 0)).toHaveLength(0);
  });

  it('counts unanswered offers against the browser budget', () => {
    expect(roomFor({ limits, here: 0, all: 150, pending: 248, torrents: 5 })).toBe(2);
    expect(roomFor({ limits, here: 0, all: 150, pending: 250, torrents: 5 })).toBe(0);
  });

  it('tells the user when the budget is used up or the browser refuses', () => {
    expect(budgetStatus(limits, 120, 10, false)).toEqual({ state: 'ok', connections: 120, limit: 200 });
    expect(budgetStatus(limits, 200, 0, false).state).toBe('full');
    expect(budgetStatus(limits, 180, 220, false).state).toBe('full');
    expect(budgetStatus(limits, 90, 0, true).state).toBe('refused');
  });
});

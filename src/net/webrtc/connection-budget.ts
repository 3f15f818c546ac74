// How many more WebRTC connections a torrent may open: one budget for the page, spread across torrents. Chromium
// refuses RTCPeerConnections past ~500 per page (and a page runs short of ports, threads and memory well before),
// and each unanswered offer holds one too. A torrent may take up to its own cap while the page has plenty of room;
// once half of the budget is used, each one stops at its fair share (the budget over the torrents wanting peers), so
// the last free slots go to torrents that have few connections rather than to whichever announced first. Pure.

export interface BudgetLimits {
  /** Connections past the offer stage (answered or connected), all torrents. */
  readonly maxPeers: number;
  readonly maxPeersPerTorrent: number;
  /** Every RTCPeerConnection of the page, unanswered offers included: stays well below Chromium's ~500. */
  readonly maxPeerConnections: number;
}

/** Every torrent keeps at least this many slots, however many torrents share the budget. */
export const MIN_SHARE = 2;

export interface BudgetInput {
  readonly limits: BudgetLimits;
  /** This torrent's connections past the offer stage. */
  readonly here: number;
  /** All torrents' connections past the offer stage. */
  readonly all: number;
  /** Unanswered offers, all torrents (each an RTCPeerConnection). */
  readonly pending: number;
  /** Torrents that hold or want connections (at least this one). */
  readonly torrents: number;
}

/** The share each torrent keeps once the budget runs short. */
export function fairShare(limits: BudgetLimits, torrents: number): number {
  return Math.min(limits.maxPeersPerTorrent, Math.max(MIN_SHARE, Math.ceil(limits.maxPeers / Math.max(1, torrents))));
}

/** How many more connections this torrent may open now. */
export function roomFor(input: BudgetInput): number {
  const { limits, here, all, pending } = input;
  const free = limits.maxPeers - all;
  const browser = limits.maxPeerConnections - all - pending;
  const cap = free * 2 > limits.maxPeers ? limits.maxPeersPerTorrent : fairShare(limits, input.torrents);
  return Math.max(0, Math.min(cap - here, free, browser));
}

export type BudgetState = 'ok' | 'full' | 'refused';

export interface BudgetStatus {
  readonly state: BudgetState;
  /** Connections past the offer stage, all torrents, and the most there may be. */
  readonly connections: number;
  readonly limit: number;
}

/**
 * What to tell the user: 'refused' while the browser declines new connections (it ran out before our budget did),
 * 'full' while every slot of the budget is taken, else 'ok'.
 */
export function budgetStatus(limits: BudgetLimits, all: number, pending: number, browserRefused: boolean): BudgetStatus {
  const state: BudgetState = browserRefused ? 'refused' : all >= limits.maxPeers || all + pending >= limits.maxPeerConnections ? 'full' : 'ok';
  return { state, connections: all, limit: limits.maxPeers };
}

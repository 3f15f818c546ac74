import { describe, expect, it } from 'vitest';
import { PeerlessClock, STALL_AFTER_MS, stallReason, type StallInput } from '../../../src/components/stall-reason.ts';
import { stallReasonText, trackerProblemShort, trackerProblemText } from '../../../src/components/stall-text.ts';
import type { TrackerReport } from '../../../src/components/services.ts';

const A = 'wss://a.example/announce';
const B = 'wss://b.example/announce';
const C = 'wss://c.example/announce';

function input(over: Partial<StallInput> = {}): StallInput {
  return { state: 'downloading', hasMetadata: true, peers: 0, peerlessMs: STALL_AFTER_MS, trackers: [A, B, C], reports: [], ...over };
}

const online = (url: string, seeders: number, leechers: number): TrackerReport => ({ url, state: 'online', seeders, leechers, peersReceived: 0 });
const refused: TrackerReport = { url: C, state: 'error', problem: { kind: 'unreachable', code: 1006 }, lastError: 'cannot connect (closed with code 1006)', peersReceived: 0 };

describe('stallReason', () => {
  it('says nothing before 10 s, with a peer, or when not looking for peers', () => {
    expect(stallReason(input({ peerlessMs: STALL_AFTER_MS - 1 }))).toBeNull();
    expect(stallReason(input({ peers: 1 }))).toBeNull();
    for (const state of ['paused', 'seeding', 'queued', 'error', 'checking'] as const) expect(stallReason(input({ state }))).toBeNull();
  });

  it('counts trackers that answered (with their seeds), unreachable ones, and ones still connecting', () => {
    const r = stallReason(input({ reports: [online(A, 0, 1), online(B, 0, 2), refused] }))!;
    expect(r).toEqual({ fetchingMetadata: false, trackerCount: 3, answered: 2, seeds: 0, leechers: 3, unreachable: [{ url: C, problem: refused.problem }], pending: 0 });
    expect(stallReasonText(r)).toBe('No peer has this torrent yet: 2 trackers answered with 0 seeds, 1 tracker unreachable (connection refused or server not found)');
  });

  it('a magnet stays on "Fetching metadata" with the reason', () => {
    const r = stallReason(input({ state: 'metadata', hasMetadata: false, trackers: [A, B], reports: [online(A, 0, 1)] }))!;
    expect(stallReasonText(r)).toBe('Fetching metadata: no peer has answered yet: 1 tracker answered with 0 seeds, 1 tracker still connecting');
  });

  it('groups trackers by what went wrong and says a torrent without trackers has none', () => {
    const timeout = (url: string): TrackerReport => ({ url, state: 'error', problem: { kind: 'connect-timeout', ms: 10_000 }, peersReceived: 0 });
    const r = stallReason(input({ reports: [timeout(A), timeout(B), { url: C, state: 'online', problem: { kind: 'refused', reason: 'torrent not registered' }, peersReceived: 0 }] }))!;
    expect(stallReasonText(r)).toBe(
      'No peer has this torrent yet: 2 trackers unreachable (no answer within 10 s), 1 tracker unreachable (refused: torrent not registered)',
    );
    expect(stallReasonText(stallReason(input({ trackers: [] }))!)).toBe(
      'No peer has this torrent yet: it has no trackers, so only peers that already know it can connect',
    );
  });
});

describe('tracker problems in words', () => {
  it.each([
    [{ kind: 'unreachable', code: 1006 }, 'connection refused or server not found', /refused, the server was not found/],
    [{ kind: 'unreachable', code: 1015 }, 'the secure connection failed', /secure connection failed/],
    [{ kind: 'lost', code: 1001 }, 'the tracker is going away', /lost: the tracker is going away/],
    [{ kind: 'lost', code: 1006 }, 'connection lost', /connection to the tracker was lost/],
    [{ kind: 'connect-timeout', ms: 15_000 }, 'no answer within 15 s', /within 15 seconds/],
    [{ kind: 'blocked' }, 'blocked by the browser', /would not connect/],
    [{ kind: 'invalid-url' }, 'not a WebSocket tracker address', /ws:\/\/ or wss:\/\//],
  ] as const)('%j', (problem, short, long) => {
    expect(trackerProblemShort(problem)).toBe(short);
    expect(trackerProblemText(problem)).toMatch(long);
    expect(trackerProblemText(problem)).not.toMatch(/code \d+/);
  });

  it('quotes a tracker failure reason as text, its hidden characters made visible', () => {
    expect(trackerProblemText({ kind: 'refused', reason: 'banned\u202Etxt.exe' })).toBe('The tracker refused the announce: “banned\u25c6txt.exe”.');
  });
});

describe('PeerlessClock', () => {
  it('counts from the first time a looking torrent is seen without a peer, and restarts after a peer or a pause', () => {
    const c = new PeerlessClock();
    const t = { infoHashHex: 'ab', state: 'downloading' as const, peers: 0 };
    expect(c.peerlessMs(t, 1000)).toBe(0);
    expect(c.peerlessMs(t, 12_000)).toBe(11_000);
    expect(c.peerlessMs({ ...t, peers: 1 }, 13_000)).toBe(0);
    expect(c.peerlessMs(t, 14_000)).toBe(0);
    expect(c.peerlessMs({ ...t, state: 'paused' }, 15_000)).toBe(0);
    expect(c.peerlessMs(t, 20_000)).toBe(0);
    expect(c.peerlessMs(t, 25_000)).toBe(5_000);
  });
});

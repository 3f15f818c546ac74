import { describe, expect, it } from 'vitest';
import type { TorrentSnapshot } from '../../../src/api/protocol.ts';
import {
  allLabels,
  comparator,
  filterCounts,
  inStateGroup,
  trackerHost,
  displayState,
  matchesFilter,
  nextSort,
  NO_FILTER,
  parseListPrefs,
  ratioOf,
  serializeListPrefs,
  swarmCounts,
  tableRow,
  visibleRows,
  type SortKey,
} from '../../../src/components/torrent-table.ts';
import { peerFlags } from '../../../src/components/peer-flags.ts';

let n = 0;
function snap(p: Partial<TorrentSnapshot>): TorrentSnapshot {
  n++;
  return {
    infoHashHex: (p.infoHashHex ?? n.toString(16).padStart(40, '0')),
    name: `t${n}`,
    state: 'downloading',
    hasMetadata: true,
    length: 100,
    verified: 0,
    progress: 0,
    downloadRate: 0,
    uploadRate: 0,
    downloaded: 0,
    uploaded: 0,
    receivedThisSession: 0,
    peers: 0,
    seeds: 0,
    peersWanted: 0,
    pieceCount: 1,
    pieceLength: 16384,
    magnet: 'magnet:?xt=urn:btih:x',
    trackers: [],
    addedAt: 1000,
    eta: null,
    labels: [],
    ...p,
  };
}

const names = (rows: { t: TorrentSnapshot }[]) => rows.map((r) => r.t.name);

describe('displayState', () => {
  it.each<[Partial<TorrentSnapshot>, string]>([
    [{ state: 'downloading' }, 'downloading'],
    [{ state: 'downloading', awaitingSelection: true }, 'select'],
    [{ state: 'paused', awaitingSelection: true }, 'paused'],
    [{ state: 'error', awaitingSelection: true }, 'error'],
    [{ state: 'metadata' }, 'metadata'],
  ])('%j shows as %s', (p, want) => {
    expect(displayState(snap(p))).toBe(want);
  });
});

describe('ratioOf', () => {
  it.each<[number, number, number | null]>([
    [0, 0, null],
    [50, 100, 0.5],
    [300, 100, 3],
    [10, 0, Infinity],
  ])('uploaded %d / downloaded %d is %s', (uploaded, downloaded, want) => {
    expect(ratioOf({ uploaded, downloaded })).toBe(want);
  });
});

describe('swarmCounts', () => {
  it('takes the largest report of each, and null when no tracker reported one', () => {
    expect(swarmCounts([])).toEqual({ seeders: null, leechers: null });
    expect(swarmCounts([{ seeders: 3 }, { seeders: 7, leechers: 2 }, {}])).toEqual({ seeders: 7, leechers: 2 });
    expect(swarmCounts([{ seeders: 0, leechers: 0 }])).toEqual({ seeders: 0, leechers: 0 });
  });
});

describe('sorting', () => {
  const a = tableRow(snap({ name: 'file 10', length: 300, progress: 0.5, downloadRate: 5, uploadRate: 1, eta: 100, seeds: 1, peers: 3, uploaded: 10, downloaded: 100, addedAt: 3 }));
  const b = tableRow(snap({ name: 'File 9', length: 100, progress: 1, state: 'seeding', downloadRate: 0, uploadRate: 9, eta: null, seeds: 0, peers: 1, uploaded: 5, downloaded: 0, addedAt: 2 }));
  const c = tableRow(snap({ name: 'alpha', length: 200, progress: 0, state: 'paused', downloadRate: 1, uploadRate: 0, eta: 5, seeds: 1, peers: 2, addedAt: 1 }), { seeders: 9, leechers: 0 });
  const rows = [a, b, c];
  it.each<[SortKey, 'asc' | 'desc', string[]]>([
    ['name', 'asc', ['alpha', 'File 9', 'file 10']], // numeric and case-insensitive
    ['name', 'desc', ['file 10', 'File 9', 'alpha']],
    ['size', 'asc', ['File 9', 'alpha', 'file 10']],
    ['progress', 'desc', ['File 9', 'file 10', 'alpha']],
    ['state', 'asc', ['file 10', 'File 9', 'alpha']],
    ['down', 'desc', ['file 10', 'alpha', 'File 9']],
    ['up', 'desc', ['File 9', 'file 10', 'alpha']],
    ['eta', 'asc', ['alpha', 'file 10', 'File 9']], // unknown ETA last
    ['seeds', 'desc', ['alpha', 'file 10', 'File 9']], // tie on connected seeds: the tracker's count decides
    ['peers', 'asc', ['File 9', 'alpha', 'file 10']],
    ['ratio', 'desc', ['File 9', 'file 10', 'alpha']], // ∞ first, none last
    ['added', 'desc', ['file 10', 'File 9', 'alpha']],
  ])('by %s %s', (key, dir, want) => {
    expect(names([...rows].sort(comparator({ key, dir })))).toEqual(want);
  });

  it('breaks ties newest first so equal rows keep their places', () => {
    const x = tableRow(snap({ name: 'x', addedAt: 1 }));
    const y = tableRow(snap({ name: 'y', addedAt: 2 }));
    expect(names([x, y].sort(comparator({ key: 'size', dir: 'asc' })))).toEqual(['y', 'x']);
    expect(names([x, y].sort(comparator({ key: 'size', dir: 'desc' })))).toEqual(['y', 'x']);
  });

  it('flips the direction on the same column and starts a new one in its natural direction', () => {
    expect(nextSort({ key: 'name', dir: 'asc' }, 'name')).toEqual({ key: 'name', dir: 'desc' });
    expect(nextSort({ key: 'name', dir: 'asc' }, 'size')).toEqual({ key: 'size', dir: 'desc' });
    expect(nextSort({ key: 'size', dir: 'desc' }, 'name')).toEqual({ key: 'name', dir: 'asc' });
  });
});

describe('filtering', () => {
  const film = tableRow(snap({ name: 'Big Buck Bunny', labels: ['Films'], infoHashHex: 'dd8255ecdc7ca55fb0bbf81323d87062db1f6d1c' }));
  const music = tableRow(snap({ name: 'Album', state: 'seeding', labels: ['music', 'Keep'] }));
  const meta = tableRow(snap({ name: 'From a magnet', state: 'metadata' }));
  const held = tableRow(snap({ name: 'Pick me', awaitingSelection: true }));
  const rows = [film, music, meta, held];

  it.each<[Partial<typeof NO_FILTER>, string[]]>([
    [{}, ['Big Buck Bunny', 'Album', 'From a magnet', 'Pick me']],
    [{ state: 'seeding' }, ['Album']],
    [{ state: 'downloading' }, ['Big Buck Bunny', 'From a magnet', 'Pick me']],
    [{ state: 'stalled' }, ['Big Buck Bunny', 'Album', 'From a magnet']],
    [{ text: 'bunny' }, ['Big Buck Bunny']],
    [{ text: '  BUCK ' }, ['Big Buck Bunny']],
    [{ text: 'dd8255' }, ['Big Buck Bunny']],
    [{ text: 'kee' }, ['Album']], // labels are searched too
    [{ label: 'films' }, ['Big Buck Bunny']],
    [{ label: '' }, ['From a magnet', 'Pick me']],
    [{ label: 'music', state: 'downloading' }, []],
  ])('%j keeps %j', (f, want) => {
    const filter = { ...NO_FILTER, ...f };
    expect(names(rows.filter((r) => matchesFilter(r, filter)))).toEqual(want);
  });

  it('filters then sorts', () => {
    expect(names(visibleRows(rows, { ...NO_FILTER, text: 'm' }, { key: 'name', dir: 'desc' }))).toEqual(['Pick me', 'From a magnet', 'Big Buck Bunny', 'Album']);
  });
});

describe('state groups, trackers and counts', () => {
  const fast = tableRow(snap({ name: 'fast', downloadRate: 10, trackers: ['wss://t.example/announce', 'wss://u.example:8443/x'] }));
  const done = tableRow(snap({ name: 'done', state: 'seeding', progress: 1, uploadRate: 5, labels: ['Films'], trackers: ['wss://t.example/announce'] }));
  const idle = tableRow(snap({ name: 'idle', state: 'paused', progress: 1, labels: ['films', 'x'] }));
  const broken = tableRow(snap({ name: 'broken', state: 'error', error: { code: 'E', message: 'm' } as never }));
  const rows = [fast, done, idle, broken];

  it.each<[Parameters<typeof inStateGroup>[1], string[]]>([
    ['all', ['fast', 'done', 'idle', 'broken']],
    ['downloading', ['fast']],
    ['seeding', ['done']],
    ['completed', ['done', 'idle']],
    ['paused', ['idle']],
    ['active', ['fast', 'done']],
    ['inactive', ['idle', 'broken']],
    ['stalled', []],
    ['errored', ['broken']],
  ])('%s holds %j', (group, want) => {
    expect(names(rows.filter((r) => inStateGroup(r, group)))).toEqual(want);
  });

  it('takes the host of a tracker URL (a port stays), or the text when it does not parse', () => {
    expect(trackerHost('wss://t.example/announce')).toBe('t.example');
    expect(trackerHost('wss://u.example:8443/x')).toBe('u.example:8443');
    expect(trackerHost('not a url')).toBe('not a url');
  });

  it('counts every filter on its own: states, labels (one spelling), trackers by host', () => {
    const c = filterCounts(rows);
    expect(c.states.all).toBe(4);
    expect(c.states.completed).toBe(2);
    expect(Object.fromEntries(c.labels)).toEqual({ '': 2, Films: 2, x: 1 });
    expect(Object.fromEntries(c.trackers)).toEqual({ '': 2, 't.example': 2, 'u.example:8443': 1 });
  });

  it('combines state, label and tracker', () => {
    const f = { ...NO_FILTER, state: 'completed' as const, label: 'FILMS', tracker: 't.example' };
    expect(names(rows.filter((r) => matchesFilter(r, f)))).toEqual(['done']);
    expect(names(rows.filter((r) => matchesFilter(r, { ...NO_FILTER, tracker: '' })))).toEqual(['idle', 'broken']);
  });
});

describe('allLabels', () => {
  it('lists each label once, first spelling, sorted', () => {
    expect(allLabels([{ labels: ['b', 'A'] }, { labels: ['a', 'C'] }, { labels: [] }])).toEqual(['A', 'b', 'C']);
  });
});

describe('list preferences', () => {
  it('round-trips sort and state filter', () => {
    const json = serializeListPrefs({ key: 'ratio', dir: 'asc' }, { ...NO_FILTER, state: 'seeding', text: 'not saved' });
    expect(parseListPrefs(json)).toEqual({ sort: { key: 'ratio', dir: 'asc' }, filter: { ...NO_FILTER, state: 'seeding' } });
  });

  it.each([null, '', '{', '[]', '{"sort":{"key":"evil","dir":"up"},"state":"nope"}'])('falls back to defaults for %j', (json) => {
    expect(parseListPrefs(json)).toEqual({ sort: { key: 'added', dir: 'desc' }, filter: NO_FILTER });
  });
});

describe('peerFlags', () => {
  it.each<[boolean, boolean, boolean, boolean, string]>([
    // amChoking, amInterested, peerChoking, peerInterested
    [true, true, false, false, 'D'],
    [true, true, true, false, 'd'],
    [false, false, true, true, 'U'],
    [true, false, true, true, 'u'],
    [true, false, false, false, 'K'],
    [false, false, true, false, '?'],
    [false, true, false, true, 'DU'],
    [true, false, true, false, ''],
  ])('choking %s, interested %s, choked %s, they want %s -> %s', (amChoking, amInterested, peerChoking, peerInterested, want) => {
    expect(peerFlags({ amChoking, amInterested, peerChoking, peerInterested }).join('')).toBe(want);
  });
});

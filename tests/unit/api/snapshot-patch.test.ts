// Snapshot patches: what the page rebuilds equals what the worker built, over adds, changes, optional fields that
// come and go, reorders and removals; unchanged torrents keep their objects and cost (almost) nothing on the wire.

import { describe, expect, it } from 'vitest';
import type { TorrentSnapshot } from '../../../src/api/protocol.ts';
import { SnapshotEncoder, applySnapshotPatch, isEmptyPatch } from '../../../src/api/snapshot-patch.ts';
import type { SpeedStatus } from '../../../src/api/protocol.ts';

function torrent(id: string, over: Partial<TorrentSnapshot> = {}): TorrentSnapshot {
  return {
    infoHashHex: id,
    name: `name ${id}`,
    state: 'seeding',
    hasMetadata: true,
    length: 1000,
    verified: 1000,
    progress: 1,
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
    magnet: `magnet:?xt=urn:btih:${id}`,
    trackers: ['wss://t.example'],
    addedAt: 1,
    eta: null,
    labels: [],
    ...over,
  } as TorrentSnapshot;
}

describe('snapshot patches', () => {
  it('rebuilds every list exactly, through adds, edits, optional fields, reorders and removals', () => {
    const enc = new SnapshotEncoder();
    const lists: TorrentSnapshot[][] = [
      [torrent('a'), torrent('b')],
      [torrent('a', { uploaded: 5 }), torrent('b')],
      [torrent('a', { uploaded: 5, error: { code: 'X', message: 'm', details: { n: 1 } } }), torrent('b'), torrent('c')],
      [torrent('c'), torrent('a', { uploaded: 5, trackers: ['wss://t.example', 'wss://u.example'] }), torrent('b', { labels: ['x'] })],
      [torrent('c'), torrent('b', { labels: ['x'], queuePosition: 2 })],
      [],
      [torrent('d')],
    ];
    let page: readonly TorrentSnapshot[] = [];
    for (const list of lists) {
      const patch = structuredClone(enc.encode(list));
      page = applySnapshotPatch(page, patch);
      expect(page).toEqual(list);
    }
  });

  it('sends only what changed, and the page keeps unchanged torrents as they were', () => {
    const enc = new SnapshotEncoder();
    const list = [torrent('a'), torrent('b'), torrent('c')];
    const first = enc.encode(list);
    expect(first.full).toBe(true);
    expect(first.order).toEqual(['a', 'b', 'c']);
    const page = applySnapshotPatch([], first);

    const same = enc.encode(list.map((t) => ({ ...t, trackers: [...t.trackers] })));
    expect(same).toEqual({ changed: [] });
    const next = enc.encode([list[0]!, torrent('b', { uploadRate: 7 }), list[2]!]);
    expect(next).toEqual({ changed: [{ id: 'b', set: { uploadRate: 7 } }] });
    const after = applySnapshotPatch(page, next);
    expect(after[0]).toBe(page[0]);
    expect(after[2]).toBe(page[2]);
    expect(after[1]).toEqual(torrent('b', { uploadRate: 7 }));
  });

  it('starts over from a full patch whatever the page held (a restarted worker)', () => {
    const stale = [torrent('old')];
    const page = applySnapshotPatch(stale, new SnapshotEncoder().encode([torrent('new')]));
    expect(page).toEqual([torrent('new')]);
  });
});

describe('a patch that changes nothing', () => {
  it('leaves the page list as it was, the same array', () => {
    const enc = new SnapshotEncoder();
    const list = [torrent('a'), torrent('b')];
    const page = applySnapshotPatch([], structuredClone(enc.encode(list)));
    expect(applySnapshotPatch(page, structuredClone(enc.encode(list.map((t) => ({ ...t })))))).toBe(page);
  });
});

describe('nothing to send', () => {
  const speed = (downloadLimit: number | null): SpeedStatus => ({ downloadLimit, uploadLimit: null, altSpeed: false, scheduled: false });

  it('skips a torrent whose snapshot is the same object (the builder reused it), and says the patch is empty', () => {
    const enc = new SnapshotEncoder();
    const list = [torrent('a'), torrent('b')];
    const first = enc.encode(list);
    expect(isEmptyPatch(first)).toBe(false);
    const again = enc.encode(list);
    expect(again).toEqual({ changed: [] });
    expect(isEmptyPatch(again)).toBe(true);
    // After a skip, a real change is still diffed against what was sent.
    const moved = enc.encode([list[0]!, { ...list[1]!, uploaded: 5 }]);
    expect(moved.changed).toEqual([{ id: 'b', set: { uploaded: 5 } }]);
  });

  it('sends the speed status with the first patch and then only when it changed', () => {
    const enc = new SnapshotEncoder();
    const list = [torrent('a')];
    expect(enc.encode(list, speed(0)).speed).toEqual(speed(0));
    const same = enc.encode(list, speed(0));
    expect(same).not.toHaveProperty('speed');
    expect(isEmptyPatch(same)).toBe(true);
    const changed = enc.encode(list, speed(1000));
    expect(changed.speed).toEqual(speed(1000));
    expect(isEmptyPatch(changed)).toBe(false);
  });
});

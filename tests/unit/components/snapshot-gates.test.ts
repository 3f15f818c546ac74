import { describe, expect, it } from 'vitest';
import type { SnapshotPatch, TorrentSnapshot } from '../../../src/api/protocol.ts';
import { applySnapshotPatch } from '../../../src/api/snapshot-patch.ts';
import { appSeesChange, countsKey, sameValues } from '../../../src/components/snapshot-gates.ts';
import { filterCounts, tableRow } from '../../../src/components/torrent-table.ts';

function torrent(id: string, p: Partial<TorrentSnapshot> = {}): TorrentSnapshot {
  return { infoHashHex: id, name: id, state: 'downloading', labels: [], trackers: [], downloadRate: 0, uploadRate: 0, progress: 0, ...p } as unknown as TorrentSnapshot;
}

/** The list after a patch, as the page's client builds it (unchanged torrents keep their objects). */
function patched(base: readonly TorrentSnapshot[], changed: SnapshotPatch['changed']): readonly TorrentSnapshot[] {
  return applySnapshotPatch(base, { changed });
}

describe('appSeesChange', () => {
  const a = torrent('a');
  const b = torrent('b', { labels: ['x'] });
  const list = [a, b];

  it('ignores a snapshot that changed nothing, or only rates of a torrent not in the panel', () => {
    expect(appSeesChange(list, list, null, false)).toBe(false);
    const next = patched(list, [{ id: 'a', set: { downloadRate: 5, progress: 0.5 } }]);
    expect(next[0]).not.toBe(a);
    expect(appSeesChange(list, next, null, false)).toBe(false);
    expect(appSeesChange(list, next, 'b', false)).toBe(false);
  });

  it('updates for the torrent in the panel, a new or removed torrent, a label, or the open settings', () => {
    const rates = patched(list, [{ id: 'a', set: { downloadRate: 5 } }]);
    expect(appSeesChange(list, rates, 'a', false)).toBe(true);
    expect(appSeesChange(list, rates, null, true)).toBe(true);
    expect(appSeesChange(list, [a], 'a', false)).toBe(true);
    expect(appSeesChange(list, [...list, torrent('c')], null, false)).toBe(true);
    expect(appSeesChange(list, [b, a], null, false)).toBe(true);
    expect(appSeesChange(list, patched(list, [{ id: 'b', set: { labels: ['y'] } }]), null, false)).toBe(true);
  });
});

describe('sameValues', () => {
  it('compares field by field', () => {
    expect(sameValues(null, { a: 1 })).toBe(false);
    expect(sameValues({ a: '1.2 MB/s', n: 3 }, { a: '1.2 MB/s', n: 3 })).toBe(true);
    expect(sameValues({ a: '1.2 MB/s', n: 3 }, { a: '1.3 MB/s', n: 3 })).toBe(false);
  });
});

describe('countsKey', () => {
  it('moves with the counts only', () => {
    const key = (ts: TorrentSnapshot[]) => countsKey(filterCounts(ts.map((t) => tableRow(t))));
    expect(key([torrent('a', { downloadRate: 1000, progress: 0.1 })])).toBe(key([torrent('a', { downloadRate: 1000, progress: 0.2 })]));
    expect(key([torrent('a')])).not.toBe(key([torrent('a', { state: 'seeding' })]));
    expect(key([torrent('a')])).not.toBe(key([torrent('a', { labels: ['x'] })]));
  });
});

// The list's shown rows are worked out again only when the list, filter or sort changed, or when the swarm counts
// are due again or the trackers answered; the order follows what is shown.

import { describe, expect, it } from 'vitest';
import type { TorrentSnapshot } from '../../../src/api/protocol.ts';
import { SWARM_REFRESH_MS, ShownRows } from '../../../src/components/list-rows.ts';
import { NO_FILTER, type SortSpec } from '../../../src/components/torrent-table.ts';

const t = (id: string, name: string): TorrentSnapshot => ({ infoHashHex: id, name, state: 'seeding', labels: [], trackers: [], addedAt: 1, progress: 1 }) as unknown as TorrentSnapshot;

describe('ShownRows', () => {
  it('keeps the same rows while nothing changed, and works them out again when the list, sort or time bucket moves', () => {
    const rows = new ShownRows();
    let reads = 0;
    const reports = () => (reads++, []);
    const byName: SortSpec = { key: 'name', dir: 'asc' };
    const view = { filter: NO_FILTER, sort: byName };
    const list = [t('b', 'beta'), t('a', 'alpha')];
    const first = rows.rows(list, view, 0, reports);
    expect(rows.order).toEqual(['a', 'b']);
    expect(rows.rows(list, view, SWARM_REFRESH_MS - 1, reports)).toBe(first);
    expect(reads).toBe(2);
    expect(rows.rows(list, view, SWARM_REFRESH_MS, reports)).not.toBe(first);
    const desc = rows.rows(list, { filter: NO_FILTER, sort: { key: 'name', dir: 'desc' } }, SWARM_REFRESH_MS, reports);
    expect(desc.map((r) => r.t.infoHashHex)).toEqual(['b', 'a']);
    expect(rows.order).toEqual(['b', 'a']);
    rows.rows([...list, t('c', 'gamma')], view, SWARM_REFRESH_MS, reports);
    expect(rows.order).toEqual(['a', 'b', 'c']);
  });

  it('reads the swarm counts again when the trackers answered (a new reports version), within the same time bucket', () => {
    const rows = new ShownRows();
    let seeders = 0;
    const reports = () => [{ url: 'wss://t', state: 'online' as const, peersReceived: 0, seeders }];
    const view = { filter: NO_FILTER, sort: { key: 'name', dir: 'asc' } as SortSpec };
    const list = [t('a', 'alpha')];
    expect(rows.rows(list, view, 0, reports, 0)[0]?.swarm.seeders).toBe(0);
    seeders = 1;
    expect(rows.rows(list, view, 1, reports, 0)[0]?.swarm.seeders).toBe(0); // nothing said the reports moved
    expect(rows.rows(list, view, 2, reports, 1)[0]?.swarm.seeders).toBe(1);
  });
});

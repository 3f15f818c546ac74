import { describe, expect, it } from 'vitest';
import type { SeedInput } from '../../../../src/api/protocol.ts';
import { canonicalOrder } from '../../../../src/api/worker/seed-job.ts';
import { started } from './host-harness.ts';

const input = (text: string, ...path: string[]): SeedInput => ({ file: new File([text], path[path.length - 1]!), path });

describe('sharing the same folder twice', () => {
  const folder = [input('a', 'Album', 'b.txt'), input('bb', 'Album', 'a.txt'), input('ccc', 'Album', 'sub', 'z.txt'), input('d', 'Album', 'Z.txt')];

  it('orders files by path, code point by code point, whatever order they were listed in', () => {
    expect(canonicalOrder([...folder].reverse()).map((i) => i.path.join('/'))).toEqual(['Album/Z.txt', 'Album/a.txt', 'Album/b.txt', 'Album/sub/z.txt']);
  });

  it('gives the same info hash in any order, and reuses the torrent in the list instead of adding a second one', async () => {
    const h = await started();
    const first = await h.call({ type: 'seed', jobId: 'j1', inputs: folder, options: {} });
    expect(first.existing).toBeUndefined();
    const again = await h.call({ type: 'seed', jobId: 'j2', inputs: [folder[2]!, folder[0]!, folder[3]!, folder[1]!], options: {} });
    expect(again).toEqual({ ...first, existing: true });
    const snapshots = h.events.filter((e) => e.type === 'snapshot');
    const last = snapshots[snapshots.length - 1];
    expect(last?.type === 'snapshot' && last.torrents.map((t) => t.infoHashHex)).toEqual([first.infoHashHex]);
  });
});

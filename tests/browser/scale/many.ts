// Many small seeding torrents in one tab, added through the engine client (hashing tiny generated files), for the
// scale spec and bench/scale.bench.ts. No trackers: a thousand announces are not what these measure.

import type { Page } from '@playwright/test';

/** Adds `count` single-file torrents named many-0000.bin… (a few hundred bytes each); returns their info hashes in order. */
export async function addManyTorrents(page: Page, count: number, batch = 25): Promise<string[]> {
  return page.evaluate(
    async ([n, b]) => {
      type Client = { call(c: unknown): Promise<{ infoHashHex: string }> };
      const client = (document.querySelector('rv-app') as Element & { client: Client }).client;
      const hashes: string[] = [];
      for (let i = 0; i < n; i += b) {
        const part = await Promise.all(
          Array.from({ length: Math.min(b, n - i) }, (_, k) => {
            const j = i + k;
            const name = `many-${String(j).padStart(4, '0')}.bin`;
            const bytes = new Uint8Array(200 + (j % 300)).map((_, x) => (x * 31 + j * 7) & 0xff);
            const inputs = [{ file: new File([bytes], name), path: [name] }];
            return client.call({ type: 'seed', jobId: crypto.randomUUID(), inputs, options: { trackers: [] } });
          }),
        );
        hashes.push(...part.map((r) => r.infoHashHex));
      }
      return hashes;
    },
    [count, batch] as const,
  );
}

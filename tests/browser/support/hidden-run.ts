// One download that alternates between a visible and a hidden page (the spec and the bench share it): the page's own
// `visibilitychange` events mark the phases, its snapshots count the bytes, and each state's rate is its bytes over
// its time. Interleaving phases cancels the drift of a shared machine's load, which back-to-back transfers measure
// instead of the visibility.

import { expect, type Page } from '@playwright/test';
import { infoHashOf } from './app.ts';
import { bytesAt, type Samples } from './byte-samples.ts';

const MiB = 1024 * 1024;

export interface VisibilitySwitch {
  hide(): Promise<void>;
  show(): Promise<void>;
}

export interface HiddenRun {
  readonly hiddenMBps: number;
  readonly visibleMBps: number;
  /** hidden / visible */
  readonly ratio: number;
  readonly hiddenBytes: number;
  readonly visibleBytes: number;
  /** Each phase as `h1.23` / `v1.20` (MB/s), in order. */
  readonly phases: string;
}

interface Recorded {
  samples: Samples;
  /** [time, state] from the start, then at every visibilitychange. */
  states: [number, string][];
}

const visibility = (page: Page) => page.evaluate(() => document.visibilityState);

/**
 * Downloads `magnet` (`size` bytes) into `page`, starting visible and switching state every `phaseBytes`, and
 * returns the rates. A torrent already in the page is removed with its data first, so a run can repeat.
 */
export async function alternateVisibility(page: Page, magnet: string, size: number, sw: VisibilitySwitch, phaseBytes = 8 * MiB, timeoutMs = 480_000): Promise<HiddenRun> {
  const ih = infoHashOf(magnet);
  const deadline = Date.now() + timeoutMs;
  await expect.poll(() => visibility(page), { timeout: 30_000 }).toBe('visible');
  await page.evaluate(
    async ([hash, uri]) => {
      type Snap = { torrents: { infoHashHex: string; receivedThisSession: number }[] };
      type Client = { on(t: 'snapshot', l: (e: Snap) => void): void; call(c: unknown): Promise<unknown>; snapshot?: Snap };
      const client = (document.querySelector('rv-app') as unknown as { client: Client }).client;
      if (client.snapshot?.torrents.some((t) => t.infoHashHex === hash)) await client.call({ type: 'remove', infoHashHex: hash, deleteData: true });
      const rec: { samples: [number, number][]; states: [number, string][] } = { samples: [], states: [[performance.now(), document.visibilityState]] };
      const w = window as unknown as { visibilityRun: typeof rec };
      w.visibilityRun = rec;
      document.addEventListener('visibilitychange', () => rec.states.push([performance.now(), document.visibilityState]));
      client.on('snapshot', (e) => {
        const t = e.torrents.find((x) => x.infoHashHex === hash);
        if (t && w.visibilityRun === rec) rec.samples.push([performance.now(), t.receivedThisSession]);
      });
      await client.call({ type: 'add-magnet', uri });
    },
    [ih, magnet] as const,
  );
  const received = () => page.evaluate(() => (window as unknown as { visibilityRun: Recorded }).visibilityRun.samples.at(-1)?.[1] ?? 0);
  const until = (bytes: number) =>
    expect.poll(received, { timeout: Math.max(1000, deadline - Date.now()), intervals: [250], message: `${bytes} of ${size} bytes did not arrive in time (${ih})` }).toBeGreaterThanOrEqual(bytes);

  let hidden = false;
  for (let at = phaseBytes; at < size; at += phaseBytes) {
    await until(at);
    hidden = !hidden;
    await (hidden ? sw.hide() : sw.show());
    await expect.poll(() => visibility(page), { timeout: 30_000, message: `the page ${hidden ? 'hidden' : 'shown'} again` }).toBe(hidden ? 'hidden' : 'visible');
  }
  await until(size);
  if (hidden) {
    await sw.show();
    await expect.poll(() => visibility(page), { timeout: 30_000 }).toBe('visible');
  }

  const { samples, states } = await page.evaluate(() => (window as unknown as { visibilityRun: Recorded }).visibilityRun);
  const first = samples.find(([, b]) => b > 0)![0];
  const last = samples.find(([, b]) => b >= size)![0];
  const sum = { hidden: { bytes: 0, ms: 0 }, visible: { bytes: 0, ms: 0 } };
  const phases: string[] = [];
  for (let i = 0; i < states.length; i++) {
    const from = Math.max(first, states[i]![0]);
    const to = Math.min(last, states[i + 1]?.[0] ?? Infinity);
    if (to <= from) continue;
    const state = states[i]![1] === 'hidden' ? 'hidden' : 'visible';
    const bytes = bytesAt(samples, to) - bytesAt(samples, from);
    sum[state].bytes += bytes;
    sum[state].ms += to - from;
    phases.push(`${state[0]}${(bytes / ((to - from) * 1000)).toFixed(2)}`);
  }
  const hiddenMBps = sum.hidden.bytes / (sum.hidden.ms * 1000);
  const visibleMBps = sum.visible.bytes / (sum.visible.ms * 1000);
  return { hiddenMBps, visibleMBps, ratio: hiddenMBps / visibleMBps, hiddenBytes: sum.hidden.bytes, visibleBytes: sum.visible.bytes, phases: phases.join(' ') };
}

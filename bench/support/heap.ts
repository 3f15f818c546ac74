// JS heap of a page's main thread and of its dedicated workers, read through the Chrome DevTools Protocol
// (performance.memory does not exist in workers, and the engine lives in one).

import type { CDPSession, Page } from '@playwright/test';

export interface HeapSample {
  readonly main: number;
  readonly workers: number;
}

export class HeapProbe {
  private constructor(
    private readonly cdp: CDPSession,
    private readonly page: Page,
  ) {}

  static async attach(page: Page): Promise<HeapProbe> {
    return new HeapProbe(await page.context().newCDPSession(page), page);
  }

  async sample(): Promise<HeapSample> {
    const main = await this.page.evaluate(() => (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0);
    const pageUrl = new URL(this.page.url());
    const { targetInfos } = (await this.cdp.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string; url: string }[] };
    let workers = 0;
    for (const t of targetInfos) {
      if (t.type !== 'worker' || !t.url.startsWith(pageUrl.origin)) continue;
      workers += await this.heapOf(t.targetId);
    }
    return { main, workers };
  }

  private async heapOf(targetId: string): Promise<number> {
    const { sessionId } = (await this.cdp.send('Target.attachToTarget', { targetId, flatten: false })) as { sessionId: string };
    try {
      const reply = new Promise<number>((resolve) => {
        const onMessage = (ev: { sessionId: string; message: string }): void => {
          if (ev.sessionId !== sessionId) return;
          const msg = JSON.parse(ev.message) as { id?: number; result?: { usedSize: number } };
          if (msg.id !== 1) return;
          this.cdp.off('Target.receivedMessageFromTarget', onMessage);
          resolve(msg.result?.usedSize ?? 0);
        };
        this.cdp.on('Target.receivedMessageFromTarget', onMessage);
      });
      await this.cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: 1, method: 'Runtime.getHeapUsage' }) });
      return await Promise.race([reply, new Promise<number>((r) => setTimeout(() => r(0), 5000))]);
    } finally {
      await this.cdp.send('Target.detachFromTarget', { sessionId }).catch(() => {});
    }
  }

  async close(): Promise<void> {
    await this.cdp.detach().catch(() => {});
  }
}

export const MiB = 1024 * 1024;
export function mib(bytes: number): string {
  return (bytes / MiB).toFixed(1);
}

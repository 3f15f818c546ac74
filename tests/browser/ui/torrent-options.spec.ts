// The detail panel's Options tab (<rv-torrent-options>) at desktop and phone widths: it fits (nothing wider than the
// panel), axe finds no serious or critical issue, and screenshots are kept (test-results) to look at.

import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { appContext, infoHashOf, openApp, row, seedFiles, serverAndBrowser } from '../support/app.ts';
import { file, openDetail } from './ui.ts';

const setup = serverAndBrowser();

test('the Options tab fits and is accessible at 1280×800 and 390×844', async ({}, info) => {
  test.setTimeout(120_000);
  const page = await openApp(await appContext(setup.browser, setup.server), setup.server.url);
  const long = 'Ein sehr langer Ordnername mit Umlauten äöü und 日本語のファイル名 — Konzertaufnahme 2026 (Remaster).flac';
  const ih = infoHashOf(await seedFiles(page, [file(long, 70_000, 51), file('booklet.pdf', 30_000, 52)]));
  await page.getByTestId('share-dismiss').click();
  for (let i = 0; i < 3; i++) {
    await seedFiles(page, [file(`track-${i}.ogg`, 20_000, 60 + i)]);
    await page.getByTestId('share-dismiss').click();
  }
  await expect(row(page)).toHaveCount(4);
  for (const [width, height] of [
    [1280, 800],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    const panel = await openDetail(page, ih);
    await panel.getByTestId('tab-options').click();
    const options = panel.locator('rv-torrent-options');
    await expect(options.getByTestId('options-queue-position')).toContainText('Complete');
    await options.getByTestId('options-goal-own').check();
    await options.getByTestId('options-goal-ratio').fill('-2');
    await options.getByTestId('options-goal-save').click();
    await expect(options.getByTestId('options-goal-problem')).toBeVisible();
    await page.screenshot({ path: info.outputPath(`options-${width}.png`), fullPage: true });
    // Nothing in the tab is wider than the tab itself, and the page does not scroll sideways.
    const fit = await options.evaluate((el) => {
      const box = el.getBoundingClientRect();
      let widest = 0;
      for (const child of el.shadowRoot!.querySelectorAll('*')) widest = Math.max(widest, child.getBoundingClientRect().right - box.left);
      return { tab: box.width, widest, page: document.documentElement.scrollWidth, viewport: innerWidth };
    });
    expect(fit.widest).toBeLessThanOrEqual(fit.tab + 1);
    expect(fit.page).toBeLessThanOrEqual(fit.viewport);
    const results = await new AxeBuilder({ page }).analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
    await panel.getByTestId('detail-close').click();
  }
  await page.context().close();
});

// Screenshots, layout and axe checks of the engine status views (banner, "another tab" overlay) at two sizes.

import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';

/** Checks `box` fits the viewport at 1280x800 and 390x844, saves screenshots, and runs axe on the page. */
export async function checkStatusView(page: Page, box: Locator, name: string): Promise<void> {
  const original = page.viewportSize();
  for (const [width, height] of [
    [1280, 800],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await expect(box).toBeVisible();
    const r = (await box.boundingBox())!;
    expect(r.x, `${name} at ${width}: left edge`).toBeGreaterThanOrEqual(0);
    expect(r.x + r.width, `${name} at ${width}: right edge`).toBeLessThanOrEqual(width);
    expect(r.y + r.height, `${name} at ${width}: bottom edge`).toBeLessThanOrEqual(height);
    const path = test.info().outputPath(`${name}-${width}.png`);
    await page.screenshot({ path });
    await test.info().attach(`${name}-${width}.png`, { path, contentType: 'image/png' });
    const results = await new AxeBuilder({ page }).analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`), `axe in ${name} at ${width}`).toEqual([]);
  }
  if (original) await page.setViewportSize(original);
}

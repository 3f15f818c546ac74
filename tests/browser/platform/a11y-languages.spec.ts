// Every main view (list, detail, settings, create dialog) in English and German, at desktop (1280×800) and phone
// (390×844) widths: screenshots kept as test artefacts, and no serious or critical axe-core violations.

import { expect, test, type Browser, type Page } from '@playwright/test';
import { infoHashOf, launch, openApp, row, seedFiles, startApp, type RunningServer } from '../support/app.ts';
import { file, openDetail } from '../ui/ui.ts';
import { checkView, openSettings, platformContext } from './platform.ts';

let server: RunningServer;
let browser: Browser;

test.beforeAll(async () => {
  server = await startApp();
  browser = await launch(false);
});
test.afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const LANGUAGES = [
  { locale: 'en-US', lang: 'en', settings: 'Settings', create: 'Create a torrent' },
  { locale: 'de-DE', lang: 'de', settings: 'Einstellungen', create: 'Torrent erstellen' },
] as const;

async function prepare(locale: string): Promise<{ page: Page; ih: string }> {
  const context = await platformContext(browser, server, { locale });
  const page = await openApp(context, server.url);
  const ih = infoHashOf(await seedFiles(page, [file('bericht.pdf', 90_000, 91), file('zahlen.csv', 40_000, 92)]));
  await page.getByTestId('share-dismiss').click();
  await seedFiles(page, [file('lied.ogg', 60_000, 93)]);
  await page.getByTestId('share-dismiss').click();
  await expect(row(page)).toHaveCount(2);
  return { page, ih };
}

for (const l of LANGUAGES) {
  test(`list, detail, settings and create dialog in ${l.lang} have no serious accessibility violations at both widths`, async ({}, info) => {
    const { page, ih } = await prepare(l.locale);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(l.lang);
    for (const [width, height] of [
      [1280, 800],
      [390, 844],
    ] as const) {
      await page.setViewportSize({ width, height });
      const tag = `${l.lang}-${width}`;
      await checkView(page, info, `list-${tag}`);

      const panel = await openDetail(page, ih);
      await expect(page.getByTestId('file-row')).toHaveCount(2);
      await checkView(page, info, `detail-${tag}`);
      await panel.getByTestId('detail-close').click();

      const dialog = await openSettings(page);
      await expect(dialog.getByRole('heading', { name: l.settings })).toBeVisible();
      await expect(dialog.getByTestId('storage-usage')).toBeVisible();
      await checkView(page, info, `settings-${tag}`);
      await dialog.getByTestId('settings-cancel').click();
      await expect(dialog).toBeHidden();

      await page.getByTestId('create-torrent').click();
      const create = page.getByTestId('create-dialog');
      await expect(create.getByRole('heading', { name: l.create })).toBeVisible();
      await checkView(page, info, `create-${tag}`);
      await page.getByTestId('create-cancel').click();
      await expect(create).toBeHidden();
    }
    await page.context().close();
  });
}

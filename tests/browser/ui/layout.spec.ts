// The layout holds at 1280x800, 1440x900, 1920x1080 and 390x844 with a realistic list (22 torrents, long and
// unicode names, labels, a paused one, a multi-file torrent with nested folders) and the detail panel open on every
// tab: no sideways overflow of the page or any panel, no text squeezed below two characters, every row action on
// screen and uncovered. Screenshots of every view at every size are kept in test-results/.

import { expect, test, type Page } from '@playwright/test';
import { appContext, openApp, row, serverAndBrowser } from '../support/app.ts';
import { layoutProblems } from './layout-check.ts';

const SIZES = [
  [1280, 800],
  [1440, 900],
  [1920, 1080],
  [390, 844],
] as const;
const TABS = ['files', 'peers', 'trackers', 'pieces', 'speed'] as const;

const LONG = 'The.Extraordinarily.Long.Release.Name.Of.A.Documentary.Series.2024.Complete.Season.01.1080p.WEB-DL';
/** Single-file torrents: long names, unicode from several scripts, an RTL name, emoji. */
const NAMES = [
  `${LONG}.mkv`,
  'Ünïcödé-Sämple — 日本語のファイル名がとても長い場合のテスト.flac',
  'очень-длинное-имя-файла-для-проверки-разметки-списка.pdf',
  'ملف باسم عربي طويل جدا للتحقق من التخطيط.zip',
  '🎵 Playlist mix (2025) – ★★★★★ edition.m3u',
  'a.txt',
  'sample-file-07.bin',
  'Ελληνικό όνομα αρχείου με πολλές λέξεις.iso',
  'שם קובץ בעברית.docx',
  'नमूना फ़ाइल का लंबा नाम.mp4',
  'backup_2025-11-30T23-59-59Z_full_incremental_snapshot_archive_part_0001_of_0042.tar.zst',
  '한국어 파일 이름.hwp',
  'x',
  'Linux-distro-x86_64-live-DVD-installer-image.iso',
  'photos-from-the-trip.7z',
  'notes.md',
  'dataset_v2_train_validation_test_splits_with_metadata_and_readme.parquet',
  'ขื่อไฟล์ภาษาไทยที่ยาวมาก.txt',
  'sample-file-19.bin',
  'sample-file-20.bin',
  'sample-file-21.bin',
];
const MULTI_ROOT = 'Ünïcödé Földer — 日本語のフォルダ名 — a long multi-file torrent with nested folders';
const MULTI_FILES: readonly (readonly string[])[] = [
  [MULTI_ROOT, 'Season 01 — Épisodes avec des noms très longs', `${LONG}.S01E01.mkv`],
  [MULTI_ROOT, 'Season 01 — Épisodes avec des noms très longs', `${LONG}.S01E02.mkv`],
  [MULTI_ROOT, 'Season 01 — Épisodes avec des noms très longs', 'Subtitles', 'Deutsch (Untertitel für Hörgeschädigte).srt'],
  [MULTI_ROOT, 'Extras', 'Behind the scenes', 'очень-длинное-имя-файла-внутри-вложенной-папки.mp4'],
  [MULTI_ROOT, 'Extras', '日本語.txt'],
  [MULTI_ROOT, 'README.txt'],
];

const setup = serverAndBrowser();
let page: Page;
let multi = '';

/** Seeds through the engine client (the share flow's UI is not what this spec looks at). Returns the info hash. */
async function seed(p: Page, files: readonly (readonly string[])[], seedByte: number, tracker: string): Promise<string> {
  return p.evaluate(
    async ([paths, s, tr]) => {
      type Client = { call(c: unknown): Promise<{ infoHashHex: string }> };
      const client = (document.querySelector('rv-app') as Element & { client: Client }).client;
      const inputs = paths.map((path, i) => {
        const bytes = new Uint8Array(20_000 + i * 7_000 + s * 311).map((_, j) => (j * 31 + s * 7 + i) & 0xff);
        return { file: new File([bytes], path[path.length - 1]!), path };
      });
      return (await client.call({ type: 'seed', jobId: crypto.randomUUID(), inputs, options: { trackers: [tr] } })).infoHashHex;
    },
    [files as string[][], seedByte, tracker] as const,
  );
}

async function call(p: Page, command: Record<string, unknown>): Promise<void> {
  await p.evaluate(async (c) => {
    type Client = { call(c: unknown): Promise<unknown> };
    await (document.querySelector('rv-app') as Element & { client: Client }).client.call(c);
  }, command);
}

test.beforeAll(async () => {
  test.setTimeout(170_000);
  page = await openApp(await appContext(setup.browser, setup.server), setup.server.url);
  await page.setViewportSize({ width: 1280, height: 800 });
  const tracker = setup.server.trackerUrl;
  const hashes: string[] = [];
  for (const [i, name] of NAMES.entries()) hashes.push(await seed(page, [[name]], i + 1, tracker));
  multi = await seed(page, MULTI_FILES, 99, tracker);
  await call(page, { type: 'set-labels', infoHashHex: multi, labels: ['Films', 'sehr langes Label mit Umlauten äöü'] });
  await call(page, { type: 'set-labels', infoHashHex: hashes[0], labels: ['to watch'] });
  await call(page, { type: 'pause', infoHashHex: hashes[2] });
  await expect(row(page)).toHaveCount(NAMES.length + 1, { timeout: 60_000 });
});

for (const [width, height] of SIZES) {
  test(`the layout holds at ${width}x${height}: list and every detail tab`, async ({}, info) => {
    await page.setViewportSize({ width, height });
    const problems: string[] = [];
    const look = async (view: string): Promise<void> => {
      await page.evaluate(() => window.scrollTo(0, 0));
      const path = info.outputPath(`${width}x${height}-${view}.png`);
      await page.screenshot({ path, fullPage: true });
      await info.attach(`${width}x${height}-${view}`, { path, contentType: 'image/png' });
      // A phone page is long: the first screen as the user sees it too.
      if (width < 900) await page.screenshot({ path: info.outputPath(`${width}x${height}-${view}-screen.png`) });
      for (const p of await layoutProblems(page)) problems.push(`${view}: ${p}`);
    };

    await look('list');
    await row(page, multi).getByTestId('open-detail').click();
    const panel = page.getByTestId('detail-panel');
    await expect(panel).toHaveAttribute('data-infohash', multi);
    for (const tab of TABS) {
      await panel.getByTestId(`tab-${tab}`).click();
      await expect(panel.getByTestId(`tab-${tab}`)).toHaveAttribute('aria-selected', 'true');
      if (tab === 'files') await expect(panel.getByText('README.txt')).toBeAttached();
      await look(`detail-${tab}`);
    }
    await panel.getByTestId('detail-close').click();
    await expect(panel).toBeHidden();
    expect(problems).toEqual([]);
  });
}

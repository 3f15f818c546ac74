// HTTP semantics of the service worker's stream route, checked byte for byte against the original files: ranges at
// the start, across a piece boundary, at the last byte, open-ended and suffix; 416; HEAD; types; attachments. The
// fetches run in page B while it is still downloading, so most of them wait for their pieces to arrive.

import { expect, test } from '@playwright/test';
import { appContext, infoHashOf, openApp, randomContent, seedFiles, serverAndBrowser } from '../support/app.ts';
import { fetchInPage, fileRow, openFiles, streamUrl, waitForServiceWorker } from './support.ts';

const setup = serverAndBrowser();

test('ranges through the service worker match the original bytes, in a multi-file torrent, while it downloads', async () => {
  const video = randomContent(12 * 1024 * 1024 + 777, 31);
  const notes = Buffer.from('Notes about the clip.\nSecond line, with ünïcödé.\n'.repeat(200));
  const a = await openApp(await appContext(setup.browser, setup.server), setup.server.url);
  const magnet = await seedFiles(a, [
    { name: 'clip.webm', mimeType: 'video/webm', buffer: video },
    { name: 'notes.txt', mimeType: 'text/plain', buffer: notes },
  ]);
  const infoHash = infoHashOf(magnet);

  const b = await openApp(await appContext(setup.browser, setup.server), setup.server.url);
  await waitForServiceWorker(b);
  await b.getByTestId('magnet-input').fill(magnet);
  await b.getByTestId('magnet-submit').click();
  // A typed magnet of several files asks which to download once its metadata is here: all of them.
  await expect(b.getByTestId('select-dialog')).toBeVisible({ timeout: 60_000 });
  await b.getByTestId('select-confirm').click();
  await expect(b.getByTestId('select-dialog')).toBeHidden();
  const files = await openFiles(b, infoHash);
  // The torrent's file order decides the indexes; find each file by name.
  const names = await files.getByTestId('file-row').evaluateAll((rows) => rows.map((r) => [Number(r.getAttribute('data-index')), r.textContent ?? '']));
  const clipIndex = names.find(([, t]) => String(t).includes('clip.webm'))![0] as number;
  const notesIndex = names.find(([, t]) => String(t).includes('notes.txt'))![0] as number;
  const clip = streamUrl(infoHash, clipIndex, 'clip.webm');
  const L = video.length;
  const pieceLength = 16 * 1024; // what the app picks for ~12 MiB (about 1024 pieces, at least 16 KiB)

  const cases: [name: string, range: string, start: number, end: number][] = [
    ['start', 'bytes=0-1023', 0, 1023],
    ['middle, across a piece boundary', `bytes=${40 * pieceLength - 100}-${40 * pieceLength + 99}`, 40 * pieceLength - 100, 40 * pieceLength + 99],
    ['last byte', `bytes=${L - 1}-${L - 1}`, L - 1, L - 1],
    ['open-ended', `bytes=${L - 3 * pieceLength - 5}-`, L - 3 * pieceLength - 5, L - 1],
    ['suffix', 'bytes=-2000', L - 2000, L - 1],
    ['clamped last byte', `bytes=${L - 10}-${L + 1000}`, L - 10, L - 1],
  ];
  for (const [name, range, start, end] of cases) {
    const r = await fetchInPage(b, clip, { Range: range });
    expect(r.status, name).toBe(206);
    expect(r.headers['content-range'], name).toBe(`bytes ${start}-${end}/${L}`);
    expect(r.headers['content-length'], name).toBe(String(end - start + 1));
    expect(r.headers['accept-ranges'], name).toBe('bytes');
    expect(r.headers['content-type'], name).toBe('video/webm');
    expect(r.body.equals(video.subarray(start, end + 1)), `${name}: bytes differ`).toBe(true);
  }

  const unsatisfiable = await fetchInPage(b, clip, { Range: `bytes=${L}-` });
  expect(unsatisfiable.status).toBe(416);
  expect(unsatisfiable.headers['content-range']).toBe(`bytes */${L}`);

  const head = await fetchInPage(b, clip, { Range: 'bytes=100-199' }, 'HEAD');
  expect(head.status).toBe(206);
  expect(head.headers['content-length']).toBe('100');
  expect(head.body.length).toBe(0);

  const whole = await fetchInPage(b, clip);
  expect(whole.status).toBe(200);
  expect(whole.headers['content-length']).toBe(String(L));
  expect(whole.body.equals(video)).toBe(true);

  // The second file of the torrent streams like a single file, as text.
  const text = await fetchInPage(b, streamUrl(infoHash, notesIndex, 'notes.txt'));
  expect(text.status).toBe(200);
  expect(text.headers['content-type']).toBe('text/plain; charset=utf-8');
  expect(text.body.equals(notes)).toBe(true);

  // Every file gets a download link through the route: an attachment with the file's name.
  const href = await fileRow(files, notesIndex).getByTestId('download-file').getAttribute('href');
  expect(href).toBe(`${streamUrl(infoHash, notesIndex, 'notes.txt')}?download=1`);
  const download = await fetchInPage(b, href!);
  expect(download.headers['content-disposition']).toBe(`attachment; filename="notes.txt"; filename*=UTF-8''notes.txt`);
  expect(download.body.equals(notes)).toBe(true);

  // Unknown torrents and files are 404s with a short text, not the app shell.
  const missing = await fetchInPage(b, streamUrl('ab'.repeat(20), 0, 'x'));
  expect(missing.status).toBe(404);
  expect(missing.headers['content-type']).toBe('text/plain; charset=utf-8');
  expect((await fetchInPage(b, streamUrl(infoHash, 99, 'x'))).status).toBe(404);

  // The text viewer shows it in place.
  await fileRow(files, notesIndex).getByTestId('view-file').click();
  await expect(b.getByTestId('player-text')).toContainText('Second line, with ünïcödé.');
});

// Pressing Play on a download that waits in the queue starts it ahead of the queue (qBittorrent's "force start"):
// the video plays, the torrent leaves "Queued", and the download holding the one slot keeps it.

import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { appContext, infoHashOf, openApp, row, seedFiles, serverAndBrowser } from '../support/app.ts';
import { appContextWith, exportTorrent, openDetail, paste } from '../ui/ui.ts';
import { fileRow, openFiles, waitForServiceWorker, whenPlayedPast } from './support.ts';
import { makeWebm } from './webm.ts';

const setup = serverAndBrowser();

test('Play on a queued download starts it ahead of the queue and plays', async () => {
  test.setTimeout(180_000);
  const file = makeWebm({ seconds: 20, videoBitsPerSecond: 1_000_000, segmentSeconds: 2, width: 320, height: 180 });
  const a = await openApp(await appContext(setup.browser, setup.server), setup.server.url);
  const magnet = await seedFiles(a, [file]);
  const ih = infoHashOf(magnet);
  await a.getByTestId('share-dismiss').click();
  await openDetail(a, ih);
  const torrent = (await exportTorrent(a)).bytes;

  const b = await openApp(await appContextWith(setup.browser, setup.server.trackerUrl, { maxActiveDownloads: 1 }), setup.server.url);
  await waitForServiceWorker(b);
  // Nobody has this one: it stays "Fetching metadata", holding the only download slot.
  const nobody = 'e'.repeat(40);
  await paste(b, nobody);
  await expect(row(b, nobody).getByTestId('state')).toHaveText('Fetching metadata');
  await b.getByTestId('torrent-file-input').setInputFiles({ name: 'movie.torrent', mimeType: 'application/x-bittorrent', buffer: torrent });
  // One file: added at once, no choice to make.
  await expect(row(b, ih).getByTestId('state')).toHaveText('Queued');

  const files = await openFiles(b, ih);
  await fileRow(files, 0).getByTestId('play-file').click();
  const played = await whenPlayedPast(b.getByTestId('player-video'), 1, ih, 60_000);
  expect(played.length).toBe(readFileSync(file).length);
  await expect(row(b, ih).getByTestId('state')).not.toHaveText('Queued');
  await expect(row(b, nobody).getByTestId('state')).toHaveText('Fetching metadata'); // it kept its slot
  await b.context().close();
  await a.context().close();
});

import { describe, expect, it } from 'vitest';
import type { TorrentSnapshot, TorrentState } from '../../../src/api/protocol.ts';
import { downloadProgress, progressTitle } from '../../../src/components/download-progress.ts';

function torrent(state: TorrentState, length: number, verified: number, hasMetadata = true): TorrentSnapshot {
  return { state, length, verified, hasMetadata } as TorrentSnapshot;
}

describe('downloadProgress', () => {
  it.each<[string, TorrentSnapshot[], { active: number; progress: number | null }]>([
    ['nothing', [], { active: 0, progress: null }],
    ['only seeding, paused, queued, errored and checking torrents', [torrent('seeding', 10, 10), torrent('paused', 10, 2), torrent('queued', 10, 0), torrent('error', 10, 5), torrent('checking', 10, 1)], { active: 0, progress: null }],
    ['one download half done', [torrent('downloading', 200, 100)], { active: 1, progress: 0.5 }],
    ['two downloads weighted by size', [torrent('downloading', 300, 300), torrent('downloading', 100, 0)], { active: 2, progress: 0.75 }],
    ['a magnet without metadata counts as active but adds no size', [torrent('metadata', 0, 0, false), torrent('downloading', 100, 25)], { active: 2, progress: 0.25 }],
    ['only magnets without metadata', [torrent('metadata', 0, 0, false)], { active: 1, progress: null }],
    ['verified beyond the length never passes 100%', [torrent('downloading', 100, 150)], { active: 1, progress: 1 }],
  ])('%s', (_name, torrents, expected) => {
    expect(downloadProgress(torrents)).toEqual(expected);
  });
});

describe('progressTitle', () => {
  it.each<[number, number | null, string]>([
    [0, null, 'Rivulet'],
    [1, null, '(…) Rivulet'],
    [1, 0, '(0%) Rivulet'],
    [2, 0.426, '(42%) Rivulet'],
    // floored, and never 100% while something still downloads
    [1, 0.999, '(99%) Rivulet'],
    [1, 1, '(99%) Rivulet'],
  ])('%i active at %s reads %s', (active, progress, title) => {
    expect(progressTitle('Rivulet', { active, progress })).toBe(title);
  });
});

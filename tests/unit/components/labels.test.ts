import { describe, expect, it } from 'vitest';
import { describeInputs, displayStateLabel, errorText, peersLabel, stateLabel } from '../../../src/components/labels.ts';
import { EngineCallError } from '../../../src/api/client.ts';
import { jobProgress, type ShareJob } from '../../../src/components/share-job.ts';
import { byNewest } from '../../../src/components/torrent-order.ts';
import type { TorrentState } from '../../../src/api/protocol.ts';

const input = (...path: string[]) => ({ file: new File([''], path[path.length - 1]!), path });

describe('describeInputs', () => {
  it('names a single file by its path', () => {
    expect(describeInputs([input('movie.mkv')])).toBe('movie.mkv');
  });

  it('names a dropped folder by the folder', () => {
    expect(describeInputs([input('Album', 'a.flac'), input('Album', 'Art', 'b.jpg')])).toBe('Album');
  });

  it('counts loose files', () => {
    expect(describeInputs([input('a'), input('b'), input('c')])).toBe('3 files');
  });

  it('counts files from different folders', () => {
    expect(describeInputs([input('A', 'a'), input('B', 'b')])).toBe('2 files');
  });
});

describe('stateLabel', () => {
  it.each<[TorrentState, string]>([
    ['metadata', 'Fetching metadata'],
    ['checking', 'Checking'],
    ['downloading', 'Downloading'],
    ['seeding', 'Seeding'],
    ['paused', 'Paused'],
    ['error', 'Error'],
  ])('labels %s as %s', (state, label) => {
    expect(stateLabel(state)).toBe(label);
  });
});

describe('displayStateLabel', () => {
  it('shows how far a check is, in whole percent, and the plain state otherwise', () => {
    expect(displayStateLabel('checking', 0.427)).toBe('Checking 42%');
    expect(displayStateLabel('checking', 1)).toBe('Checking 100%');
    expect(displayStateLabel('checking')).toBe('Checking');
    expect(displayStateLabel('downloading', 0.5)).toBe('Downloading');
  });
});

describe('peersLabel', () => {
  it('uses the singular for one peer', () => {
    expect(peersLabel(1)).toBe('1 peer');
    expect(peersLabel(0)).toBe('0 peers');
    expect(peersLabel(12)).toBe('12 peers');
  });
});

describe('errorText', () => {
  it('keeps the engine code for bug reports', () => {
    expect(errorText(new EngineCallError({ code: 'STORAGE_FULL', message: 'Quota exceeded' }))).toBe('Quota exceeded (STORAGE_FULL)');
  });

  it('uses the message of other errors and a fallback for non-errors', () => {
    expect(errorText(new RangeError('too big'))).toBe('too big');
    expect(errorText('nope')).toBe('Something went wrong.');
  });
});

describe('jobProgress', () => {
  const job: ShareJob = { id: 1, label: 'x', bytes: 10, status: 'hashing', done: 0, total: 0 };

  it('is 0 before the first progress event and the ratio after', () => {
    expect(jobProgress(job)).toBe(0);
    expect(jobProgress({ ...job, done: 3, total: 4 })).toBe(0.75);
    expect(jobProgress({ ...job, done: 5, total: 4 })).toBe(1);
  });

  it('is 1 once the job is ready', () => {
    expect(jobProgress({ ...job, status: 'ready' })).toBe(1);
  });
});

describe('byNewest', () => {
  it('puts the newest first and breaks ties by info hash', () => {
    const list = [
      { addedAt: 1, infoHashHex: 'aa' },
      { addedAt: 3, infoHashHex: 'cc' },
      { addedAt: 3, infoHashHex: 'bb' },
      { addedAt: 2, infoHashHex: 'dd' },
    ];
    expect([...list].sort(byNewest).map((t) => t.infoHashHex)).toEqual(['bb', 'cc', 'dd', 'aa']);
  });
});

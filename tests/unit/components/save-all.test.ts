import { describe, expect, it } from 'vitest';
import type { FileSnapshot } from '../../../src/api/protocol.ts';
import { parseZipPath, zipPath } from '../../../src/api/file-stream.ts';
import { filesToSave } from '../../../src/components/save-all.ts';

const file = (index: number, safePath: string[], length: number, verified = length): FileSnapshot => ({
  index,
  name: safePath.join('/'),
  safePath,
  length,
  verified,
  priority: 4,
});

describe('filesToSave', () => {
  const files = [
    file(0, ['Album', 'a.flac'], 100),
    file(2, ['Album', 'Disc 2', 'b.flac'], 50, 20),
    file(3, ['Album', 'Disc 2', 'c.txt'], 0),
    file(4, ['Album', 'Disc 20', 'd.txt'], 5),
  ];

  it('saves complete files (empty ones too) and counts the incomplete ones it leaves out', () => {
    const { save, skipped } = filesToSave(files);
    expect(save.map((f) => f.index)).toEqual([0, 3, 4]);
    expect(skipped).toBe(1);
  });

  it('limits "Save folder" to the files under that folder, by whole path components', () => {
    const { save, skipped } = filesToSave(files, ['Album', 'Disc 2']);
    expect(save.map((f) => f.index)).toEqual([3]);
    expect(skipped).toBe(1);
  });
});

describe('zip URLs', () => {
  it('round-trips the info hash and the file list, and refuses anything else', () => {
    const url = new URL(zipPath('AB'.repeat(20), 'Ünï album/..', [0, 3, 12]), 'https://x.test');
    expect(parseZipPath(url)).toEqual({ infoHashHex: 'ab'.repeat(20), fileIndexes: [0, 3, 12] });
    expect(parseZipPath(new URL(zipPath('ab'.repeat(20), '..', [1]), 'https://x.test'))?.fileIndexes).toEqual([1]);
    for (const bad of ['/zip/abc/x.zip?f=1', `/zip/${'ab'.repeat(20)}/x.zip`, `/zip/${'ab'.repeat(20)}/x.zip?f=1,,2`, `/zip/${'ab'.repeat(20)}/x.zip?f=-1`, `/zip/${'ab'.repeat(20)}/a/b.zip?f=1`]) {
      expect(parseZipPath(new URL(bad, 'https://x.test')), bad).toBeNull();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { matchFiles, type GivenFile } from '../../../../src/api/worker/match-files.ts';
import type { TorrentFile } from '../../../../src/engine/metainfo/types.ts';

/** Files as the parser gives them: a multi-file torrent's paths start with its name. */
function files(list: readonly [path: string, length: number, pad?: boolean][], top?: string): TorrentFile[] {
  let offset = 0;
  return list.map(([p, length, pad]) => {
    const path = [...(top ? [top] : []), ...p.split('/')];
    const f: TorrentFile = { path, safePath: path.map((c) => c.replace(/[:?*]/g, '_')), name: p, length, offset, pad: pad ?? false, attr: pad ? 'p' : '' };
    offset += length;
    return f;
  });
}

const folder = { multiFile: true, files: files([['01 intro.flac', 100], ['.pad/28', 28, true], ['art/cover.jpg', 50], ['notes:1.txt', 0]], 'Album') };
const given = (...list: [string, number][]): GivenFile[] => list.map(([p, size]) => ({ path: p.split('/'), size }));

describe('matchFiles: a multi-file torrent', () => {
  it('matches a picked folder by relative path, whatever the folder is called', () => {
    for (const top of ['Album', 'My copy', 'Ålbum (2024)']) {
      const m = matchFiles(folder, given([`${top}/01 intro.flac`, 100], [`${top}/art/cover.jpg`, 50], [`${top}/notes_1.txt`, 0]));
      expect(m.byFile).toEqual([0, -1, 1, 2]);
      expect(m.unused).toEqual([]);
    }
  });

  it('matches files picked inside the folder (no top folder), and a folder that holds the torrent folder', () => {
    expect(matchFiles(folder, given(['01 intro.flac', 100], ['art/cover.jpg', 50])).byFile).toEqual([0, -1, 1, -1]);
    expect(matchFiles(folder, given(['Downloads/Album/01 intro.flac', 100], ['Downloads/Album/art/cover.jpg', 50])).byFile).toEqual([0, -1, 1, -1]);
  });

  it('takes the way of reading paths that matches the most files, and reports the rest as unused', () => {
    const m = matchFiles(folder, given(['x/01 intro.flac', 100], ['x/art/cover.jpg', 50], ['x/extra.txt', 3], ['01 intro.flac', 100]));
    expect(m.byFile).toEqual([0, -1, 1, -1]);
    expect(m.unused).toEqual([2, 3]);
  });

  it('matches names across Unicode normal forms (NFD from macOS, NFC in the torrent)', () => {
    const t = { multiFile: true, files: files([['café.txt', 5]], 'Café') };
    expect(matchFiles(t, given(['Café/cafe\u0301.txt', 5])).byFile).toEqual([0]);
  });

  it('never maps a pad file, even when the user has a file of that name', () => {
    expect(matchFiles(folder, given(['Album/.pad/28', 28])).byFile).toEqual([-1, -1, -1, -1]);
  });
});

describe('matchFiles: a single-file torrent', () => {
  const single = { multiFile: false, files: files([['movie.mkv', 1000]]) };

  it('matches by name, at any depth', () => {
    expect(matchFiles(single, given(['movie.mkv', 999])).byFile).toEqual([0]);
    expect(matchFiles(single, given(['Videos/movie.mkv', 1000], ['Videos/other.mkv', 1000])).byFile).toEqual([0]);
  });

  it('matches one file under another name by its size, and nothing when the size differs or several were given', () => {
    expect(matchFiles(single, given(['renamed.mkv', 1000])).byFile).toEqual([0]);
    expect(matchFiles(single, given(['renamed.mkv', 1001])).byFile).toEqual([-1]);
    expect(matchFiles(single, given(['a.mkv', 1000], ['b.mkv', 1000])).byFile).toEqual([-1]);
  });
});

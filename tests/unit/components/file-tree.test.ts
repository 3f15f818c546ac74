import { describe, expect, it } from 'vitest';
import type { FilePriority, FileSnapshot } from '../../../src/api/protocol.ts';
import { buildFileTree, priorityOf, visibleRows, wantedOf, withPending, type FolderNode } from '../../../src/components/file-tree.ts';

function file(index: number, name: string, length: number, verified = 0, priority: FilePriority = 4): FileSnapshot {
  return { index, name, safePath: name.split('/'), length, verified, priority };
}

/** Rows as "  name" (two spaces per level), to read the tree as a picture. */
function picture(root: FolderNode, collapsed: ReadonlySet<string> = new Set()): string[] {
  return visibleRows(root, collapsed).map((r) => `${'  '.repeat(r.depth)}${r.node.name}${r.node.kind === 'folder' ? '/' : ''}`);
}

const album = [
  file(0, 'Album/Disc 10/track 2.flac', 100, 100),
  file(1, 'Album/Disc 2/track 10.flac', 300, 0, 0),
  file(2, 'Album/Disc 2/track 9.flac', 200, 50),
  file(3, 'Album/cover.jpg', 10, 10, 7),
  file(4, 'Album/Disc 2/extras/notes.txt', 5, 5),
];

describe('buildFileTree', () => {
  it('leaves out the common top folder and lists folders before files, numbers compared as numbers', () => {
    expect(picture(buildFileTree(album))).toEqual([
      'Disc 2/',
      '  extras/',
      '    notes.txt',
      '  track 9.flac',
      '  track 10.flac',
      'Disc 10/',
      '  track 2.flac',
      'cover.jpg',
    ]);
  });

  it('keeps the top level when files do not share one folder, and a single file is one row', () => {
    expect(picture(buildFileTree([file(0, 'a/x.bin', 1), file(1, 'b.bin', 1)]))).toEqual(['a/', '  x.bin', 'b.bin']);
    expect(picture(buildFileTree([file(0, 'movie.mkv', 1)]))).toEqual(['movie.mkv']);
    expect(picture(buildFileTree([]))).toEqual([]);
  });

  it('adds up sizes and verified bytes of every file below a folder', () => {
    const root = buildFileTree(album);
    const disc2 = root.children[0] as FolderNode;
    expect([disc2.length, disc2.verified]).toEqual([505, 55]);
    expect(disc2.fileIndexes).toEqual([1, 2, 4]);
    expect([root.length, root.verified]).toEqual([615, 165]);
  });

  it('ticks a folder when all its files are wanted, clears it when none is, and marks it mixed otherwise', () => {
    const root = buildFileTree(album);
    const [disc2, disc10] = root.children as FolderNode[];
    expect(disc2!.wanted).toBe('some');
    expect(disc2!.priority).toBe('mixed');
    expect(disc10!.wanted).toBe('all');
    expect(disc10!.priority).toBe(4);
    expect(((disc2!.children[0]) as FolderNode).wanted).toBe('all');
  });

  it('hides what is under a collapsed folder, nested folders included', () => {
    expect(picture(buildFileTree(album), new Set(['Disc 2']))).toEqual(['Disc 2/', 'Disc 10/', '  track 2.flac', 'cover.jpg']);
    expect(picture(buildFileTree(album), new Set(['Disc 2/extras']))).toContain('  extras/');
    expect(picture(buildFileTree(album), new Set(['Disc 2/extras']))).not.toContain('    notes.txt');
  });

  it('names paths without the common root, and keeps unicode names whole', () => {
    const root = buildFileTree([file(0, 'Sammlung/Подпапка/Глубже/картинка.png', 1), file(1, 'Sammlung/第一章.mkv', 1)]);
    const rows = visibleRows(root, new Set());
    expect(rows.map((r) => r.node.path)).toEqual(['Подпапка', 'Подпапка/Глубже', 'Подпапка/Глубже/картинка.png', '第一章.mkv']);
  });
});

describe('wantedOf / priorityOf', () => {
  it.each([
    [[4, 7], 'all', 'mixed'],
    [[0, 0], 'none', 0],
    [[0, 1], 'some', 'mixed'],
    [[1, 1, 1], 'all', 1],
    [[], 'none', 'mixed'],
  ] as const)('%j → %s, %s', (priorities, wanted, priority) => {
    expect(wantedOf(priorities)).toBe(wanted);
    expect(priorityOf(priorities)).toBe(priority);
  });
});

describe('withPending', () => {
  it('shows a change the engine has not echoed yet, and leaves other files as they are', () => {
    const files = [file(0, 'a', 1), file(1, 'b', 1)];
    const shown = withPending(files, new Map([[1, 0]]));
    expect(shown.map((f) => f.priority)).toEqual([4, 0]);
    expect(shown[0]).toBe(files[0]);
  });
});

describe('path components', () => {
  it('uses the torrent path components when given, so a "/" inside a name never makes a folder', () => {
    const evil = '<img src=x onerror=alert(1)>../../evil';
    const files: FileSnapshot[] = [
      { ...file(0, `${evil}/one.txt`, 1), path: [evil, 'one.txt'] },
      { ...file(1, `${evil}/two.txt`, 1), path: [evil, 'two.txt'] },
    ];
    expect(picture(buildFileTree(files))).toEqual(['one.txt', 'two.txt']);
  });
});

import { describe, expect, it } from 'vitest';
import {
  MAX_DROPPED_FILES,
  entryPath,
  inputsFromDataTransfer,
  inputsFromFileList,
  pathOf,
  sortDropped,
} from '../../../src/components/drop-files.ts';

/** A picture of a drop: "dir/" entries hold children; files are plain names. */
type Tree = { readonly [name: string]: Tree | string };

const BATCH = 2; // smaller than Chromium's 100, so multi-batch directory reads are exercised

function entryFor(name: string, node: Tree | string, parent: string): object {
  const fullPath = `${parent}/${name}`;
  if (typeof node === 'string') {
    return {
      isFile: true,
      isDirectory: false,
      name,
      fullPath,
      file: (ok: (f: File) => void) => ok(new File([node], name)),
    };
  }
  const children = Object.entries(node).map(([n, c]) => entryFor(n, c, fullPath));
  return {
    isFile: false,
    isDirectory: true,
    name,
    fullPath,
    createReader: () => {
      let at = 0;
      return {
        readEntries: (ok: (entries: object[]) => void) => {
          const batch = children.slice(at, at + BATCH);
          at += batch.length;
          setTimeout(() => ok(batch), 0);
        },
      };
    },
  };
}

function dataTransfer(tree: Tree, loose: File[] = []): DataTransfer {
  const items = [
    ...Object.entries(tree).map(([name, node]) => ({ kind: 'file', webkitGetAsEntry: () => entryFor(name, node, ''), getAsFile: () => null })),
    ...loose.map((f) => ({ kind: 'file', webkitGetAsEntry: () => null, getAsFile: () => f })),
    { kind: 'string', webkitGetAsEntry: () => null, getAsFile: () => null },
  ];
  return { items, files: [] } as unknown as DataTransfer;
}

function seeded(inputs: { path: readonly string[] }[]): string[] {
  return inputs.map((i) => i.path.join('/'));
}

describe('inputsFromDataTransfer', () => {
  it('walks dropped folders, keeping paths relative to the drop and sorted', async () => {
    const dt = dataTransfer({
      Album: { 'b.flac': 'bb', 'a.flac': 'a', Art: { 'front.jpg': 'j', 'back.jpg': 'k' }, 'c.flac': 'c' },
      'notes.txt': 'n',
    });
    const inputs = await inputsFromDataTransfer(dt);
    expect(seeded(inputs)).toEqual([
      'Album/Art/back.jpg',
      'Album/Art/front.jpg',
      'Album/a.flac',
      'Album/b.flac',
      'Album/c.flac',
      'notes.txt',
    ]);
    expect(inputs.find((i) => i.file.name === 'b.flac')?.file.size).toBe(2);
  });

  it('falls back to plain files when the browser gives no entries', async () => {
    const f = new File(['z'], 'z.bin');
    const inputs = await inputsFromDataTransfer(dataTransfer({}, [f]));
    expect(inputs).toEqual([{ file: f, path: ['z.bin'] }]);
  });

  it('yields nothing for an empty folder', async () => {
    expect(await inputsFromDataTransfer(dataTransfer({ Empty: {} }))).toEqual([]);
  });

  it('reads the items synchronously, before its first await', () => {
    let read = false;
    const dt = { items: [{ kind: 'file', webkitGetAsEntry: () => ((read = true), null), getAsFile: () => null }], files: [] };
    void inputsFromDataTransfer(dt as unknown as DataTransfer);
    expect(read).toBe(true);
  });
});

describe('sortDropped', () => {
  const file = (name: string): File => new File([''], name);

  it('opens top-level .torrent files and seeds everything else', () => {
    const t1 = file('linux.torrent');
    const t2 = file('UPPER.TORRENT');
    const { torrentFiles, seed } = sortDropped([
      { file: t1, path: ['linux.torrent'] },
      { file: file('a.txt'), path: ['a.txt'] },
      { file: t2, path: ['UPPER.TORRENT'] },
      { file: file('inner.torrent'), path: ['folder', 'inner.torrent'] },
      { file: file('torrent'), path: ['torrent'] },
    ]);
    expect(torrentFiles).toEqual([t1, t2]);
    expect(seeded(seed)).toEqual(['a.txt', 'folder/inner.torrent', 'torrent']);
  });
});

describe('paths of picked files', () => {
  it('uses webkitRelativePath when a folder was picked', () => {
    const f = new File([''], 'a.txt');
    Object.defineProperty(f, 'webkitRelativePath', { value: 'Photos/2024/a.txt' });
    expect(pathOf(f)).toEqual(['Photos', '2024', 'a.txt']);
  });

  it('uses the file name otherwise', () => {
    expect(pathOf(new File([''], 'b.txt'))).toEqual(['b.txt']);
  });

  it('maps a file list to seed inputs in order', () => {
    const files = [new File(['1'], 'one'), new File(['2'], 'two')];
    expect(inputsFromFileList(files)).toEqual([
      { file: files[0], path: ['one'] },
      { file: files[1], path: ['two'] },
    ]);
  });

  it('refuses more than MAX_DROPPED_FILES files', () => {
    const f = new File([''], 'x');
    const many = { *[Symbol.iterator]() { for (let i = 0; i <= MAX_DROPPED_FILES; i++) yield f; } };
    expect(() => inputsFromFileList(many)).toThrow(String(MAX_DROPPED_FILES));
  });
});

describe('entryPath', () => {
  it.each<[string, string, string[]]>([
    ['/Album/a.flac', 'a.flac', ['Album', 'a.flac']],
    ['/a.flac', 'a.flac', ['a.flac']],
    ['', 'name', ['name']],
    ['//x//y', 'y', ['x', 'y']],
  ])('splits %j into components', (fullPath, name, parts) => {
    expect(entryPath({ fullPath, name })).toEqual(parts);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { distinctSafePaths, withCounter } from '../../../../src/engine/metainfo/distinct-paths.ts';
import { parseTorrent } from '../../../../src/engine/metainfo/metainfo.ts';
import { MAX_COMPONENT_BYTES } from '../../../../src/engine/metainfo/safe-path.ts';
import { subtleHasher } from '../../../../src/platform/subtle-hasher.ts';

const utf8Length = (s: string): number => new TextEncoder().encode(s).length;
const none = (): boolean => false;

describe('distinctSafePaths', () => {
  it('returns the same arrays when nothing collides', () => {
    const paths = [['d', 'a'], ['d', 'b', 'c']];
    const out = distinctSafePaths(paths, none);
    expect(out[0]).toBe(paths[0]);
    expect(out[1]).toBe(paths[1]);
  });

  it('renames inside the colliding folder only', () => {
    expect(distinctSafePaths([['d', 'x', 'f'], ['d', 'x', 'f'], ['d', 'y', 'f']], none)).toEqual([
      ['d', 'x', 'f'],
      ['d', 'x', 'f.1'],
      ['d', 'y', 'f'],
    ]);
  });

  it('never yields two equal paths, nor a file on a folder, for 2000 random colliding lists', () => {
    let seed = 7;
    const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
    const names = ['a', 'A', 'a.1', 'b', 'a.txt', 'a.1.txt', 'A.TXT'];
    for (let round = 0; round < 2000; round++) {
      const paths = Array.from({ length: 1 + rand(8) }, () => Array.from({ length: 1 + rand(3) }, () => names[rand(names.length)]!));
      const out = distinctSafePaths(paths, none).map((p) => p.join('/').toLowerCase());
      expect(new Set(out).size).toBe(out.length);
      const folders = new Set(out.flatMap((p) => p.split('/').slice(0, -1).map((_, i, a) => a.slice(0, i + 1).join('/'))));
      for (const p of out) expect(folders.has(p)).toBe(false);
    }
  });
});

describe('withCounter', () => {
  it.each([
    ['movie.mkv', 1, 'movie.1.mkv'],
    ['noext', 2, 'noext.2'],
    ['.hidden', 3, '.hidden.3'],
    ['a.' + 'x'.repeat(40), 1, 'a.' + 'x'.repeat(40) + '.1'],
  ])('%s, %i -> %s', (name, n, expected) => {
    expect(withCounter(name, n)).toBe(expected);
  });

  it('shortens the stem of a 255-byte name, keeping counter and extension', () => {
    const out = withCounter('a'.repeat(251) + '.mkv', 12);
    expect(utf8Length(out)).toBeLessThanOrEqual(MAX_COMPONENT_BYTES);
    expect(out.endsWith('.12.mkv')).toBe(true);
  });

  it('shortens a name with no usable extension at a code point boundary', () => {
    const out = withCounter('写'.repeat(85), 7);
    expect(utf8Length(out)).toBeLessThanOrEqual(MAX_COMPONENT_BYTES);
    expect(out).toMatch(/^写+\.7$/);
  });
});

describe('distinct safe paths agree with libtorrent', () => {
  // 45 random colliding torrents and libtorrent 2.0.8's file_path() for each (tests/vectors/metainfo/
  // libtorrent-path-collisions.py); 300 of 300 agreed when the table was made.
  const table = JSON.parse(readFileSync(new URL('../../../vectors/metainfo/libtorrent-path-collisions.json', import.meta.url), 'utf8')) as {
    cases: { torrent: string; libtorrent: string[] }[];
  };
  it.each(table.cases.map((c, i) => [i, c] as const))('case %i', async (_i, c) => {
    const m = await parseTorrent(Uint8Array.from(Buffer.from(c.torrent, 'hex')), subtleHasher);
    expect(m.files.map((f) => f.safePath.join('/'))).toEqual(c.libtorrent);
  });
});

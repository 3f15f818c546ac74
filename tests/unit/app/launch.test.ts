import { describe, expect, it } from 'vitest';
import { handleLaunch, type LaunchParams } from '../../../src/app/launch.ts';

const HEX = 'c9e15763f722f23e98a29decdfae341b98d53056';
const MAGNET = `magnet:?xt=urn:btih:${HEX}&dn=x`;

function fileHandle(name: string, bytes: string): FileSystemHandle {
  return { kind: 'file', name, getFile: async () => new File([bytes], name) } as unknown as FileSystemHandle;
}

async function launch(params: LaunchParams, pageUrl: string | null = 'https://r.example/') {
  const got: { files: string[][]; magnets: string[] } = { files: [], magnets: [] };
  await handleLaunch(params, { torrentFiles: (f) => got.files.push(f.map((x) => x.name)), magnet: (m) => got.magnets.push(m) }, pageUrl);
  return got;
}

describe('handleLaunch', () => {
  it('opens the launched files together', async () => {
    const got = await launch({ files: [fileHandle('a.torrent', 'd4:infoe'), fileHandle('b.torrent', 'x')], targetURL: 'https://r.example/' });
    expect(got).toEqual({ files: [['a.torrent', 'b.torrent']], magnets: [] });
  });

  it('skips directories (only file handles are files)', async () => {
    const dir = { kind: 'directory', name: 'folder' } as unknown as FileSystemHandle;
    expect(await launch({ files: [dir] })).toEqual({ files: [], magnets: [] });
  });

  it('adds the magnet of a protocol launch into the running app, encoded as the browser substitutes it', async () => {
    const got = await launch({ files: [], targetURL: `https://r.example/#${encodeURIComponent(MAGNET)}` });
    expect(got.magnets).toEqual([MAGNET]);
  });

  it('leaves the magnet of the launch that opened this page to the page itself (no double add)', async () => {
    const url = `https://r.example/#${encodeURIComponent(MAGNET)}`;
    expect(await launch({ files: [], targetURL: url }, url)).toEqual({ files: [], magnets: [] });
  });

  it('ignores a launch URL without a magnet', async () => {
    expect(await launch({ files: [], targetURL: 'https://r.example/#settings' })).toEqual({ files: [], magnets: [] });
  });
});

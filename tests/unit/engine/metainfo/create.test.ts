import { describe, expect, it } from 'vitest';
import { decode } from '../../../../src/engine/bencode/index.ts';
import type { BDict } from '../../../../src/engine/bencode/index.ts';
import { EngineError } from '../../../../src/engine/errors.ts';
import type { EngineErrorCode } from '../../../../src/engine/errors.ts';
import { createTorrent, MAX_READ } from '../../../../src/engine/metainfo/create.ts';
import type { CreateFileInput, CreateTorrentInput } from '../../../../src/engine/metainfo/create.ts';
import { autoPieceLength } from '../../../../src/engine/metainfo/piece-length.ts';
import { subtleHasher } from '../../../../src/platform/subtle-hasher.ts';
import { content, pieceHashes } from './fixtures.ts';

/** A file backed by memory that records every read. */
function memFile(path: string[], data: Uint8Array, reads: [string, number, number][] = []): CreateFileInput {
  return {
    path,
    length: data.length,
    async read(offset, length) {
      reads.push([path.join('/'), offset, length]);
      return data.slice(offset, offset + length);
    },
  };
}

async function errorOf(p: Promise<unknown>): Promise<EngineError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof EngineError) return e;
    throw e;
  }
  throw new Error('expected an error, got none');
}

const concat = (parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

describe('createTorrent', () => {
  it('makes a single-file torrent when one file is named like the torrent', async () => {
    const data = content(40000, 1);
    const { torrentBytes, metainfo } = await createTorrent(
      { name: 'a.bin', files: [memFile(['a.bin'], data)], pieceLength: 16384, announce: ['wss://t'], creationDate: 1700000000 },
      subtleHasher,
    );
    expect(metainfo.multiFile).toBe(false);
    expect(metainfo.files).toHaveLength(1);
    expect(metainfo.files[0]!.path).toEqual(['a.bin']);
    expect(metainfo.pieceHashes).toEqual(pieceHashes(data, 16384));
    expect(metainfo.announce).toEqual([['wss://t']]);
    expect(metainfo.creationDate).toBe(1700000000);
    const root = decode(torrentBytes, { strict: true }) as BDict;
    expect([...(root.get('info') as BDict).keys()]).toEqual(['length', 'name', 'piece length', 'pieces']);
    expect(root.has('announce-list')).toBe(false);
  });

  it('hashes pieces across file boundaries, keeping the file order given', async () => {
    const files = [content(10000, 1), content(0, 2), content(30000, 3), content(1, 4)];
    const { metainfo, torrentBytes } = await createTorrent(
      {
        name: 'folder',
        files: [memFile(['z', 'first'], files[0]!), memFile(['empty'], files[1]!), memFile(['a'], files[2]!), memFile(['b'], files[3]!)],
        pieceLength: 16384,
      },
      subtleHasher,
    );
    expect(metainfo.multiFile).toBe(true);
    expect(metainfo.files.map((f) => f.name)).toEqual(['folder/z/first', 'folder/empty', 'folder/a', 'folder/b']);
    expect(metainfo.length).toBe(40001);
    expect(metainfo.pieceCount).toBe(3);
    expect(metainfo.pieceHashes).toEqual(pieceHashes(concat(files), 16384));
    // The info dict is canonical: decoding strictly proves its keys (and the files' keys) are sorted.
    expect(() => decode(torrentBytes, { strict: true })).not.toThrow();
  });

  it('reports each piece and the progress, and reads at most MAX_READ at a time', async () => {
    const reads: [string, number, number][] = [];
    const data = content(MAX_READ * 2 + 5, 9);
    const pieces: [number, Uint8Array][] = [];
    const progress: [number, number][] = [];
    const pieceLength = 8 * 1024 * 1024;
    await createTorrent({ name: 'big', files: [memFile(['big'], data, reads)], pieceLength }, subtleHasher, {
      onPiece: (i, p) => {
        pieces.push([i, p]);
      },
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(Math.max(...reads.map((r) => r[2]))).toBeLessThanOrEqual(MAX_READ);
    expect(reads.map((r) => r[1])).toEqual([0, MAX_READ, 2 * MAX_READ]);
    expect(pieces.map(([i, p]) => [i, p.length])).toEqual([
      [0, pieceLength],
      [1, 5],
    ]);
    // Buffer.equals: toEqual walks 8 MiB element by element far too slowly.
    expect(Buffer.from(concat(pieces.map((p) => p[1]))).equals(data)).toBe(true);
    expect(progress).toEqual([
      [pieceLength, data.length],
      [data.length, data.length],
    ]);
  });

  it('hands pieces to an async onPiece one at a time, in order, and waits for the last before returning', async () => {
    const order: string[] = [];
    let storing = 0;
    await createTorrent(
      { name: 'x', files: [memFile(['x'], content(40000, 1))], pieceLength: 16384 },
      {
        async sha1(d) {
          order.push('hash');
          return subtleHasher.sha1(d);
        },
      },
      {
        onPiece: async (i) => {
          expect(storing).toBe(0); // never two onPiece calls at once
          storing++;
          await new Promise((r) => setTimeout(r, 1));
          storing--;
          order.push(`stored ${i}`);
        },
      },
    );
    // Hashing a batch may run ahead (pieces hash concurrently); storing follows in piece order.
    expect(order.filter((e) => e.startsWith('stored'))).toEqual(['stored 0', 'stored 1', 'stored 2']);
    expect(order.filter((e) => e === 'hash').length).toBeGreaterThanOrEqual(3); // 3 pieces (+ the info hash)
    expect(order.indexOf('stored 0')).toBeGreaterThan(order.indexOf('hash'));
  });

  it('hands the next batch to onPiece while the previous batch is still being hashed, and waits for every hash', async () => {
    // Two batches of one 8 MiB piece each: the first piece's hash is held until the second piece was handed over.
    const pieceLength = 8 * 1024 * 1024;
    const data = content(pieceLength + 100, 4);
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let calls = 0;
    const { metainfo } = await createTorrent({ name: 'x', files: [memFile(['x'], data)], pieceLength }, {
      async sha1(d) {
        const call = calls++;
        if (call === 0) {
          await held;
          order.push('hashed 0');
        }
        return subtleHasher.sha1(d);
      },
    }, {
      onPiece: (i) => {
        order.push(`stored ${i}`);
        if (i === 1) release();
      },
    });
    expect(order).toEqual(['stored 0', 'stored 1', 'hashed 0']);
    expect(metainfo.pieceHashes).toEqual(pieceHashes(data, pieceLength));
  });

  it('recycles each batch once its pieces were stored and hashed, so reading into it again changes no hash', async () => {
    const pieceLength = 1024 * 1024;
    const data = content(3 * MAX_READ + 100, 6);
    const free: ArrayBuffer[] = [];
    const recycled: number[] = [];
    const stored = new Set<number>();
    let fresh = 0;
    const file: CreateFileInput = {
      path: ['x'],
      length: data.length,
      // Reads into a recycled buffer when there is one, as the seed job's reader does.
      async read(offset, length) {
        const buffer = free.pop() ?? (fresh++, new ArrayBuffer(MAX_READ));
        const out = new Uint8Array(buffer, 0, length);
        out.set(data.subarray(offset, offset + length));
        return out;
      },
    };
    const { metainfo } = await createTorrent({ name: 'x', files: [file], pieceLength }, subtleHasher, {
      onPiece: (i) => void stored.add(i),
      recycle: (batch) => {
        const first = recycled.length * (MAX_READ / pieceLength);
        for (let i = first; i < first + batch.length / pieceLength; i++) expect(stored.has(i)).toBe(true);
        recycled.push(batch.length);
        free.push(batch.buffer as ArrayBuffer);
      },
    });
    expect(metainfo.pieceHashes).toEqual(pieceHashes(data, pieceLength));
    expect(recycled).toEqual([MAX_READ, MAX_READ, MAX_READ, 100]);
    expect(fresh).toBeLessThan(4); // a batch read after one was recycled reused it
  });

  it('stops when the signal is aborted, throwing its reason', async () => {
    const signal = { aborted: false, reason: new Error('stop') as unknown };
    const e = await createTorrent({ name: 'x', files: [memFile(['x'], content(50000, 1))], pieceLength: 16384 }, subtleHasher, {
      signal,
      onPiece: (i) => {
        if (i === 1) signal.aborted = true;
      },
    }).catch((err: unknown) => err);
    expect(e).toBe(signal.reason);
  });

  it('throws an AbortError when aborted without a reason', async () => {
    const e = await createTorrent({ name: 'x', files: [memFile(['x'], content(10, 1))] }, subtleHasher, {
      signal: { aborted: true },
    }).catch((err: unknown) => err);
    expect((e as Error).name).toBe('AbortError');
  });

  it('writes trackers, web seeds and optional fields', async () => {
    const { metainfo, torrentBytes } = await createTorrent(
      {
        name: 'x',
        files: [memFile(['x'], content(10, 1))],
        announce: [['wss://a', 'wss://b'], ['wss://c', 'wss://a'], []],
        urlList: ['https://s/', 'https://s/'],
        comment: 'c',
        createdBy: 'Rivulet',
        private: true,
      },
      subtleHasher,
    );
    expect(metainfo.announce).toEqual([['wss://a', 'wss://b'], ['wss://c']]);
    expect(metainfo.urlList).toEqual(['https://s/']);
    expect(metainfo.comment).toBe('c');
    expect(metainfo.createdBy).toBe('Rivulet');
    expect(metainfo.private).toBe(true);
    expect(metainfo.creationDate).toBeUndefined();
    const root = decode(torrentBytes) as BDict;
    expect(new TextDecoder().decode(root.get('announce') as Uint8Array)).toBe('wss://a');
  });

  it('honours an explicit singleFile choice', async () => {
    const folder = await createTorrent({ name: 'x', files: [memFile(['x'], content(10, 1))], singleFile: false }, subtleHasher);
    expect(folder.metainfo.multiFile).toBe(true);
    expect(folder.metainfo.files[0]!.path).toEqual(['x', 'x']);
    const single = await createTorrent({ name: 'renamed.bin', files: [memFile(['orig.bin'], content(10, 1))], singleFile: true }, subtleHasher);
    expect(single.metainfo.multiFile).toBe(false);
    expect(single.metainfo.name).toBe('renamed.bin');
  });

  it('produces the same bytes for the same input', async () => {
    const make = () => createTorrent({ name: 'x', files: [memFile(['a'], content(30000, 1)), memFile(['b'], content(5, 2))] }, subtleHasher);
    expect((await make()).torrentBytes).toEqual((await make()).torrentBytes);
  });

  it('uses autoPieceLength by default', async () => {
    const { metainfo } = await createTorrent({ name: 'x', files: [memFile(['x'], content(100, 1))] }, subtleHasher);
    expect(metainfo.pieceLength).toBe(autoPieceLength(100));
  });

  const file = memFile(['f'], content(10, 1));
  const bad: [string, Partial<CreateTorrentInput>, EngineErrorCode][] = [
    ['an empty name', { name: ' ' }, 'METAINFO_BAD_FIELD'],
    ['no files', { files: [] }, 'TORRENT_NO_FILES'],
    ['only empty files', { files: [memFile(['e'], new Uint8Array(0))] }, 'METAINFO_BAD_FIELD'],
    ['an empty path', { files: [{ ...file, path: [] }] }, 'METAINFO_BAD_PATH'],
    ['a ".." component', { files: [{ ...file, path: ['..', 'x'] }] }, 'METAINFO_BAD_PATH'],
    ['a separator inside a component', { files: [{ ...file, path: ['a/b'] }] }, 'METAINFO_BAD_PATH'],
    ['two files with one path', { files: [file, file] }, 'METAINFO_BAD_PATH'],
    ['a negative length', { files: [{ ...file, length: -1 }] }, 'METAINFO_BAD_FIELD'],
    ['a piece length that is not a power of two', { pieceLength: 20000 }, 'METAINFO_BAD_FIELD'],
    ['a piece length under 16 KiB', { pieceLength: 8192 }, 'METAINFO_BAD_FIELD'],
    ['a piece length over 128 MiB', { pieceLength: 256 * 1048576 }, 'METAINFO_BAD_FIELD'],
    ['a fractional creation date', { creationDate: 1.5 }, 'METAINFO_BAD_FIELD'],
    ['singleFile with two files', { singleFile: true, files: [file, memFile(['g'], content(1, 1))] }, 'METAINFO_BAD_FIELD'],
  ];
  it.each(bad)('rejects %s', async (_name, override, code) => {
    const e = await errorOf(createTorrent({ name: 'n', files: [file], ...override }, subtleHasher));
    expect(e.code).toBe(code);
  });

  it('rejects a file whose read returns the wrong number of bytes', async () => {
    const short: CreateFileInput = { path: ['s'], length: 100, read: async () => new Uint8Array(50) };
    const e = await errorOf(createTorrent({ name: 'n', files: [short] }, subtleHasher));
    expect(e.code).toBe('STORAGE_IO');
    expect(e.details).toMatchObject({ expected: 100, actual: 50 });
  });
});

describe('autoPieceLength', () => {
  const vectors: [number, number][] = [
    [0, 16384],
    [1, 16384],
    [16 * 1024 * 1024, 16384],
    [64 * 1024 * 1024, 65536],
    [700 * 1024 * 1024, 524288],
    [1024 * 1024 * 1024, 1048576],
    [4 * 1024 ** 3, 4194304],
    [1024 ** 4, 16777216],
  ];
  it.each(vectors)('picks a power of two near 1024 pieces for %d bytes', (total, expected) => {
    const p = autoPieceLength(total);
    expect(p).toBe(expected);
    expect(Math.log2(p) % 1).toBe(0);
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { SAVE_CHUNK_BYTES, saveFile, suggestedName } from '../../../src/components/save-file.ts';
import type { Command, FileSnapshot } from '../../../src/api/protocol.ts';
import { FakeEngine } from './fake-engine.ts';

const HASH = 'c9e15763f722f23e98a29decdfae341b98d53056';

function file(length: number, index = 2): FileSnapshot {
  return { index, name: 'dir/<b>evil</b>.bin', safePath: ['dir', '_b_evil__b_.bin'], length, verified: length, priority: 4 };
}

/** An engine whose file bytes are (offset + i) & 0xff, so a misplaced chunk shows up in the content. */
function engineServing(): FakeEngine {
  const engine = new FakeEngine();
  engine.respond = (c: Command) => {
    if (c.type !== 'read') return undefined;
    const out = new Uint8Array(c.length);
    for (let i = 0; i < c.length; i++) out[i] = (c.offset + i) & 0xff;
    return { value: out };
  };
  return engine;
}

function expectPattern(bytes: Uint8Array, length: number): void {
  expect(bytes.length).toBe(length);
  for (let i = 0; i < length; i += 65_537) expect(bytes[i]).toBe(i & 0xff);
  expect(bytes[length - 1]).toBe((length - 1) & 0xff);
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('suggestedName', () => {
  it('uses the last safe path component, never the display name', () => {
    expect(suggestedName(file(1))).toBe('_b_evil__b_.bin');
  });
});

describe('saveFile with the File System Access picker', () => {
  it('streams the file in 4 MiB reads into the writable and closes it', async () => {
    const engine = engineServing();
    const length = 2 * SAVE_CHUNK_BYTES + 5;
    const written: Uint8Array[] = [];
    const writable = { write: vi.fn(async (c: Uint8Array) => void written.push(c)), close: vi.fn(async () => {}), abort: vi.fn() };
    const picker = vi.fn(async () => ({ createWritable: async () => writable }));
    vi.stubGlobal('window', { showSaveFilePicker: picker });
    const progress: number[] = [];

    await expect(saveFile(engine.client, HASH, file(length), (done) => progress.push(done))).resolves.toBe('saved');

    expect(picker).toHaveBeenCalledWith({ suggestedName: '_b_evil__b_.bin' });
    expect(engine.commandsOf('read').map((r) => [r.fileIndex, r.offset, r.length])).toEqual([
      [2, 0, SAVE_CHUNK_BYTES],
      [2, SAVE_CHUNK_BYTES, SAVE_CHUNK_BYTES],
      [2, 2 * SAVE_CHUNK_BYTES, 5],
    ]);
    const all = new Uint8Array(length);
    let at = 0;
    for (const c of written) all.set(c, (at += c.length) - c.length);
    expectPattern(all, length);
    expect(writable.close).toHaveBeenCalledOnce();
    expect(progress).toEqual([0, SAVE_CHUNK_BYTES, 2 * SAVE_CHUNK_BYTES, length]);
  });

  it('returns cancelled, reading nothing, when the user closes the picker', async () => {
    const engine = engineServing();
    vi.stubGlobal('window', { showSaveFilePicker: async () => Promise.reject(new DOMException('closed', 'AbortError')) });
    await expect(saveFile(engine.client, HASH, file(10))).resolves.toBe('cancelled');
    expect(engine.sent).toHaveLength(0);
  });

  it('aborts the writable and rethrows when a read fails', async () => {
    const engine = new FakeEngine();
    engine.respond = () => ({ error: { code: 'PIECE_NOT_VERIFIED', message: 'not yet', details: { piece: 3 } } });
    const writable = { write: vi.fn(), close: vi.fn(), abort: vi.fn(async () => {}) };
    vi.stubGlobal('window', { showSaveFilePicker: async () => ({ createWritable: async () => writable }) });
    await expect(saveFile(engine.client, HASH, file(10))).rejects.toThrow('not yet');
    expect(writable.abort).toHaveBeenCalledOnce();
    expect(writable.close).not.toHaveBeenCalled();
  });

  it('fails instead of looping forever when the engine returns an empty chunk', async () => {
    const engine = new FakeEngine();
    engine.respond = () => ({ value: new Uint8Array(0) });
    const writable = { write: vi.fn(), close: vi.fn(), abort: vi.fn(async () => {}) };
    vi.stubGlobal('window', { showSaveFilePicker: async () => ({ createWritable: async () => writable }) });
    await expect(saveFile(engine.client, HASH, file(10))).rejects.toThrow('read returned 0 bytes for 10 at offset 0 of file 2');
  });
});

describe('saveFile without the picker, with a service worker', () => {
  it('navigates a hidden link to the download route (no download attribute: it would bypass the worker), reading nothing', async () => {
    const engine = engineServing();
    const anchor = { href: '', download: '', rel: '', style: { display: '' }, click: vi.fn(), remove: vi.fn() };
    vi.stubGlobal('window', {});
    vi.stubGlobal('navigator', { serviceWorker: { controller: {} } });
    vi.stubGlobal('document', { createElement: () => anchor, body: { append: vi.fn() } });
    const createObjectURL = vi.spyOn(URL, 'createObjectURL');
    await expect(saveFile(engine.client, HASH, file(10 * SAVE_CHUNK_BYTES))).resolves.toBe('saved');
    expect(anchor.href).toBe(`/stream/${HASH}/2/_b_evil__b_.bin?download=1`);
    expect(anchor.download).toBe('');
    expect(anchor.click).toHaveBeenCalledOnce();
    expect(engine.sent).toHaveLength(0);
    expect(createObjectURL).not.toHaveBeenCalled();
  });
});

describe('saveFile without the picker', () => {
  it('collects the chunks into one Blob and clicks a download link with the safe name', async () => {
    const engine = engineServing();
    const length = SAVE_CHUNK_BYTES + 100;
    const anchor = { href: '', download: '', rel: '', style: { display: '' }, click: vi.fn(), remove: vi.fn() };
    vi.stubGlobal('window', {});
    vi.stubGlobal('document', { createElement: () => anchor, body: { append: vi.fn() } });
    let blob: Blob | undefined;
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => ((blob = b as Blob), 'blob:test'));
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    vi.useFakeTimers();
    try {
      await expect(saveFile(engine.client, HASH, file(length))).resolves.toBe('saved');
      expect(anchor.click).toHaveBeenCalledOnce();
      expect(anchor.download).toBe('_b_evil__b_.bin');
      expect(anchor.href).toBe('blob:test');
      expect(URL.revokeObjectURL).not.toHaveBeenCalled(); // revoking at once could cancel the download
      vi.runAllTimers();
      expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:test');
    } finally {
      vi.useRealTimers();
    }
    expectPattern(new Uint8Array(await blob!.arrayBuffer()), length);
  });
});

import { describe, expect, it } from 'vitest';
import { createOptionsFrom, lines, PIECE_SIZES, torrentFileName, type CreateForm } from '../../../src/components/create-options.ts';

const FORM: CreateForm = { name: '', pieceLength: 0, trackers: '', webSeeds: '', comment: '', private: false };

describe('createOptionsFrom', () => {
  it('turns an empty form into "auto everything"', () => {
    expect(createOptionsFrom(FORM)).toEqual({ ok: true, options: { trackers: [] } });
  });

  it('reads every field', () => {
    const r = createOptionsFrom({
      name: '  My share ',
      pieceLength: 256 * 1024,
      trackers: 'wss://a.example/announce\n\n  ws://b.example/ \nwss://a.example/announce',
      webSeeds: 'https://cdn.example/files/',
      comment: ' hello ',
      private: true,
    });
    expect(r).toEqual({
      ok: true,
      options: {
        name: 'My share',
        pieceLength: 256 * 1024,
        trackers: ['wss://a.example/announce', 'ws://b.example'],
        webSeeds: ['https://cdn.example/files/'],
        comment: 'hello',
        private: true,
      },
    });
  });

  it.each<[Partial<CreateForm>, string, string]>([
    [{ trackers: 'https://t.example/announce' }, 'trackers', 'not-websocket'],
    [{ trackers: 'nonsense' }, 'trackers', 'invalid-url'],
    [{ webSeeds: 'wss://x.example' }, 'webSeeds', 'invalid-url'],
    [{ comment: 'x'.repeat(2001) }, 'comment', 'too-long'],
  ])('reports %j as a problem with %s (%s)', (patch, field, kind) => {
    const r = createOptionsFrom({ ...FORM, ...patch });
    expect(r.ok).toBe(false);
    if (!r.ok && r.problem.field !== 'pieceLength') expect([r.problem.field, r.problem.problem.kind]).toEqual([field, kind]);
  });

  it('refuses a piece size not on offer', () => {
    expect(createOptionsFrom({ ...FORM, pieceLength: 1000 })).toEqual({ ok: false, problem: { field: 'pieceLength', value: 1000 } });
  });

  it('offers auto plus powers of two from 16 KiB to 16 MiB', () => {
    expect(PIECE_SIZES[0]).toBe(0);
    expect(PIECE_SIZES[1]).toBe(16384);
    expect(PIECE_SIZES.at(-1)).toBe(16 * 1024 * 1024);
  });

  it('splits lines and drops blanks', () => {
    expect(lines(' a \r\n\n b\n')).toEqual(['a', 'b']);
  });
});

describe('torrentFileName', () => {
  it.each([
    ['Holiday photos', 'Holiday photos.torrent'],
    ['<img src=x onerror=alert(1)>../../evil', '_img src=x onerror=alert(1)_.._.._evil.torrent'],
    ['../..', '_.torrent'],
    ['...', 'torrent.torrent'],
    ['  .hidden  ', 'hidden.torrent'],
    ['CON', '_CON.torrent'],
    ['a\u0000b\nc', 'a_b_c.torrent'],
    ['', 'torrent.torrent'],
  ])('%j -> %j', (name, want) => {
    expect(torrentFileName(name)).toBe(want);
  });

  it('never yields a separator or a leading dot', () => {
    for (const name of ['../x', '..\\x', '/etc/passwd', '.', '..', 'a/b\\c']) {
      const out = torrentFileName(name);
      expect(out).not.toMatch(/[/\\]/);
      expect(out.startsWith('.')).toBe(false);
    }
  });

  it('shortens very long names', () => {
    expect(torrentFileName('x'.repeat(500)).length).toBeLessThanOrEqual(120 + '.torrent'.length);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromHex, toBase32 } from '../../../../src/engine/bytes.ts';
import { EngineError } from '../../../../src/engine/errors.ts';
import type { EngineErrorCode } from '../../../../src/engine/errors.ts';
import {
  composeSelectOnly,
  MAX_SELECT_ONLY,
  parseMagnet,
  parseSelectOnly,
  parseTorrentId,
  toMagnet,
} from '../../../../src/engine/metainfo/magnet.ts';

const HEX = 'c12fe1c06bba254a9dc9f519b335aa7c1367a88a';
const B32 = toBase32(fromHex(HEX)!);

function errorOf(fn: () => unknown): EngineError {
  try {
    fn();
  } catch (e) {
    if (e instanceof EngineError) return e;
    throw new Error(`expected an EngineError, got ${String(e)}`);
  }
  throw new Error('expected an error, got none');
}

describe('parseMagnet: info hash', () => {
  it('reads a 40-hex btih, in either case', () => {
    expect(parseMagnet(`magnet:?xt=urn:btih:${HEX}`).infoHashHex).toBe(HEX);
    expect(parseMagnet(`magnet:?xt=urn:btih:${HEX.toUpperCase()}`).infoHash).toEqual(fromHex(HEX));
  });

  it('reads a 32-char base32 btih', () => {
    expect(B32).toHaveLength(32);
    expect(parseMagnet(`magnet:?xt=urn:btih:${B32}`).infoHashHex).toBe(HEX);
    expect(parseMagnet(`magnet:?xt=urn:btih:${B32.toLowerCase()}`).infoHashHex).toBe(HEX);
  });

  it('takes the btih among several xt, including xt.1 style and a hybrid btmh', () => {
    const btmh = `urn:btmh:1220${'ab'.repeat(32)}`;
    expect(parseMagnet(`magnet:?xt=urn:ed2k:31D6CFE0D16AE931B73C59D7E0C089C0&xt=urn:btih:${HEX}`).infoHashHex).toBe(HEX);
    expect(parseMagnet(`magnet:?xt.1=${btmh}&xt.2=urn:btih:${HEX}`).infoHashHex).toBe(HEX);
    expect(parseMagnet(`MAGNET:?xt=URN:BTIH:${HEX}`).infoHashHex).toBe(HEX);
  });

  const bad: [string, string, EngineErrorCode, RegExp][] = [
    ['a v2-only magnet', `magnet:?xt=urn:btmh:1220${'ab'.repeat(32)}&dn=x`, 'MAGNET_NO_INFO_HASH', /v2-only.*not supported/],
    ['no xt at all', 'magnet:?dn=name&tr=wss%3A%2F%2Ft', 'MAGNET_NO_INFO_HASH', /no info hash/],
    ['39 hex characters', `magnet:?xt=urn:btih:${HEX.slice(1)}`, 'MAGNET_BAD_INFO_HASH', /not 39/],
    ['40 characters that are not hex', `magnet:?xt=urn:btih:${'z'.repeat(40)}`, 'MAGNET_BAD_INFO_HASH', /40 hex or 32 base32/],
    ['32 characters that are not base32', `magnet:?xt=urn:btih:${'1'.repeat(32)}`, 'MAGNET_BAD_INFO_HASH', /invalid/],
    ['an empty btih', 'magnet:?xt=urn:btih:', 'MAGNET_BAD_INFO_HASH', /not 0/],
    ['not a magnet link', `http://x/?xt=urn:btih:${HEX}`, 'MAGNET_INVALID', /must start with "magnet:\?"/],
    ['a broken %-escape', `magnet:?xt=urn:btih:${HEX}&dn=a%zzb`, 'MAGNET_INVALID', /broken %-escape/],
    ['a truncated %-escape', `magnet:?xt=urn:btih:${HEX}&tr=a%2`, 'MAGNET_INVALID', /broken %-escape/],
    ['a link over 1 MiB', `magnet:?xt=urn:btih:${HEX}&dn=${'a'.repeat(1 << 20)}`, 'MAGNET_INVALID', /characters long/],
  ];
  it.each(bad)('rejects %s', (_name, uri, code, message) => {
    const e = errorOf(() => parseMagnet(uri));
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
  });
});

describe('parseMagnet: other parameters', () => {
  const base = `magnet:?xt=urn:btih:${HEX}`;

  it('reads a full link', () => {
    const m = parseMagnet(
      `${base}&dn=Big+Buck%20Bunny&xl=276134947&tr=wss%3A%2F%2Ftracker.btorrent.xyz&tr=wss%3A%2F%2Ftracker.openwebtorrent.com` +
        '&ws=https%3A%2F%2Fwebtorrent.io%2Ftorrents%2F&so=0,2,4-6&x.pe=10.0.0.1:6881&x.pe=[::1]:6881',
    );
    expect(m).toEqual({
      infoHash: fromHex(HEX),
      infoHashHex: HEX,
      name: 'Big Buck Bunny',
      length: 276134947,
      trackers: ['wss://tracker.btorrent.xyz', 'wss://tracker.openwebtorrent.com'],
      webSeeds: ['https://webtorrent.io/torrents/'],
      selectOnly: [0, 2, 4, 5, 6],
      peers: ['10.0.0.1:6881', '[::1]:6881'],
    });
  });

  it('leaves optional fields out when absent', () => {
    const m = parseMagnet(base);
    expect(m).toEqual({ infoHash: fromHex(HEX), infoHashHex: HEX, trackers: [], webSeeds: [], peers: [] });
    expect('selectOnly' in m).toBe(false);
  });

  it('reads tr.N style trackers, in order, deduplicated', () => {
    const m = parseMagnet(`${base}&tr.1=wss%3A%2F%2Fa&tr.2=wss%3A%2F%2Fb&tr=wss%3A%2F%2Fa&tr=`);
    expect(m.trackers).toEqual(['wss://a', 'wss://b']);
  });

  it('decodes UTF-8 escapes and keeps a %2B as a plus', () => {
    expect(parseMagnet(`${base}&dn=%C3%A9t%C3%A9+%2B+%E5%86%99`).name).toBe('été + 写');
  });

  it('replaces invalid UTF-8 with U+FFFD instead of failing', () => {
    expect(parseMagnet(`${base}&dn=caf%E9`).name).toBe('caf\ufffd');
  });

  it('keeps the first dn and ignores parameters without a value', () => {
    const m = parseMagnet(`${base}&dn=first&dn=second&tr&=x&kt=a+b`);
    expect(m.name).toBe('first');
    expect(m.trackers).toEqual([]);
  });

  it('ignores a fragment and surrounding whitespace', () => {
    expect(parseMagnet(`  ${base}&dn=a#frag \n`).name).toBe('a');
  });

  it('ignores an unusable xl', () => {
    expect(parseMagnet(`${base}&xl=-5`).length).toBeUndefined();
    expect(parseMagnet(`${base}&xl=99999999999999999999`).length).toBeUndefined();
    expect(parseMagnet(`${base}&xl=0`).length).toBe(0);
  });

  it('merges repeated so= and sorts the selection', () => {
    expect(parseMagnet(`${base}&so=7,1-2&so=0,2`).selectOnly).toEqual([0, 1, 2, 7]);
    expect(parseMagnet(`${base}&so=3%2C4`).selectOnly).toEqual([3, 4]);
  });
});

describe('BEP 53 select-only ranges', () => {
  const parseVectors: [string, number[]][] = [
    ['0,2,4-6', [0, 2, 4, 5, 6]],
    ['5', [5]],
    ['1-1', [1]],
    ['0-2,1-3', [0, 1, 2, 3]],
    ['1,,2', [1, 2]],
    ['', []],
  ];
  it.each(parseVectors)('parses %s', (input, expected) => {
    expect([...parseSelectOnly(input)].sort((a, b) => a - b)).toEqual(expected);
  });

  // libtorrent 2.0.8 (parse_magnet_uri + add_torrent) skips these; so do we, never refusing the link for them.
  const ignoredItems: [string, number[]][] = [
    ['3-1', []],
    ['1-', []],
    ['-1', []],
    ['1-2-3,4', [1, 2, 4]],
    ['1--2,3', [3]],
    ['--', []],
    ['5-1,2', [2]],
    [`0-99999999999,7`, [7]],
    [`${MAX_SELECT_ONLY}`, []],
  ];
  it.each(ignoredItems)('skips the bad items of %s and keeps the rest', (input, expected) => {
    expect([...parseSelectOnly(input)].sort((a, b) => a - b)).toEqual(expected);
  });

  // As libtorrent: a value holding anything but digits, '-' and ',' is skipped whole.
  it.each(['a', '1.5', '0x1', ' 1 , 3 ', '1,x'])('ignores the whole value %j', (input) => {
    expect(parseSelectOnly(input).size).toBe(0);
  });

  it('treats an empty, reversed or huge so= as no selection (all files) instead of refusing the link', () => {
    for (const so of ['', '5-1', '0-99999999999', 'x', ',']) {
      const m = parseMagnet(`magnet:?xt=urn:btih:${HEX}&so=${so}`);
      expect(m.infoHashHex).toBe(HEX);
      expect('selectOnly' in m).toBe(false);
    }
    expect(parseMagnet(`magnet:?xt=urn:btih:${HEX}&so=5-1&so=3`).selectOnly).toEqual([3]);
  });

  it('accepts exactly the cap', () => {
    expect(parseSelectOnly(`0-${MAX_SELECT_ONLY - 1}`).size).toBe(MAX_SELECT_ONLY);
  });

  const composeVectors: [number[], string][] = [
    [[0, 2, 4, 5, 6], '0,2,4-6'],
    [[6, 5, 4, 2, 0, 5], '0,2,4-6'],
    [[1, 2], '1-2'],
    [[9], '9'],
    [[], ''],
  ];
  it.each(composeVectors)('composes %j as %s', (input, expected) => {
    expect(composeSelectOnly(input)).toBe(expected);
  });
});

describe('parseTorrentId', () => {
  it('accepts a magnet link', () => {
    expect(parseTorrentId(`magnet:?xt=urn:btih:${HEX}&dn=x`).name).toBe('x');
  });

  it('accepts a bare hex or base32 info hash, trimmed', () => {
    expect(parseTorrentId(`  ${HEX.toUpperCase()}\n`)).toEqual({
      infoHash: fromHex(HEX),
      infoHashHex: HEX,
      trackers: [],
      webSeeds: [],
      peers: [],
    });
    expect(parseTorrentId(B32).infoHashHex).toBe(HEX);
  });

  const bad: [string, EngineErrorCode][] = [
    ['', 'MAGNET_INVALID'],
    ['hello world', 'MAGNET_INVALID'],
    [HEX.slice(2), 'MAGNET_INVALID'],
    ['g'.repeat(40), 'MAGNET_BAD_INFO_HASH'],
    ['magnet:xt=urn:btih:' + HEX, 'MAGNET_INVALID'],
    ['https://example.com/a.torrent', 'MAGNET_INVALID'],
  ];
  it.each(bad)('rejects %j with %s', (input, code) => {
    expect(errorOf(() => parseTorrentId(input)).code).toBe(code);
  });
});

describe('toMagnet', () => {
  it('puts xt first, then dn, xl, tr, ws, so', () => {
    const uri = toMagnet({
      infoHashHex: HEX.toUpperCase(),
      name: 'a b&c',
      length: 10,
      trackers: ['wss://t/a?x=1', 'wss://t/a?x=1', 'wss://u'],
      webSeeds: ['https://s/'],
      selectOnly: [4, 0, 5, 6, 2],
    });
    expect(uri).toBe(
      `magnet:?xt=urn:btih:${HEX}&dn=a%20b%26c&xl=10&tr=wss%3A%2F%2Ft%2Fa%3Fx%3D1&tr=wss%3A%2F%2Fu` +
        '&ws=https%3A%2F%2Fs%2F&so=0,2,4-6',
    );
  });

  it('takes infoHash bytes', () => {
    expect(toMagnet({ infoHash: fromHex(HEX)! })).toBe(`magnet:?xt=urn:btih:${HEX}`);
  });

  it('rejects a missing or malformed hash', () => {
    expect(errorOf(() => toMagnet({})).code).toBe('MAGNET_BAD_INFO_HASH');
    expect(errorOf(() => toMagnet({ infoHashHex: 'abc' })).code).toBe('MAGNET_BAD_INFO_HASH');
    expect(errorOf(() => toMagnet({ infoHash: new Uint8Array(19) })).code).toBe('MAGNET_BAD_INFO_HASH');
  });

  it('round-trips through parseMagnet', () => {
    const input = {
      infoHashHex: HEX,
      name: 'Ünïcødé + spaces & symbols %20',
      length: 123,
      trackers: ['wss://a/announce', 'wss://b/announce?k=v&w=1'],
      webSeeds: ['https://seed.example/path with space/'],
      selectOnly: [0, 1, 2, 9],
      peers: ['1.2.3.4:5'],
    };
    const m = parseMagnet(toMagnet(input));
    expect(m).toEqual({ ...input, infoHash: fromHex(HEX) });
  });
});

// Minimised from the issue 12 fuzz pass: toMagnet threw URIError on names parseMagnet accepts.
describe('toMagnet with lone surrogates', () => {
  it.each([
    ['a lone low surrogate in dn', `magnet:?xt=urn:btih:${HEX}&dn=s\ude00ingle`, 's\ufffdingle'],
    ['a lone high surrogate at the end of dn', `magnet:?xt=urn:btih:${HEX}&dn=x\ud83d`, 'x\ufffd'],
    ['a lone surrogate beside a %-escape', `magnet:?xt=urn:btih:${HEX}&dn=%41\udc00`, 'A\ufffd'],
  ])('%s: parses to U+FFFD and round-trips', (_about, uri, name) => {
    const m = parseMagnet(uri);
    expect(m.name).toBe(name);
    expect(parseMagnet(toMagnet(m))).toEqual(m);
  });

  it('composes a link from a stored name or tracker holding a lone surrogate', () => {
    const uri = toMagnet({ infoHashHex: HEX, name: 'n\ud800ame', trackers: ['wss://t\udfff/'] });
    expect(uri).toBe(`magnet:?xt=urn:btih:${HEX}&dn=n%EF%BF%BDame&tr=wss%3A%2F%2Ft%EF%BF%BD%2F`);
    expect(parseMagnet(uri).name).toBe('n\ufffdame');
  });

  it('keeps a well-formed pair untouched', () => {
    expect(parseMagnet(toMagnet({ infoHashHex: HEX, name: 'smile \ud83d\ude00' })).name).toBe('smile \ud83d\ude00');
  });

  it('leaves out an empty dn, so parse(compose(m)) is m', () => {
    const m = parseMagnet(`magnet:?xt=urn:btih:${HEX}&dn=&dn=later`);
    expect(m.name).toBe('later');
    expect('name' in parseMagnet(`magnet:?xt=urn:btih:${HEX}&dn=`)).toBe(false);
  });
});

describe('so= agrees with libtorrent', () => {
  // tests/vectors/magnet/libtorrent-select-only.py: 70 of 3000 random so= values libtorrent 2.0.8 read identically.
  type Selection = number[] | { count: number; first: number; last: number };
  const table = JSON.parse(readFileSync(new URL('../../../vectors/magnet/libtorrent-select-only.json', import.meta.url), 'utf8')) as {
    cases: { so: string; libtorrent: Selection }[];
  };
  it.each(table.cases.map((c) => [c.so, c.libtorrent] as const))('so=%j', (so, expected) => {
    const ours = [...parseSelectOnly(so)].sort((a, b) => a - b);
    if (Array.isArray(expected)) expect(ours).toEqual(expected);
    else expect({ count: ours.length, first: ours[0], last: ours.at(-1) }).toEqual(expected);
    // so= first: parseMagnet trims the link, which would eat a trailing space of the value.
    const m = parseMagnet(`magnet:?so=${so}&xt=urn:btih:${HEX}`);
    // Where libtorrent selects nothing (and so downloads nothing) we leave the choice to the user: all files.
    expect(m.selectOnly).toEqual(ours.length > 0 ? ours : undefined);
  });
});

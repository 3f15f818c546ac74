import { describe, expect, it } from 'vitest';
import { magnetFromFragment, parseAddInput } from '../../../src/components/magnet-input.ts';

const HEX = 'c9e15763f722f23e98a29decdfae341b98d53056';
const BASE32 = 'ZHQVOY7XELZD5GFCTXWN7LRUDOMNKMCW';
const MAGNET = `magnet:?xt=urn:btih:${HEX}&dn=Sintel&tr=wss%3A%2F%2Ftracker.example`;

describe('parseAddInput', () => {
  it.each<[string, string]>([
    [MAGNET, MAGNET],
    [`  ${MAGNET}\n`, MAGNET],
    [HEX, `magnet:?xt=urn:btih:${HEX}`],
    [HEX.toUpperCase(), `magnet:?xt=urn:btih:${HEX}`],
    [BASE32.toLowerCase(), `magnet:?xt=urn:btih:${BASE32}`],
    ['MAGNET:?XT=URN:BTIH:' + HEX, 'MAGNET:?XT=URN:BTIH:' + HEX],
    [`magnet:?dn=x&xt=urn:btih:${HEX}`, `magnet:?dn=x&xt=urn:btih:${HEX}`],
    ['magnet:?xt=urn:btmh:1220abcd', 'magnet:?xt=urn:btmh:1220abcd'],
    [`magnet:?xt.1=urn:btih:${HEX}`, `magnet:?xt.1=urn:btih:${HEX}`],
    [`https://rivulet.example/app/#${MAGNET}`, MAGNET],
    [`https://rivulet.example/#${encodeURIComponent(MAGNET)}`, MAGNET],
  ])('accepts %s', (text, uri) => {
    expect(parseAddInput(text)).toEqual({ ok: true, uri });
  });

  it.each(['', '   ', '\n'])('reports %j as empty', (text) => {
    expect(parseAddInput(text)).toEqual({ ok: false, reason: 'empty' });
  });

  it.each([
    'hello',
    HEX.slice(1), // 39 hex digits
    `${HEX}0`, // 41
    'g'.repeat(40),
    'magnet:?dn=no-topic',
    'magnet:?xt=urn:sha1:abc',
    'https://example.com/#not-a-magnet',
    'https://example.com/file.torrent',
    '<script>alert(1)</script>',
  ])('rejects %s as invalid', (text) => {
    expect(parseAddInput(text)).toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('magnetFromFragment', () => {
  it('reads a magnet after the #', () => {
    expect(magnetFromFragment(`#${MAGNET}`)).toBe(MAGNET);
  });

  it('reads a magnet with no leading #', () => {
    expect(magnetFromFragment(MAGNET)).toBe(MAGNET);
  });

  it('decodes a magnet that was percent-encoded as a whole', () => {
    expect(magnetFromFragment(`#${encodeURIComponent(MAGNET)}`)).toBe(MAGNET);
  });

  it('returns null for an empty or unrelated fragment', () => {
    expect(magnetFromFragment('')).toBeNull();
    expect(magnetFromFragment('#')).toBeNull();
    expect(magnetFromFragment('#settings')).toBeNull();
    expect(magnetFromFragment('#magnet:?dn=no-topic')).toBeNull();
  });

  it('returns null for a malformed escape instead of throwing', () => {
    expect(magnetFromFragment('#magnet%3A%E0%A4%A')).toBeNull();
  });
});

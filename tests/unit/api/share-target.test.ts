import { describe, expect, it } from 'vitest';
import { isShareId, magnetInShare, shareEntryUrl } from '../../../src/api/share-target.ts';

const HEX = 'c9e15763f722f23e98a29decdfae341b98d53056';

describe('isShareId', () => {
  it('accepts what crypto.randomUUID makes', () => {
    expect(isShareId(crypto.randomUUID())).toBe(true);
  });
  it.each([null, '', '1', '../x', 'C9E15763-F722-F23E-98A2-9DECDFAE341B', `${crypto.randomUUID()}/../x`])('refuses %j', (v) => {
    expect(isShareId(v)).toBe(false);
  });
});

describe('shareEntryUrl', () => {
  it('names the manifest and each file under the scope', () => {
    const id = '0b7e6f1c-8a3d-4c55-9f21-3e6a7d2c9b10';
    expect(shareEntryUrl('https://r.example/', id, null)).toBe(`https://r.example/__share/${id}/manifest`);
    expect(shareEntryUrl('https://r.example/', id, 0)).toBe(`https://r.example/__share/${id}/file-0`);
    expect(shareEntryUrl('https://r.example/app/', id, 12)).toBe(`https://r.example/app/__share/${id}/file-12`);
  });
});

describe('magnetInShare', () => {
  const magnet = `magnet:?xt=urn:btih:${HEX}&dn=x`;
  it.each<[string[], string | null]>([
    [[magnet], magnet],
    [['', `Look at this: ${magnet} (great)`], magnet],
    [['https://example.org', `"${magnet}"`], magnet],
    [['title only', 'no link here'], null],
    [[], null],
    [['MAGNET:?xt=urn:btih:' + HEX], 'MAGNET:?xt=urn:btih:' + HEX],
  ])('finds the link in %j', (parts, expected) => {
    expect(magnetInShare(parts)).toBe(expected);
  });
});

// Exported .torrent files: built from an info dictionary, or the added file with its tracker list as edited.

import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../../src/engine/errors.ts';
import { parseTorrent } from '../../../../src/engine/metainfo/metainfo.ts';
import { torrentFileFromInfo, torrentFileWithTrackers } from '../../../../src/engine/metainfo/torrent-file.ts';
import { subtleHasher } from '../../../../src/platform/subtle-hasher.ts';
import { buildTorrent, te } from './fixtures.ts';

const hasher = subtleHasher;

/** A bencoded string. */
const b = (text: string): string => `${te.encode(text).length}:${text}`;

/** A file as another client writes it: tracker tiers, a web seed, a comment and a creation date. */
function foreignTorrent(): Uint8Array {
  const info = te.encode(`d${b('length')}i5e${b('name')}${b('x')}${b('piece length')}i16384e${b('pieces')}${b('a'.repeat(20))}e`);
  const head = te.encode(
    `d${b('announce')}${b('ws://a/announce')}` +
      `${b('announce-list')}ll${b('ws://a/announce')}${b('ws://b/announce')}el${b('ws://c/announce')}ee` +
      `${b('comment')}${b('hello')}${b('creation date')}i1700000000e${b('info')}`,
  );
  const tail = te.encode(`${b('url-list')}l${b('https://seed/x.i')}ee`);
  const out = new Uint8Array(head.length + info.length + tail.length);
  out.set(head);
  out.set(info, head.length);
  out.set(tail, head.length + info.length);
  return out;
}

describe('torrentFileWithTrackers', () => {
  it('replaces the tracker list and keeps the info bytes and every other key', async () => {
    const original = foreignTorrent();
    const before = await parseTorrent(original, hasher);
    const edited = torrentFileWithTrackers(original, ['wss://new/announce', 'ws://c/announce']);
    const after = await parseTorrent(edited, hasher);
    expect(after.infoHashHex).toBe(before.infoHashHex);
    expect(after.infoBytes).toEqual(before.infoBytes);
    expect(after.announce).toEqual([['wss://new/announce'], ['ws://c/announce']]);
    expect(after.comment).toBe('hello');
    expect(after.urlList).toEqual(['https://seed/x.i']);
    expect(new TextDecoder().decode(edited)).toContain(`${b('creation date')}i1700000000e`);
  });

  it('writes no announce keys for an empty list, and is stable when applied twice', async () => {
    const original = buildTorrent({ root: { comment: 'c' } });
    const none = torrentFileWithTrackers(original, []);
    expect(new TextDecoder().decode(none)).not.toContain('announce');
    expect((await parseTorrent(none, hasher)).announce).toEqual([]);
    const once = torrentFileWithTrackers(original, ['ws://t/announce']);
    expect(torrentFileWithTrackers(once, ['ws://t/announce'])).toEqual(once);
  });

  it('refuses bytes that are not a .torrent with a typed error', () => {
    expect(() => torrentFileWithTrackers(te.encode('d3:foo3:bare'), [])).toThrow(EngineError);
    expect(() => torrentFileWithTrackers(te.encode('li1ee'), [])).toThrow(EngineError);
    expect(() => torrentFileWithTrackers(te.encode('d4:info'), [])).toThrow(EngineError);
  });
});

describe('torrentFileFromInfo', () => {
  it('embeds the info bytes verbatim with one tier per tracker', async () => {
    const meta = await parseTorrent(buildTorrent(), hasher);
    const bytes = torrentFileFromInfo(meta.infoBytes, ['ws://a/announce', 'ws://b/announce']);
    const again = await parseTorrent(bytes, hasher);
    expect(again.infoHashHex).toBe(meta.infoHashHex);
    expect(again.announce).toEqual([['ws://a/announce'], ['ws://b/announce']]);
  });
});

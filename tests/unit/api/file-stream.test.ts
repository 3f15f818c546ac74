// Stream URLs, content types and viewer kinds: the pure helpers the service worker, the worker and the UI share.

import { describe, expect, it } from 'vitest';
import {
  contentTypeFor,
  isMedia,
  isScripted,
  isStreamPortOffer,
  isStreamPortRequest,
  parseStreamPath,
  streamPath,
  viewerKindFor,
} from '../../../src/api/file-stream.ts';

const HASH = 'c9e15763f722f23e98a29decdfae341b98d53056';

describe('stream URLs', () => {
  it('builds /stream/<infohash>/<index>/<name>, encoding the name, with ?download=1 for downloads', () => {
    expect(streamPath(HASH.toUpperCase(), 3, 'a b#?.webm')).toBe(`/stream/${HASH}/3/a%20b%23%3F.webm`);
    expect(streamPath(HASH, 0, 'x.bin', true)).toBe(`/stream/${HASH}/0/x.bin?download=1`);
    expect(streamPath(HASH, 0, '')).toBe(`/stream/${HASH}/0/file`);
  });

  it('parses what it builds, whatever the name', () => {
    for (const name of ['movie.webm', 'ü ñ 名前.mkv', '..', '%2F']) {
      expect(parseStreamPath(new URL(streamPath(HASH, 12, name), 'http://x').pathname)).toEqual({ infoHashHex: HASH, fileIndex: 12 });
    }
  });

  const bad = [
    '/stream/',
    `/stream/${HASH}`,
    `/stream/${HASH.slice(1)}/0/x`,
    `/stream/${HASH}z/0/x`,
    `/stream/${HASH}/-1/x`,
    `/stream/${HASH}/01/x`,
    `/stream/${HASH}/1.5/x`,
    `/stream/${HASH}/9999999999/x`,
    `/stream/${HASH}/0/x/y`,
    `/streams/${HASH}/0/x`,
    `/index.html`,
  ];
  it.each(bad)('rejects %s', (path) => {
    expect(parseStreamPath(path)).toBeNull();
  });

  it('accepts a path without a name and upper-case hex', () => {
    expect(parseStreamPath(`/stream/${HASH.toUpperCase()}/7`)).toEqual({ infoHashHex: HASH, fileIndex: 7 });
  });
});

describe('content types and viewers', () => {
  const vectors: [name: string, type: string, kind: string][] = [
    ['movie.webm', 'video/webm', 'video'],
    ['Movie.MP4', 'video/mp4', 'video'],
    ['show.mkv', 'video/x-matroska', 'video'],
    ['song.mp3', 'audio/mpeg', 'audio'],
    ['song.opus', 'audio/ogg', 'audio'],
    ['track.flac', 'audio/flac', 'audio'],
    ['photo.JPG', 'image/jpeg', 'image'],
    ['anim.gif', 'image/gif', 'image'],
    ['logo.svg', 'image/svg+xml', 'image'],
    ['readme.txt', 'text/plain; charset=utf-8', 'text'],
    ['subs.vtt', 'text/vtt; charset=utf-8', 'text'],
    ['page.html', 'text/plain; charset=utf-8', 'text'],
    ['feed.xml', 'text/plain; charset=utf-8', 'text'],
    ['paper.pdf', 'application/pdf', 'none'],
    ['archive.tar.gz', 'application/octet-stream', 'none'],
    ['Makefile', 'application/octet-stream', 'none'],
    ['.webm', 'application/octet-stream', 'none'],
    ['dir.webm/file', 'application/octet-stream', 'none'],
    ['dir/clip.webm', 'video/webm', 'video'],
  ];
  it.each(vectors)('%s is served as %s and shown as %s', (name, type, kind) => {
    expect(contentTypeFor(name)).toBe(type);
    expect(viewerKindFor(name)).toBe(kind);
  });

  it('never serves markup as markup (it would run scripts with the app origin)', () => {
    for (const name of ['x.html', 'x.htm', 'x.xml', 'x.xhtml', 'x.js', 'x.mjs']) expect(contentTypeFor(name)).not.toMatch(/html|xml|javascript/);
  });

  it('marks SVG as scripted (sandboxed when opened directly), and nothing else it knows', () => {
    expect(isScripted('a.svg')).toBe(true);
    expect(['a.webm', 'a.png', 'a.txt', 'a.html', 'a'].some(isScripted)).toBe(false);
  });

  it('calls audio and video media, nothing else', () => {
    expect(['a.webm', 'a.mp3', 'a.m4a'].every(isMedia)).toBe(true);
    expect(['a.png', 'a.txt', 'a.bin'].some(isMedia)).toBe(false);
  });
});

describe('port hand-off messages', () => {
  it('recognises requests and offers by type only', () => {
    expect(isStreamPortRequest({ type: 'rivulet:stream-port-request' })).toBe(true);
    expect(isStreamPortOffer({ type: 'rivulet:stream-port' })).toBe(true);
    for (const x of [null, undefined, 'rivulet:stream-port', {}, { type: 'SKIP_WAITING' }]) {
      expect(isStreamPortRequest(x)).toBe(false);
      expect(isStreamPortOffer(x)).toBe(false);
    }
  });
});

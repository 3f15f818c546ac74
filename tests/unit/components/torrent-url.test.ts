import { describe, expect, it } from 'vitest';
import { fetchTorrentBytes, nameFromUrl, torrentUrlFrom, TorrentUrlError } from '../../../src/components/torrent-url.ts';

describe('torrentUrlFrom', () => {
  it.each<[string, string | null]>([
    ['https://example.com/file.torrent', 'https://example.com/file.torrent'],
    ['  http://127.0.0.1:8000/a%20b.torrent\n', 'http://127.0.0.1:8000/a%20b.torrent'],
    ['HTTPS://EXAMPLE.COM/x', 'https://example.com/x'],
    ['https://rivulet.example/#magnet:?xt=urn:btih:abc', null], // a share link is a magnet, not a .torrent
    ['https://rivulet.example/#magnet%3A%3Fxt', null],
    ['ftp://example.com/file.torrent', null],
    ['magnet:?xt=urn:btih:abc', null],
    ['https://', null],
    ['file.torrent', null],
  ])('%j -> %j', (text, want) => {
    expect(torrentUrlFrom(text)).toBe(want);
  });
});

function fakeFetch(respond: () => Response | Promise<Response>): typeof fetch {
  return (async () => respond()) as typeof fetch;
}

async function problem(p: Promise<unknown>) {
  const e = await p.catch((x: unknown) => x);
  expect(e).toBeInstanceOf(TorrentUrlError);
  return (e as TorrentUrlError).problem;
}

describe('fetchTorrentBytes', () => {
  it('returns the body bytes', async () => {
    const body = new Uint8Array([100, 101]);
    await expect(fetchTorrentBytes('https://x/a.torrent', { fetch: fakeFetch(() => new Response(body)) })).resolves.toEqual(body);
  });

  it('reports the HTTP status of a 404', async () => {
    const p = fetchTorrentBytes('https://x/a.torrent', { fetch: fakeFetch(() => new Response('no', { status: 404, statusText: 'Not Found' })) });
    expect(await problem(p)).toEqual({ kind: 'http', status: 404, statusText: 'Not Found' });
  });

  it('reports a rejected fetch (CORS refusal, unreachable host) as a network problem', async () => {
    const p = fetchTorrentBytes('https://x/a.torrent', { fetch: fakeFetch(() => Promise.reject(new TypeError('Failed to fetch'))) });
    expect(await problem(p)).toEqual({ kind: 'network' });
  });

  it('refuses a declared length over the cap without reading the body', async () => {
    const res = new Response(new Uint8Array(10), { headers: { 'content-length': '999999' } });
    expect(await problem(fetchTorrentBytes('https://x/a', { fetch: fakeFetch(() => res), maxBytes: 100 }))).toMatchObject({ kind: 'too-big', bytes: 999999 });
  });

  it('stops reading a body that grows past the cap', async () => {
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        c.enqueue(new Uint8Array(64)); // endless
      },
    });
    expect(await problem(fetchTorrentBytes('https://x/a', { fetch: fakeFetch(() => new Response(stream)), maxBytes: 1000 }))).toMatchObject({ kind: 'too-big', max: 1000 });
  });

  it('reports an empty body', async () => {
    expect(await problem(fetchTorrentBytes('https://x/a', { fetch: fakeFetch(() => new Response(new Uint8Array(0))) }))).toEqual({ kind: 'empty' });
  });

  it('lets an abort through as an AbortError', async () => {
    const abort = new AbortController();
    abort.abort();
    const p = fetchTorrentBytes('https://x/a', { fetch: fakeFetch(() => Promise.reject(new DOMException('aborted', 'AbortError'))), signal: abort.signal });
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('nameFromUrl', () => {
  it.each([
    ['https://x.example/dir/My%20File.torrent?x=1', 'My File.torrent'],
    ['https://x.example/', 'x.example'],
    ['https://x.example/%E0%A4%A', 'https://x.example/%E0%A4%A'],
  ])('%s -> %s', (url, want) => {
    expect(nameFromUrl(url)).toBe(want);
  });
});

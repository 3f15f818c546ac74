// The stream route end to end in Node: answerStream (service worker side) -> EngineLinks -> a real MessageChannel ->
// StreamHost (engine worker side) -> a real engine session on memory stores. Real bytes, compared with the source.

import { afterEach, describe, expect, it } from 'vitest';
import { StreamHost } from '../../../src/api/worker/stream-host.ts';
import { STREAM_PORT_REQUEST } from '../../../src/api/file-stream.ts';
import type { Session } from '../../../src/engine/session.ts';
import { EngineLinks, type LinkClient } from '../../../src/sw/engine-link.ts';
import { answerStream, READ_CHUNK_BYTES } from '../../../src/sw/stream-response.ts';
import { connect, content, newSession, seed, until } from '../../swarm/harness.ts';

const PIECE = 32 * 1024;
const VIDEO = content(10 * PIECE + 1234, 21);
const NOTES = content(5000, 22);
const ORIGIN = 'http://app.test';

const sessions: Session[] = [];
const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});

/** A page: it answers the service worker's port requests by wiring a new channel to the worker's StreamHost. */
function page(host: StreamHost, links: EngineLinks, id = 'page-1'): LinkClient & { requests: number } {
  const p = {
    id,
    requests: 0,
    postMessage(message: { type: string }) {
      if (message.type !== STREAM_PORT_REQUEST) return;
      p.requests++;
      offer(host, links, id);
    },
  };
  return p;
}

function offer(host: StreamHost, links: EngineLinks, clientId: string): void {
  const { port1, port2 } = new MessageChannel();
  host.attach(port1);
  links.offer(port2, clientId);
  cleanups.push(() => (port1.close(), port2.close()));
}

async function seeded() {
  const a = newSession();
  sessions.push(a.session);
  const { meta } = await seed(a.session, a.store, 'show', [
    { path: ['show', 'clip.webm'], data: VIDEO },
    { path: ['show', 'notes ü.txt'], data: NOTES },
  ], PIECE);
  const host = new StreamHost({ session: async () => a.session, wantFile: () => {} });
  const windows: LinkClient[] = [];
  const links = new EngineLinks({ windows: async () => windows }, { portWaitMs: 500, checkMs: 50 });
  const tab = page(host, links);
  windows.push(tab);
  return { a, meta, host, links, windows, tab };
}

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Request {
  return new Request(`${ORIGIN}${path}`, { method, headers });
}

async function body(r: Response): Promise<Uint8Array> {
  return new Uint8Array(await r.arrayBuffer());
}

describe('answerStream over a real engine', () => {
  it('answers a plain GET with 200, the whole file and the right headers', async () => {
    const { meta, links } = await seeded();
    const target = { infoHashHex: meta.infoHashHex, fileIndex: 0 };
    const { response, done } = await answerStream(get(`/stream/${meta.infoHashHex}/0/clip.webm`), target, links);
    expect(response.status).toBe(200);
    expect(response.headers.get('Accept-Ranges')).toBe('bytes');
    expect(response.headers.get('Content-Type')).toBe('video/webm');
    expect(response.headers.get('Content-Length')).toBe(String(VIDEO.length));
    expect(response.headers.get('Content-Range')).toBeNull();
    expect(response.headers.get('ETag')).toBe(`"${meta.infoHashHex}-0"`);
    expect(response.headers.get('Content-Disposition')).toBe(`inline; filename="clip.webm"; filename*=UTF-8''clip.webm`);
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(Buffer.from(await body(response)).equals(Buffer.from(VIDEO))).toBe(true);
    await done;
  });

  const L = VIDEO.length;
  const ranges: [name: string, header: string, start: number, end: number][] = [
    ['the start', 'bytes=0-99', 0, 99],
    ['the middle, across a piece boundary', `bytes=${3 * PIECE - 10}-${3 * PIECE + 9}`, 3 * PIECE - 10, 3 * PIECE + 9],
    ['the last byte', `bytes=${L - 1}-${L - 1}`, L - 1, L - 1],
    ['an open end', `bytes=${5 * PIECE + 7}-`, 5 * PIECE + 7, L - 1],
    ['a suffix', 'bytes=-500', L - 500, L - 1],
    ['more than one read chunk', `bytes=0-${READ_CHUNK_BYTES + 5}`, 0, Math.min(L - 1, READ_CHUNK_BYTES + 5)],
  ];
  it.each(ranges)('answers a range at %s with 206 and exactly those bytes', async (_name, header, start, end) => {
    const { meta, links } = await seeded();
    const { response } = await answerStream(get('/s', { Range: header }), { infoHashHex: meta.infoHashHex, fileIndex: 0 }, links);
    expect(response.status).toBe(206);
    expect(response.headers.get('Content-Range')).toBe(`bytes ${start}-${end}/${L}`);
    expect(response.headers.get('Content-Length')).toBe(String(end - start + 1));
    expect(Buffer.from(await body(response)).equals(Buffer.from(VIDEO.subarray(start, end + 1)))).toBe(true);
  });

  it('answers an impossible range with 416 and the length, and closes the stream at once', async () => {
    const { meta, links, host } = await seeded();
    const { response } = await answerStream(get('/s', { Range: `bytes=${L}-` }), { infoHashHex: meta.infoHashHex, fileIndex: 0 }, links);
    expect(response.status).toBe(416);
    expect(response.headers.get('Content-Range')).toBe(`bytes */${L}`);
    await until([], () => host.openStreams === 0, 'the stream to close');
  });

  it('answers HEAD with the headers of a GET and no body', async () => {
    const { meta, links, host } = await seeded();
    const { response } = await answerStream(get('/s', { Range: 'bytes=10-19' }, 'HEAD'), { infoHashHex: meta.infoHashHex, fileIndex: 0 }, links);
    expect(response.status).toBe(206);
    expect(response.headers.get('Content-Length')).toBe('10');
    expect(response.body).toBeNull();
    await until([], () => host.openStreams === 0, 'the stream to close');
  });

  it('serves the second file of a multi-file torrent as text, and as an attachment with ?download=1', async () => {
    const { meta, links } = await seeded();
    const target = { infoHashHex: meta.infoHashHex, fileIndex: 1 };
    const { response } = await answerStream(get('/s?download=1'), target, links);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('text/plain; charset=utf-8');
    expect(response.headers.get('Content-Disposition')).toBe(`attachment; filename="notes _.txt"; filename*=UTF-8''notes%20%C3%BC.txt`);
    expect(Buffer.from(await body(response)).equals(Buffer.from(NOTES))).toBe(true);
  });

  it('ignores a Range conditioned on another version (If-Range) and answers 200 with everything', async () => {
    const { meta, links } = await seeded();
    const target = { infoHashHex: meta.infoHashHex, fileIndex: 1 };
    const stale = await answerStream(get('/s', { Range: 'bytes=0-9', 'If-Range': '"other"' }), target, links);
    expect(stale.response.status).toBe(200);
    await stale.response.arrayBuffer();
    const fresh = await answerStream(get('/s', { Range: 'bytes=0-9', 'If-Range': `"${meta.infoHashHex}-1"` }), target, links);
    expect(fresh.response.status).toBe(206);
  });

  it('answers 404 for an unknown torrent or file, 405 for other methods', async () => {
    const { meta, links } = await seeded();
    const unknown = await answerStream(get('/s'), { infoHashHex: 'ab'.repeat(20), fileIndex: 0 }, links);
    expect(unknown.response.status).toBe(404);
    expect(await unknown.response.text()).toContain('TORRENT_NOT_FOUND');
    expect((await answerStream(get('/s'), { infoHashHex: meta.infoHashHex, fileIndex: 9 }, links)).response.status).toBe(404);
    const post = await answerStream(get('/s', {}, 'POST'), { infoHashHex: meta.infoHashHex, fileIndex: 0 }, links);
    expect(post.response.status).toBe(405);
    expect(post.response.headers.get('Allow')).toBe('GET, HEAD');
  });

  it('asks the host to want a file that is deselected when a stream opens on it (playing it is wanting it)', async () => {
    const { a, meta } = await seeded();
    const wanted: number[] = [];
    const host = new StreamHost({ session: async () => a.session, wantFile: (_t, i) => void wanted.push(i) });
    const windows: LinkClient[] = [];
    const links = new EngineLinks({ windows: async () => windows }, { portWaitMs: 500, checkMs: 50 });
    windows.push(page(host, links));
    a.session.get(meta.infoHashHex)!.setFilePriorities([1], 0);
    await (await answerStream(get('/s'), { infoHashHex: meta.infoHashHex, fileIndex: 0 }, links)).response.arrayBuffer();
    expect(wanted).toEqual([]);
    await (await answerStream(get('/s'), { infoHashHex: meta.infoHashHex, fileIndex: 1 }, links)).response.arrayBuffer();
    expect(wanted).toEqual([1]);
  });

  it('stops reading when the consumer cancels: the worker drops the stream', async () => {
    const { meta, links, host } = await seeded();
    const { response, done } = await answerStream(get('/s'), { infoHashHex: meta.infoHashHex, fileIndex: 0 }, links);
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(first.value!.length).toBeGreaterThan(0);
    await reader.cancel();
    await done;
    await until([], () => host.openStreams === 0, 'the stream to close');
  });
});

describe('the wire between the service worker and the engine worker', () => {
  it('sends the first read with the open (one round trip to first bytes), then one read per pull', async () => {
    const { port1, port2 } = new MessageChannel();
    cleanups.push(() => (port1.close(), port2.close()));
    const seen: unknown[] = [];
    const file = content(3 * READ_CHUNK_BYTES, 9);
    port1.onmessage = (ev: MessageEvent) => {
      const m = ev.data as { type: string; id: number; offset?: number; length?: number; read?: { offset: number; length: number } };
      seen.push(m);
      const answer = (offset: number, length: number) => {
        const bytes = file.slice(offset, offset + length);
        port1.postMessage({ type: 'data', id: m.id, offset, bytes }, [bytes.buffer]);
      };
      if (m.type === 'open') {
        port1.postMessage({ type: 'opened', id: m.id, length: file.length, safeName: 'x.webm' });
        if (m.read) answer(m.read.offset, m.read.length);
      } else if (m.type === 'read') answer(m.offset!, m.length!);
    };
    const links = new EngineLinks({ windows: async () => [{ id: 'p', postMessage: () => {} }] });
    links.offer(port2, 'p');
    const start = READ_CHUNK_BYTES / 2;
    const { response, done } = await answerStream(get('/s', { Range: `bytes=${start}-` }), { infoHashHex: 'ab'.repeat(20), fileIndex: 0 }, links);
    expect(Buffer.from(await body(response)).equals(Buffer.from(file.subarray(start)))).toBe(true);
    await done;
    await until([], () => seen.length >= 4, 'the close message');
    expect(seen).toEqual([
      { type: 'open', id: 1, infoHashHex: 'ab'.repeat(20), fileIndex: 0, read: { offset: start, length: READ_CHUNK_BYTES, whole: true } },
      { type: 'read', id: 1, offset: start + READ_CHUNK_BYTES, length: READ_CHUNK_BYTES, whole: true },
      { type: 'read', id: 1, offset: start + 2 * READ_CHUNK_BYTES, length: READ_CHUNK_BYTES / 2, whole: true },
      { type: 'close', id: 1 },
    ]);
  });

  it('does not guess the first read of a suffix range (it needs the length)', async () => {
    const { meta, links } = await seeded();
    const { response } = await answerStream(get('/s', { Range: 'bytes=-10' }), { infoHashHex: meta.infoHashHex, fileIndex: 0 }, links);
    expect(response.status).toBe(206);
    expect(Buffer.from(await body(response)).equals(Buffer.from(VIDEO.subarray(VIDEO.length - 10)))).toBe(true);
  });
});

describe('engine links: pages, ports and restarts', () => {
  it('answers 503 with a short text when no page is open', async () => {
    const links = new EngineLinks({ windows: async () => [] }, { portWaitMs: 200, checkMs: 50 });
    const { response } = await answerStream(get('/s'), { infoHashHex: 'ab'.repeat(20), fileIndex: 0 }, links);
    expect(response.status).toBe(503);
    expect(response.headers.get('Content-Type')).toBe('text/plain; charset=utf-8');
    expect(await response.text()).toMatch(/not open/);
  });

  it('asks an open page for a port when it has none (a restarted service worker), once for concurrent requests', async () => {
    const { meta, host, tab } = await seeded();
    const windows = [tab];
    const links = new EngineLinks({ windows: async () => windows }, { portWaitMs: 500, checkMs: 50 });
    tab.postMessage = (m) => {
      if (m.type !== STREAM_PORT_REQUEST) return;
      tab.requests++;
      setTimeout(() => offer(host, links, tab.id), 20);
    };
    const target = { infoHashHex: meta.infoHashHex, fileIndex: 1 };
    const [x, y] = await Promise.all([answerStream(get('/s'), target, links), answerStream(get('/s'), target, links)]);
    expect([x.response.status, y.response.status]).toEqual([200, 200]);
    expect(tab.requests).toBe(1);
    expect(Buffer.from(await body(x.response)).equals(Buffer.from(NOTES))).toBe(true);
    await y.response.arrayBuffer();
  });

  it('drops a port whose page closed and uses the open page', async () => {
    const { meta, host, links, windows } = await seeded();
    offer(host, links, 'closed-page'); // newest port, but its page is gone
    expect(links.size).toBe(1);
    const target = { infoHashHex: meta.infoHashHex, fileIndex: 1 };
    const { response } = await answerStream(get('/s'), target, links);
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    expect(windows.map((w) => w.id)).toEqual(['page-1']);
  });

  it('gives up on a port that never answers (its worker died) and gets a fresh one', async () => {
    const { meta, links, tab } = await seeded();
    const dead = new MessageChannel(); // nobody listens on port1
    links.offer(dead.port2, tab.id);
    cleanups.push(() => dead.port1.close());
    const { response } = await answerStream(get('/s'), { infoHashHex: meta.infoHashHex, fileIndex: 1 }, links, 100);
    expect(response.status).toBe(200);
    expect(tab.requests).toBe(1);
    await response.arrayBuffer();
  });

  it('fails a waiting read when the page behind it closes, instead of hanging', async () => {
    const b = newSession(); // a leecher that will never get the bytes: no peers
    sessions.push(b.session);
    const a = newSession();
    sessions.push(a.session);
    const { meta } = await seed(a.session, a.store, 'x.webm', [{ path: ['x.webm'], data: VIDEO }], PIECE);
    await b.session.addMetainfo(meta);
    const host = new StreamHost({ session: async () => b.session, wantFile: () => {} });
    const windows: LinkClient[] = [];
    const links = new EngineLinks({ windows: async () => windows }, { portWaitMs: 200, checkMs: 30 });
    windows.push(page(host, links));
    const { response, done } = await answerStream(get('/s'), { infoHashHex: meta.infoHashHex, fileIndex: 0 }, links);
    expect(response.status).toBe(200);
    const reading = response.arrayBuffer();
    windows.length = 0; // the page closes
    await expect(reading).rejects.toThrow();
    await done;
  });
});

describe('streaming while the torrent downloads', () => {
  it('yields the first bytes of a range as soon as their pieces verify, long before the file is complete', async () => {
    const a = newSession();
    const b = newSession();
    sessions.push(a.session, b.session);
    const data = content(256 * PIECE, 23);
    const { meta } = await seed(a.session, a.store, 'long.webm', [{ path: ['long.webm'], data }], PIECE);
    const leech = await b.session.addMetainfo(meta);
    const host = new StreamHost({ session: async () => b.session, wantFile: () => {} });
    const windows: LinkClient[] = [];
    const links = new EngineLinks({ windows: async () => windows }, { portWaitMs: 200, checkMs: 50 });
    windows.push(page(host, links));
    const start = 200 * PIECE + 5;
    const { response } = await answerStream(get('/s', { Range: `bytes=${start}-` }), { infoHashHex: meta.infoHashHex, fileIndex: 0 }, links);
    expect(response.status).toBe(206);
    const reader = response.body!.getReader();
    const first = reader.read();
    connect(a.session, b.session, meta.infoHashHex);
    const ticking = setInterval(() => (a.session.tick(), b.session.tick(), host.tick()), 20);
    cleanups.push(() => clearInterval(ticking));
    const chunk = await first;
    // The reader's window was fetched first: most of the file was still missing when its bytes arrived.
    expect(leech.haveBitfield!.count).toBeLessThan(200);
    const got: Uint8Array[] = [chunk.value!];
    for (;;) {
      const r = await reader.read();
      if (r.done) break;
      got.push(r.value);
    }
    expect(Buffer.concat(got).equals(Buffer.from(data.subarray(start)))).toBe(true);
  });
});

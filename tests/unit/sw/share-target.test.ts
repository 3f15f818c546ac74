// The share target end to end in Node: the service worker's POST handler stores the files and redirects; the page
// takes them back out (names, bytes, the magnet in the text) and releases them. Cache Storage is a Map.

import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { RECEIVED_HEADER, SHARE_TTL_MS } from '../../../src/api/share-target.ts';
import { takeShare } from '../../../src/app/share-inbox.ts';
import { dropStale, handleShareTarget } from '../../../src/sw/share-target.ts';

const SCOPE = 'https://r.example/';
const HEX = 'c9e15763f722f23e98a29decdfae341b98d53056';

class MapCache {
  readonly entries = new Map<string, Response>();
  async put(request: RequestInfo, response: Response): Promise<void> {
    // Like Cache Storage: the body is read now, so a stored response can be matched more than once.
    const body = await response.arrayBuffer();
    this.entries.set(typeof request === 'string' ? request : request.url, new Response(body, { headers: response.headers }));
  }
  async match(request: RequestInfo): Promise<Response | undefined> {
    return this.entries.get(typeof request === 'string' ? request : request.url)?.clone();
  }
  async keys(): Promise<Request[]> {
    return [...this.entries.keys()].map((u) => new Request(u));
  }
  async delete(request: RequestInfo): Promise<boolean> {
    return this.entries.delete(typeof request === 'string' ? request : request.url);
  }
}

let cache: MapCache;
beforeEach(() => {
  cache = new MapCache();
  vi.stubGlobal('caches', { open: async () => cache });
});
afterAll(() => {
  vi.unstubAllGlobals();
});

function post(url: string, form: FormData | string, method = 'POST'): { event: FetchEvent; response: () => Promise<Response> } {
  let responded: Promise<Response> | undefined;
  const request = new Request(url, method === 'GET' ? { method } : { method, body: form });
  const event = { request, respondWith: (r: Promise<Response>) => (responded = r) } as unknown as FetchEvent;
  return { event, response: () => responded ?? Promise.reject(new Error('no response')) };
}

function shareForm(): FormData {
  const form = new FormData();
  form.append('files', new File(['hello world'], 'notes ü.txt', { type: 'text/plain' }));
  form.append('files', new File([new Uint8Array([0, 1, 2, 255])], 'data.bin'));
  form.append('title', 'A title');
  form.append('text', `Get it: magnet:?xt=urn:btih:${HEX}&dn=x`);
  return form;
}

describe('handleShareTarget', () => {
  it('leaves every other request alone', () => {
    expect(handleShareTarget(post(`${SCOPE}share-target`, '', 'GET').event, SCOPE)).toBe(false);
    expect(handleShareTarget(post(`${SCOPE}elsewhere`, shareForm()).event, SCOPE)).toBe(false);
    expect(handleShareTarget(post('https://other.example/share-target', shareForm()).event, SCOPE)).toBe(false);
  });

  it('stores the shared files and redirects (303) the page to pick them up, which gets them back whole', async () => {
    const { event, response } = post(`${SCOPE}share-target`, shareForm());
    expect(handleShareTarget(event, SCOPE)).toBe(true);
    const res = await response();
    expect(res.status).toBe(303);
    const target = new URL(res.headers.get('Location')!);
    expect(target.origin + target.pathname).toBe(SCOPE);
    const id = target.searchParams.get('share');
    expect(cache.entries.size).toBe(3); // two files and the manifest

    const replaced: string[] = [];
    vi.stubGlobal('location', { href: target.href });
    vi.stubGlobal('history', { state: null, replaceState: (_s: unknown, _t: string, url: string) => replaced.push(url) });
    vi.stubGlobal('window', { caches: {} });
    const share = await takeShare(SCOPE);
    expect(replaced).toEqual([SCOPE]); // ?share= leaves the address: a reload does not seed them again
    expect(share).not.toBeNull();
    expect(share!.files.map((f) => f.name)).toEqual(['notes ü.txt', 'data.bin']);
    expect(await share!.files[0]!.text()).toBe('hello world');
    expect([...new Uint8Array(await share!.files[1]!.arrayBuffer())]).toEqual([0, 1, 2, 255]);
    expect(share!.magnet).toBe(`magnet:?xt=urn:btih:${HEX}&dn=x`);
    await share!.release();
    expect(cache.entries.size).toBe(0);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('opens the app without a share when the body is not form data', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const { event, response } = post(`${SCOPE}share-target`, 'not a form');
      expect(handleShareTarget(event, SCOPE)).toBe(true);
      const res = await response();
      expect(res.status).toBe(303);
      expect(res.headers.get('Location')).toBe(SCOPE);
      expect(cache.entries.size).toBe(0);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn).toHaveBeenCalledWith('Share target: unreadable form data', expect.any(TypeError));
    } finally {
      warn.mockRestore();
    }
  });
});

describe('takeShare', () => {
  it.each([`${SCOPE}`, `${SCOPE}?share=../../etc`, `${SCOPE}?share=0b7e6f1c-8a3d-4c55-9f21-3e6a7d2c9b10`])('finds nothing to take at %s', async (href) => {
    vi.stubGlobal('location', { href });
    vi.stubGlobal('history', { state: null, replaceState: () => {} });
    vi.stubGlobal('window', { caches: {} });
    expect(await takeShare(SCOPE)).toBeNull();
  });
});

describe('dropStale', () => {
  it('drops shares older than the TTL and keeps fresh ones', async () => {
    const now = 10 * SHARE_TTL_MS;
    await cache.put(`${SCOPE}__share/a/manifest`, new Response('{}', { headers: { [RECEIVED_HEADER]: String(now - SHARE_TTL_MS - 1) } }));
    await cache.put(`${SCOPE}__share/b/manifest`, new Response('{}', { headers: { [RECEIVED_HEADER]: String(now - 1000) } }));
    await cache.put(`${SCOPE}__share/c/manifest`, new Response('{}')); // no time: not ours to keep
    await dropStale(cache as unknown as Cache, now);
    expect([...cache.entries.keys()]).toEqual([`${SCOPE}__share/b/manifest`]);
  });
});

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { resolveUnder, startServer, startTracker } from './server-api.ts';
import type { RunningServer } from './server-api.ts';

const SECRET = 'top secret: outside dist';
let top: string;
let dist: string;
let server: RunningServer;

beforeAll(async () => {
  top = mkdtempSync(path.join(tmpdir(), 'rivulet-server-'));
  dist = path.join(top, 'dist');
  mkdirSync(path.join(dist, 'assets'), { recursive: true });
  writeFileSync(path.join(top, 'secret.txt'), SECRET);
  const files: Record<string, string> = {
    'index.html': '<!doctype html><title>Rivulet</title>',
    'sw.js': 'self.addEventListener("fetch", () => {});',
    'manifest.webmanifest': '{"name":"Rivulet"}',
    'icon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
    'icon.png': '\x89PNG',
    'assets/index-abc123.js': 'console.log(1)',
    'assets/index-abc123.css': 'body{}',
    'assets/hash-def.wasm': '\0asm',
  };
  for (const [name, body] of Object.entries(files)) writeFileSync(path.join(dist, name), body);
  server = await startServer({ distDir: dist });
});

afterAll(async () => {
  await server?.close();
  rmSync(top, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A raw request: the path goes out exactly as written (fetch would normalize `..` away first). */
function request(rawPath: string, method = 'GET', headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, path: rawPath, method, headers }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('startServer: static files', () => {
  it.each([
    ['/', 'text/html; charset=utf-8', 'no-cache'],
    ['/index.html', 'text/html; charset=utf-8', 'no-cache'],
    ['/sw.js', 'text/javascript; charset=utf-8', 'no-cache'],
    ['/manifest.webmanifest', 'application/manifest+json; charset=utf-8', 'no-cache'],
    ['/icon.svg', 'image/svg+xml', 'no-cache'],
    ['/icon.png', 'image/png', 'no-cache'],
    ['/assets/index-abc123.js', 'text/javascript; charset=utf-8', 'public, max-age=31536000, immutable'],
    ['/assets/index-abc123.css', 'text/css; charset=utf-8', 'public, max-age=31536000, immutable'],
    ['/assets/hash-def.wasm', 'application/wasm', 'public, max-age=31536000, immutable'],
  ])('serves %s as %s with Cache-Control %s', async (p, type, cache) => {
    const r = await request(p);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe(type);
    expect(r.headers['cache-control']).toBe(cache);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });

  it('falls back to index.html for app routes but not for missing files', async () => {
    const route = await request('/torrent/0123abcd?x=1');
    expect(route.status).toBe(200);
    expect(route.body).toContain('<title>Rivulet</title>');
    expect(route.headers['cache-control']).toBe('no-cache');
    expect((await request('/assets/missing-123.js')).status).toBe(404);
  });

  it('answers HEAD without a body, refuses POST, and revalidates with ETag', async () => {
    const head = await request('/sw.js', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String('self.addEventListener("fetch", () => {});'.length));
    expect(head.body).toBe('');
    expect((await request('/', 'POST')).status).toBe(405);
    const again = await request('/sw.js', 'GET', { 'If-None-Match': String(head.headers.etag) });
    expect(again.status).toBe(304);
  });

  it.each([
    '/../secret.txt',
    '/../../../../etc/passwd',
    '/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/..%5csecret.txt',
    '/%00/secret.txt',
  ])('never serves what lies outside dist: %s', async (p) => {
    const r = await request(p);
    expect(r.body).not.toContain(SECRET);
    expect(r.body).not.toContain('root:');
    // Refused, or (for an extension-less path normalized to inside dist) the app's own index.html.
    if (r.status === 200) expect(r.body).toContain('<title>Rivulet</title>');
    else expect([400, 403, 404]).toContain(r.status);
  });

  it('rejects malformed percent-encoding', async () => {
    expect((await request('/%E0%A4%A')).status).toBe(400);
  });

  it('sends the Content-Security-Policy with the page, the scripts (workers run under their own) and errors', async () => {
    for (const p of ['/', '/sw.js', '/assets/index-abc123.js', '/missing.js']) {
      const csp = String((await request(p)).headers['content-security-policy']);
      expect(csp, p).toContain("script-src 'self'");
      expect(csp, p).toContain("require-trusted-types-for 'script'");
      expect(csp, p).toContain("frame-ancestors 'none'");
      // WebAssembly may compile ('wasm-unsafe-eval', the engine's SHA-1); JavaScript may not be eval'd or inlined.
      expect(csp, p).not.toMatch(/'unsafe-eval'|'unsafe-inline'/);
    }
  });

  it('takes CSP violation reports and hands each one over', async () => {
    const reports: Record<string, unknown>[] = [];
    const own = await startServer({ distDir: dist, onCspReport: (r) => reports.push(r) });
    try {
      const post = (body: string) =>
        fetch(new URL('/csp-report', own.url), { method: 'POST', headers: { 'Content-Type': 'application/csp-report' }, body });
      const report = { 'document-uri': own.url, 'effective-directive': 'require-trusted-types-for', 'blocked-uri': 'trusted-types-sink' };
      expect((await post(JSON.stringify({ 'csp-report': report }))).status).toBe(204);
      expect((await post('not json')).status).toBe(204);
      expect((await post('x'.repeat(100_000)).catch(() => null))?.status ?? 413).toBe(413);
      expect(reports).toEqual([report]);
    } finally {
      await own.close();
    }
  });

  it('resolveUnder keeps every path inside the root', () => {
    const root = path.resolve('/srv/dist');
    expect(resolveUnder(root, '/a/b.js')).toBe(path.join(root, 'a/b.js'));
    expect(resolveUnder(root, '/../x')).toBe(path.join(root, 'x'));
    expect(resolveUnder(root, '../../x')).toBe(path.join(root, 'x'));
    expect(resolveUnder(root, '/')).toBe(root);
  });
});

describe('startServer: the tracker on the same port', () => {
  it('upgrades /announce to the tracker and answers an announce', async () => {
    expect(server.trackerUrl).toBe(`ws://127.0.0.1:${server.port}/announce`);
    const ws = new WebSocket(server.trackerUrl);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const ih = 'i'.repeat(20);
    ws.send(JSON.stringify({ numwant: 0, uploaded: 0, downloaded: 0, left: 5, event: 'started', action: 'announce', info_hash: ih, peer_id: 'p'.repeat(20), offers: [] }));
    const reply = JSON.parse(String(await new Promise((r) => ws.once('message', r))));
    expect(reply).toMatchObject({ action: 'announce', info_hash: ih, incomplete: 1, complete: 0, interval: 120 });
    ws.close();
  });

  it('startTracker runs the tracker alone, with url being its ws:// address', async () => {
    const t = await startTracker();
    try {
      expect(t.url).toBe(`ws://127.0.0.1:${t.port}/announce`);
      expect(t.trackerUrl).toBe(t.url);
      const plain = await fetch(`http://127.0.0.1:${t.port}/`);
      expect(plain.status).toBe(404);
      await plain.text();
      const ws = new WebSocket(t.url);
      await new Promise((resolve, reject) => {
        ws.once('open', resolve);
        ws.once('error', reject);
      });
      ws.close();
    } finally {
      await t.close();
    }
  });

  it('refuses upgrades on other paths', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/other`);
    const outcome = await new Promise((r) => {
      ws.once('open', () => r('open'));
      ws.once('error', () => r('error'));
    });
    expect(outcome).toBe('error');
  });

  it('close() ends open tracker connections and frees the port', async () => {
    const own = await startServer({ distDir: dist });
    const ws = new WebSocket(own.trackerUrl);
    await new Promise((r) => ws.once('open', r));
    const closed = new Promise((r) => ws.once('close', r));
    await own.close();
    await closed;
    const again = await startServer({ distDir: dist, port: own.port });
    expect(again.port).toBe(own.port);
    await again.close();
  });
});

describe('server/start.js', () => {
  it('prints where it runs and exits cleanly on SIGTERM', async () => {
    const script = fileURLToPath(new URL('../../../server/start.js', import.meta.url));
    const child = spawn(process.execPath, [script, '--port', '0', '--dist', dist], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    // Whatever happens below, the child does not outlive the test.
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start-up line within 10 s: ${out}`)), 10_000);
        child.stdout.on('data', () => {
          const m = /Rivulet is running: open (http:\/\/127\.0\.0\.1:\d+\/)\n.*Tracker:/s.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
        child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${out}`)));
      });
      expect(out).toMatch(/Tracker: ws:\/\/127\.0\.0\.1:\d+\/announce/);
      const page = await fetch(url);
      expect(await page.text()).toContain('<title>Rivulet</title>');
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  it('refuses to start without a built app', async () => {
    const script = fileURLToPath(new URL('../../../server/start.js', import.meta.url));
    const child = spawn(process.execPath, [script, '--port', '0', '--dist', path.join(top, 'nope')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(code).toBe(1);
    expect(err).toMatch(/npm run build/);
  });
});

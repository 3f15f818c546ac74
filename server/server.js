// @ts-check
/// <reference path="./bittorrent-tracker.d.ts" />
// The local server: one HTTP port that serves the built app (dist/) and the WebSocket tracker at /announce.
// Plain Node ESM with JSDoc types (no build step). The tracker is bittorrent-tracker's server, WebSocket only.

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
// Not 'bittorrent-tracker': its index also loads the client, whose WebRTC module is a native addon we do not install.
import TrackerServer from 'bittorrent-tracker/server';
import { CONTENT_SECURITY_POLICY, CSP_REPORT_PATH } from './csp.js';

export const TRACKER_PATH = '/announce';

/** @type {Readonly<Record<string, string>>} */
const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.webm': 'video/webm',
  '.mp4': 'video/mp4',
  '.torrent': 'application/x-bittorrent',
};

/**
 * An announce as the tracker processed it; `answer`: a WebRTC answer relayed through the tracker, not a real announce.
 * @typedef {{ event: string, infoHashHex: string, peerIdHex: string, offers: number, answer: boolean, at: number }} TrackerAnnounce
 * @typedef {{ info_hash: string, peer_id: string, offers?: unknown[], answer?: unknown }} AnnounceParams
 */

/**
 * @typedef {object} RunningServer
 * @property {string} url        http URL of the app (startServer); the ws tracker URL (startTracker)
 * @property {string} trackerUrl ws URL of the tracker
 * @property {number} port
 * @property {() => Promise<void>} close
 */

/**
 * Serves `distDir` and the tracker on one port, and takes the browser's CSP violation reports (`onCspReport`; by
 * default one log line each).
 * `onAnnounce` sees every announce the tracker has processed (tests count them).
 * @param {{ port?: number, host?: string, distDir: string, trackerIntervalMs?: number, onCspReport?: (report: CspReport) => void, onAnnounce?: (a: TrackerAnnounce) => void }} opts
 * @returns {Promise<RunningServer>}
 */
export async function startServer({ port = 0, host = '127.0.0.1', distDir, trackerIntervalMs, onCspReport = logCspReport, onAnnounce }) {
  const root = path.resolve(distDir);
  const server = http.createServer((req, res) => {
    if (req.method === 'POST' && req.url === CSP_REPORT_PATH) {
      receiveCspReport(req, res, onCspReport);
      return;
    }
    serveStatic(root, req, res).catch((err) => {
      console.error(`rivulet: serving ${req.url} failed:`, err);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Internal server error');
    });
  });
  const tracker = attachTracker(server, { trackerIntervalMs, onAnnounce });
  return listen(server, tracker, port, host);
}

/**
 * A violation report as Chromium posts it to `report-uri` (`application/csp-report`): the fields we print.
 * @typedef {{ 'document-uri'?: string, 'violated-directive'?: string, 'effective-directive'?: string,
 *   'blocked-uri'?: string, 'source-file'?: string, 'line-number'?: number, 'script-sample'?: string }} CspReport
 */

/** Reports are small; a bigger body is not a report. */
const MAX_CSP_REPORT_BYTES = 64 * 1024;

/** @param {CspReport} r */
function logCspReport(r) {
  console.warn(
    `rivulet: CSP violation in ${r['document-uri']}: ${r['effective-directive'] ?? r['violated-directive']} blocked ` +
      `${r['blocked-uri'] || '(inline)'} at ${r['source-file'] ?? '?'}:${r['line-number'] ?? '?'} ${r['script-sample'] ?? ''}`,
  );
}

/** @param {http.IncomingMessage} req @param {http.ServerResponse} res @param {(report: CspReport) => void} onReport */
function receiveCspReport(req, res, onReport) {
  /** @type {Buffer[]} */
  const chunks = [];
  let size = 0;
  req.on('data', (/** @type {Buffer} */ chunk) => {
    size += chunk.length;
    if (size > MAX_CSP_REPORT_BYTES) {
      res.writeHead(413).end();
      req.destroy();
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (res.headersSent) return;
    res.writeHead(204).end();
    /** @type {unknown} */
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return; // not JSON: not a report from a browser
    }
    const report = body && typeof body === 'object' && 'csp-report' in body ? body['csp-report'] : null;
    if (report && typeof report === 'object') onReport(/** @type {CspReport} */ (report));
  });
}

/**
 * The tracker alone (tests, or a tracker for another origin): WebSocket upgrades at /announce, 404 otherwise.
 * Here `url` is the ws:// tracker URL (the same as `trackerUrl`): there is no app to open.
 * @param {{ port?: number, host?: string, trackerIntervalMs?: number }} [opts]
 * @returns {Promise<RunningServer>}
 */
export async function startTracker({ port = 0, host = '127.0.0.1', trackerIntervalMs } = {}) {
  const server = http.createServer((_req, res) => {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(`Not found: this server only speaks WebSocket at ${TRACKER_PATH}`);
  });
  const tracker = attachTracker(server, { trackerIntervalMs });
  const running = await listen(server, tracker, port, host);
  return { ...running, url: running.trackerUrl };
}

/**
 * Routes WebSocket upgrades for `path` on an existing HTTP server to a bittorrent-tracker server. Upgrades for
 * other paths are left to other listeners (e.g. Vite's HMR socket), or refused when there are none.
 * @param {http.Server} httpServer
 * @param {{ path?: string, trackerIntervalMs?: number, onAnnounce?: (a: TrackerAnnounce) => void }} [opts]
 * @returns {{ close(): Promise<void> }}
 */
export function attachTracker(httpServer, { path: trackerPath = TRACKER_PATH, trackerIntervalMs, onAnnounce } = {}) {
  const tracker = new TrackerServer({
    http: false,
    udp: false,
    ws: { noServer: true },
    stats: false,
    ...(trackerIntervalMs ? { interval: trackerIntervalMs } : {}),
  });
  // A bad client message is a 'warning' there; an 'error' would crash the process if nobody listened.
  tracker.on('error', (/** @type {Error} */ err) => console.error('rivulet: tracker error:', err.message));
  tracker.on('warning', () => {}); // malformed announces from clients: their problem, not worth a log line each
  if (onAnnounce) {
    for (const event of ['start', 'update', 'complete', 'stop', 'pause']) {
      tracker.on(event, (/** @type {unknown} */ _peerId, /** @type {AnnounceParams} */ params) =>
        onAnnounce({
          event,
          infoHashHex: params.info_hash,
          peerIdHex: params.peer_id,
          offers: Array.isArray(params.offers) ? params.offers.length : 0,
          answer: Boolean(params.answer),
          at: Date.now(),
        }),
      );
    }
  }
  /** @type {Set<import('ws').WebSocket>} */
  const sockets = new Set(); // clientTracking is off in the tracker's ws server, so close() must end these itself

  /** @param {http.IncomingMessage} req @param {import('node:stream').Duplex} socket @param {Buffer} head */
  const onUpgrade = (req, socket, head) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (pathname !== trackerPath) {
      if (httpServer.listenerCount('upgrade') === 1) socket.destroy();
      return;
    }
    tracker.ws.handleUpgrade(req, socket, head, (/** @type {import('ws').WebSocket} */ ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      tracker.ws.emit('connection', ws, req);
    });
  };
  httpServer.on('upgrade', onUpgrade);

  return {
    close() {
      httpServer.off('upgrade', onUpgrade);
      for (const ws of sockets) ws.terminate();
      sockets.clear();
      return new Promise((resolve) => tracker.close(() => resolve()));
    },
  };
}

/**
 * @param {http.Server} server
 * @param {{ close(): Promise<void> }} tracker
 * @param {number} port
 * @param {string} host
 * @returns {Promise<RunningServer>}
 */
async function listen(server, tracker, port, host) {
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(undefined);
    });
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const shown = urlHost(host);
  let closing;
  return {
    url: `http://${shown}:${actualPort}/`,
    trackerUrl: `ws://${shown}:${actualPort}${TRACKER_PATH}`,
    port: actualPort,
    close() {
      closing ??= (async () => {
        await tracker.close();
        server.closeAllConnections();
        await new Promise((resolve) => server.close(() => resolve(undefined)));
      })();
      return closing;
    },
  };
}

/** The host to print in URLs: a wildcard bind is reachable on loopback; IPv6 literals need brackets. */
function urlHost(/** @type {string} */ host) {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * GET/HEAD of a file under `root`; unknown extension-less paths get index.html (the app routes them).
 * @param {string} root absolute
 * @param {http.IncomingMessage} req
 * @param {http.ServerResponse} res
 */
async function serveStatic(root, req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Method not allowed');
    return;
  }
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
  } catch {
    return sendError(res, 400, 'Bad request'); // malformed percent-encoding: URIError says no more than this
  }
  const file = pathname.includes('\0') ? null : resolveUnder(root, pathname);
  if (!file) return sendError(res, 403, 'Forbidden');

  let target = await fileAt(file);
  if (!target && (await isDirectory(file))) target = await fileAt(path.join(file, 'index.html'));
  // SPA fallback: a path whose last segment has no extension is a client-side route, not a missing asset.
  if (!target && !path.posix.basename(pathname).includes('.')) target = await fileAt(path.join(root, 'index.html'));
  if (!target) return sendError(res, 404, 'Not found');

  const rel = `/${path.relative(root, target.path).split(path.sep).join('/')}`;
  const etag = `W/"${target.size.toString(16)}-${Math.floor(target.mtimeMs).toString(16)}"`;
  /** @type {Record<string, string | number>} */
  const headers = {
    'Content-Type': MIME_TYPES[path.extname(target.path).toLowerCase()] ?? 'application/octet-stream',
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    ETag: etag,
    // Vite names files under assets/ by content hash: they never change. Everything else (index.html, sw.js,
    // the manifest) is revalidated on every load, or an app update would never be seen.
    'Cache-Control': rel.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  headers['Content-Length'] = target.size;
  res.writeHead(200, headers);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(target.path);
  stream.on('error', (err) => res.destroy(err));
  stream.pipe(res);
}

/**
 * The absolute path for a URL path, or null when it would leave `root` (`..`, encoded or not).
 * @param {string} root @param {string} pathname
 */
export function resolveUnder(root, pathname) {
  const file = path.resolve(root, `.${path.posix.normalize(`/${pathname}`)}`);
  return file === root || file.startsWith(root + path.sep) ? file : null;
}

/** @param {string} p @returns {Promise<{ path: string, size: number, mtimeMs: number } | null>} */
async function fileAt(p) {
  const s = await stat(p).catch(() => null); // missing is an expected outcome: the caller falls back
  return s?.isFile() ? { path: p, size: s.size, mtimeMs: s.mtimeMs } : null;
}

/** @param {string} p */
async function isDirectory(p) {
  const s = await stat(p).catch(() => null); // missing: not a directory
  return s?.isDirectory() ?? false;
}

/** @param {http.ServerResponse} res @param {number} status @param {string} message */
function sendError(res, status, message) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache', 'Content-Security-Policy': CONTENT_SECURITY_POLICY });
  res.end(message);
}

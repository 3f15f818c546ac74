// @ts-check
// The Content-Security-Policy `npm start` sends with every response: the page, the engine worker and the service
// worker each run under the policy of their own script's response, so all three get it.

/**
 * One directive per line, and why:
 * - scripts only from our origin: no inline script, no `eval` (`'unsafe-eval'`), no other host; WebAssembly may be
 *   compiled (`'wasm-unsafe-eval'`: the engine worker's SHA-1, src/platform/wasm-hasher.ts), which runs no JavaScript;
 * - styles only from our origin: Lit's `static styles` are constructed stylesheets (not governed by style-src) and
 *   dynamic styles go through `styleMap` (CSSOM), so no `'unsafe-inline'` is needed;
 * - `connect-src`: our origin (the local tracker, the `/stream/` fetches), WebSocket trackers on any host, which
 *   the user lists in the settings (`ws:`/`wss:`), and `.torrent` URLs the user pastes (`http:`/`https:`; web seeds
 *   later); `data:` and `blob:` stay refused; WebRTC itself is not governed by CSP;
 * - images and media: our origin (`/stream/...` through the service worker) and `blob:` (files the user picked);
 * - Trusted Types for every script sink: `lit-html` is Lit's own policy (its templates); `default`
 *   (src/app/trusted-types.ts) passes only same-origin script URLs (the engine worker, the service worker) and
 *   refuses HTML and script strings;
 * - nothing may frame the app (`frame-ancestors 'none'`), no plugins, no `<base>`;
 * - violations are posted to our server (`report-uri`: sent at once, from the page and the workers alike), which
 *   prints them; the CSP browser test fails on any.
 */
/** Where the browser posts violation reports (server.js answers it). */
export const CSP_REPORT_PATH = '/csp-report';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' blob:",
  "media-src 'self' blob:",
  "connect-src 'self' ws: wss: http: https:",
  "worker-src 'self'",
  "manifest-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  'trusted-types lit-html default',
  `report-uri ${CSP_REPORT_PATH}`,
].join('; ');

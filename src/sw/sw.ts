// The service worker: file streams (/stream/..., answered from the engine worker over ports the pages hand us) and
// the offline app shell (workbox precache of the built files), the share target and notification clicks. Listeners
// only; the work lives beside this file.

/// <reference lib="webworker" />
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { STREAM_PREFIX, ZIP_PREFIX, isStreamPortOffer, parseStreamPath, parseZipPath } from '../api/file-stream.ts';
import { EngineLinks } from './engine-link.ts';
import { answerStream } from './stream-response.ts';
import { answerZip } from './zip-response.ts';
import { onNotificationClick } from './notification-click.ts';
import { handleShareTarget } from './share-target.ts';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };

const links = new EngineLinks({
  windows: async () => self.clients.matchAll({ type: 'window', includeUncontrolled: true }),
});

// Registered before workbox's routes, so a stream request is answered here and never reaches the precache or the
// navigation fallback (whose denylist excludes /stream/ as well).
self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== self.location.origin || !url.pathname.startsWith(STREAM_PREFIX)) return;
  const target = parseStreamPath(url.pathname);
  if (!target) {
    event.respondWith(new Response('No such stream.', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } }));
    return;
  }
  const answer = answerStream(event.request, target, links);
  event.respondWith(
    answer.then(
      (a) => a.response,
      (e: unknown) => new Response(`Streaming failed: ${e instanceof Error ? e.message : String(e)}`, { status: 500, headers: { 'Content-Type': 'text/plain; charset=utf-8' } }),
    ),
  );
  // Keeps this worker alive while the body streams (browsers stop idle service workers).
  event.waitUntil(answer.then((a) => a.done, () => undefined));
});

// "Save all" without a folder picker: the torrent's files as one streamed .zip (zip-response.ts).
self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== self.location.origin || !url.pathname.startsWith(ZIP_PREFIX)) return;
  const target = parseZipPath(url);
  if (!target) {
    event.respondWith(new Response('No such archive.', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } }));
    return;
  }
  const answer = answerZip(event.request, target, decodeURIComponent(url.pathname.slice(url.pathname.lastIndexOf('/') + 1)), links);
  event.respondWith(answer.then((a) => a.response, (e: unknown) => new Response(`Zip failed: ${e instanceof Error ? e.message : String(e)}`, { status: 500 })));
  event.waitUntil(answer.then((a) => a.done, () => undefined));
});

self.addEventListener('message', (event) => {
  const data = event.data as { type?: string } | null;
  if (data?.type === 'SKIP_WAITING') void self.skipWaiting();
  const port = event.ports[0];
  if (isStreamPortOffer(data) && port && event.source && 'id' in event.source) links.offer(port, event.source.id);
});

// Take the open pages at once (the first visit too), so their <video> requests reach the stream route.
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

// Files shared from other apps (manifest share_target) arrive as a POST, which workbox's GET routes never match.
self.addEventListener('fetch', (event) => void handleShareTarget(event, self.registration.scope));
// A "download complete" notification brings the app's window forward.
self.addEventListener('notificationclick', (event) => onNotificationClick(event, self.clients, self.registration.scope));

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// Every navigation (including `/#magnet:...` share links) gets the cached app shell, online or not.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/announce/, /^\/stream\//, /^\/zip\//] }));

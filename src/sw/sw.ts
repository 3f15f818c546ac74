// The service worker: file streams (/stream/..., answered from the engine worker over ports the pages hand us) and
// the offline app shell (workbox precache of the built files). Listeners only; the work lives beside this file.

/// <reference lib="webworker" />
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { STREAM_PREFIX, isStreamPortOffer, parseStreamPath } from '../api/file-stream.ts';
import { EngineLinks } from './engine-link.ts';
import { answerStream } from './stream-response.ts';

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
  event.respondWith(answer.then((a) => a.response));
  // Keeps this worker alive while the body streams (browsers stop idle service workers).
  event.waitUntil(answer.then((a) => a.done));
});

self.addEventListener('message', (event) => {
  const data = event.data as { type?: string } | null;
  if (data?.type === 'SKIP_WAITING') void self.skipWaiting();
  const port = event.ports[0];
  if (isStreamPortOffer(data) && port && event.source && 'id' in event.source) links.offer(port, event.source.id);
});

// Take the open pages at once (the first visit too), so their <video> requests reach the stream route.
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// Every navigation (including `/#magnet:...` share links) gets the cached app shell, online or not.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/announce/, /^\/stream\//] }));

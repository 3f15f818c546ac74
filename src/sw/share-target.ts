// Web Share Target (level 2) in the service worker: files another app shares arrive as a multipart POST to
// /share-target; they wait in Cache Storage and the page they are redirected to (303, ?share=<id>) seeds them.

/// <reference lib="webworker" />
import {
  MAX_SHARED_FILES,
  NAME_HEADER,
  RECEIVED_HEADER,
  SHARE_CACHE,
  SHARE_FILES_FIELD,
  SHARE_QUERY,
  SHARE_TARGET_ACTION,
  SHARE_TTL_MS,
  shareEntryUrl,
  type ShareManifest,
} from '../api/share-target.ts';

/** Answers the share POST; returns false for any other request. Call from a fetch listener. */
export function handleShareTarget(event: FetchEvent, scope: string): boolean {
  const request = event.request;
  if (request.method !== 'POST' || new URL(request.url).href.split(/[?#]/)[0] !== new URL(SHARE_TARGET_ACTION, scope).href) return false;
  event.respondWith(receiveShare(request, scope));
  return true;
}

async function receiveShare(request: Request, scope: string): Promise<Response> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch (e) {
    // Not multipart (someone POSTed by hand): open the app without a share rather than show an error page.
    console.warn('Share target: unreadable form data', e);
    return Response.redirect(scope, 303);
  }
  const files = form.getAll(SHARE_FILES_FIELD).filter((v): v is File => v instanceof File).slice(0, MAX_SHARED_FILES);
  const manifest: ShareManifest = { files: files.length, title: field(form, 'title'), text: field(form, 'text'), url: field(form, 'url') };
  const id = crypto.randomUUID();
  const received = String(Date.now());
  const cache = await caches.open(SHARE_CACHE);
  await dropStale(cache);
  for (const [i, file] of files.entries()) {
    const headers = {
      'Content-Type': file.type || 'application/octet-stream',
      [NAME_HEADER]: encodeURIComponent(file.name),
      [RECEIVED_HEADER]: received,
    };
    await cache.put(shareEntryUrl(scope, id, i), new Response(file, { headers }));
  }
  // The manifest goes last: the page treats a share without one as not (yet) there.
  await cache.put(shareEntryUrl(scope, id, null), new Response(JSON.stringify(manifest), { headers: { 'Content-Type': 'application/json', [RECEIVED_HEADER]: received } }));
  const target = new URL(scope);
  target.searchParams.set(SHARE_QUERY, id);
  return Response.redirect(target.href, 303);
}

function field(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
}

/** Drops shares older than SHARE_TTL_MS (a page that never loaded to pick them up). */
export async function dropStale(cache: Cache, now = Date.now()): Promise<void> {
  for (const request of await cache.keys()) {
    const response = await cache.match(request);
    const received = Number(response?.headers.get(RECEIVED_HEADER) ?? 0);
    if (!(now - received < SHARE_TTL_MS)) await cache.delete(request);
  }
}

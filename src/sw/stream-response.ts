// Answers GET/HEAD /stream/<infohash>/<file>/<name> with real HTTP semantics (ranges, 206/416, types, lengths,
// attachment downloads) and a body that pulls bytes from the engine as the player reads: one read in flight per
// response, each answered as soon as its piece verifies, never the whole file in memory.

import { contentTypeFor, isScripted, type StreamTarget } from '../api/file-stream.ts';
import { LinkTimeout, type EngineLink } from './engine-link.ts';
import { contentRange, parseRange, unsatisfiedRange } from './range.ts';
import { traceStream } from '../api/stream-trace.ts';

/** Bytes asked per read: small enough that a player gets bytes while a piece run is still arriving. */
export const READ_CHUNK_BYTES = 1024 * 1024;
/** Bytes queued ahead of the consumer before pulling stops (backpressure): two reads' worth. */
export const QUEUE_BYTES = 2 * READ_CHUNK_BYTES;
/** An engine that takes longer than this to open a file is taken for gone (a live one answers in milliseconds). */
export const OPEN_TIMEOUT_MS = 5000;

/** Where responses get their engine link (EngineLinks in the service worker; fakes in tests). */
export interface LinkSource {
  acquire(): Promise<EngineLink | null>;
  drop(link: EngineLink, reason: Error): void;
  watch(): void;
}

export interface StreamAnswer {
  readonly response: Response;
  /** Settles when the body is finished, failed or cancelled (the fetch event waits for it: the SW stays alive). */
  readonly done: Promise<void>;
}

const NO_PAGE = 'Rivulet is not open in any tab, so nothing can serve this file. Open the app and try again.';

export async function answerStream(request: Request, target: StreamTarget, links: LinkSource, openTimeoutMs = OPEN_TIMEOUT_MS): Promise<StreamAnswer> {
  const settled = Promise.resolve();
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return { response: text(405, 'Only GET and HEAD are supported.', { Allow: 'GET, HEAD' }), done: settled };
  }
  // The first bytes wanted, when the Range says so without needing the length (every media and download request).
  const first = request.method === 'GET' ? firstRead(request) : undefined;
  traceStream('sw:fetch', first?.offset ?? -1);
  const found = await openFile(target, links, openTimeoutMs, first);
  if ('status' in found) return { response: text(found.status, found.message), done: settled };
  const { link, id, length, safeName } = found;
  traceStream('sw:opened', id);

  const etag = `"${target.infoHashHex}-${target.fileIndex}"`;
  const ifRange = request.headers.get('If-Range');
  // A Range conditioned on another version is answered with the whole file (RFC 9110 13.1.5).
  const range = ifRange !== null && ifRange.trim() !== etag ? ({ kind: 'full' } as const) : parseRange(request.headers.get('Range'), length);
  const headers = new Headers({
    'Accept-Ranges': 'bytes',
    'Content-Type': contentTypeFor(safeName),
    ETag: etag,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Content-Disposition': disposition(safeName, new URL(request.url).searchParams.get('download') === '1'),
  });
  if (isScripted(safeName)) headers.set('Content-Security-Policy', "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:");
  if (range.kind === 'unsatisfiable') {
    link.close(id);
    headers.set('Content-Range', unsatisfiedRange(length));
    headers.set('Content-Type', 'text/plain; charset=utf-8');
    headers.delete('Content-Disposition');
    return { response: new Response('Requested range not satisfiable.', { status: 416, headers }), done: settled };
  }
  const start = range.kind === 'partial' ? range.start : 0;
  const end = range.kind === 'partial' ? range.end : length - 1;
  const status = range.kind === 'partial' ? 206 : 200;
  if (range.kind === 'partial') headers.set('Content-Range', contentRange(start, end, length));
  headers.set('Content-Length', String(end - start + 1));
  if (request.method === 'HEAD' || end < start) {
    link.close(id);
    return { response: new Response(null, { status, headers }), done: settled };
  }
  const { body, done } = byteStream(link, id, start, end, links, first);
  return { response: new Response(body, { status, headers }), done };
}

type Found = { link: EngineLink; id: number; length: number; safeName: string; safePath?: readonly string[] } | { status: number; message: string };

/** Opens the file over a live link; a link that does not answer is dropped and a fresh one tried, once. */
export async function openFile(target: StreamTarget, links: LinkSource, timeoutMs: number, read?: { offset: number; length: number }): Promise<Found> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const link = await links.acquire();
    if (!link) return { status: 503, message: NO_PAGE };
    try {
      const reply = await link.open(target.infoHashHex, target.fileIndex, timeoutMs, read);
      if (reply.type === 'failed') return { status: reply.status, message: `${reply.error.message} (${reply.error.code})` };
      return { link, id: reply.id, length: reply.length, safeName: reply.safeName, ...(reply.safePath ? { safePath: reply.safePath } : {}) };
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      if (!(e instanceof LinkTimeout) && link.alive) return { status: 500, message: error.message };
      links.drop(link, error);
    }
  }
  return { status: 503, message: NO_PAGE };
}

/**
 * The body: a pull with no read in flight asks the engine for the next READ_CHUNK_BYTES, which it answers in pieces
 * as they verify; nothing more is asked until that read is answered and the consumer pulls again. `asked`: the read
 * sent with the open, if any (its bytes are dropped if it guessed another offset).
 */
export function byteStream(
  link: EngineLink,
  id: number,
  start: number,
  end: number,
  links: LinkSource,
  asked?: { offset: number },
): { body: ReadableStream<Uint8Array>; done: Promise<void> } {
  let offset = start;
  /** The next byte the read in flight answers; null when none is (the next pull asks). */
  let reading: number | null = asked ? asked.offset : null;
  let finished = false;
  let markDone: () => void = () => {};
  const done = new Promise<void>((resolve) => (markDone = resolve));
  // Only the consumer ends it early (cancel). Not request.signal: Chromium aborts that when a navigation turns into
  // a download, while the download manager goes on reading this very body.
  const finish = (): void => {
    if (finished) return;
    traceStream('sw:finish', offset);
    finished = true;
    link.close(id);
    markDone();
  };
  /**
   * The bytes at `offset` (null once finished): asks when no read is in flight; bytes of a read the open sent for
   * another offset than the range's start are not this body's and are dropped.
   */
  const nextBytes = async (): Promise<Uint8Array | null> => {
    for (;;) {
      if (reading === null) {
        traceStream('sw:pull', offset);
        link.read(id, offset, Math.min(READ_CHUNK_BYTES, end + 1 - offset));
        reading = offset;
      }
      const answer = await link.next(id);
      if (finished) return null;
      if (answer.type === 'failed') throw new Error(`${answer.error.message} (${answer.error.code})`);
      traceStream('sw:data', answer.bytes.length);
      const n = answer.bytes.length;
      if (answer.offset !== reading || n === 0) throw new Error(`The engine answered ${n} bytes at ${answer.offset} for a read at ${reading}`);
      reading = answer.more ? reading + n : null;
      if (answer.offset === offset) return answer.bytes;
    }
  };
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (finished) return;
        try {
          links.watch();
          const bytes = await nextBytes();
          if (!bytes) return;
          const n = bytes.length;
          if (offset + n > end + 1) throw new Error(`The engine answered ${n} bytes at ${offset}, past the range's end ${end}`);
          offset += n;
          controller.enqueue(bytes);
          if (offset > end) {
            controller.close();
            finish();
          }
        } catch (e) {
          if (finished) return;
          finish();
          controller.error(e);
        }
      },
      cancel: finish,
    },
    { highWaterMark: QUEUE_BYTES, size: (chunk) => chunk.byteLength },
  );
  return { body, done };
}

/**
 * The body's first read, when the request tells it before the file's length is known (no Range, or one with a first
 * byte: every media and download request); the length is what the first pull will ask for.
 */
function firstRead(request: Request): { offset: number; length: number } | undefined {
  const header = request.headers.get('Range');
  if (header === null) return { offset: 0, length: READ_CHUNK_BYTES };
  if (request.headers.get('If-Range') !== null) return undefined;
  const m = /^\s*bytes\s*=\s*(\d{1,15})\s*-\s*(\d{0,15})\s*$/i.exec(header);
  if (!m) return undefined;
  const offset = Number(m[1]);
  const last = m[2] === '' ? Infinity : Number(m[2]);
  return last < offset ? undefined : { offset, length: Math.min(READ_CHUNK_BYTES, last - offset + 1) };
}

/** `attachment` (a download) or `inline`, with the file's safe name both as ASCII and as UTF-8 (RFC 6266, 8187). */
export function disposition(name: string, attachment: boolean): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `${attachment ? 'attachment' : 'inline'}; filename="${ascii}"; filename*=UTF-8''${encodeRfc8187(name)}`;
}

/** Percent-encodes all but RFC 8187's attr-chars (encodeURIComponent also leaves ' ( ) * alone, which it must not). */
function encodeRfc8187(s: string): string {
  return encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function text(status: number, message: string, extra: Record<string, string> = {}): Response {
  return new Response(message, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...extra },
  });
}

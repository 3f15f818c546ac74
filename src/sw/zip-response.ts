// Answers GET /zip/<infohash>/<name>.zip?f=... with one .zip of those files of the torrent (client-zip, stored, no
// compression), laid out by their sanitised paths. Each file is opened only when the archive reaches it and pulled
// from the engine a read at a time, so the download never holds a whole file: "Save all" where folders cannot be
// written.

import { makeZip } from 'client-zip';
import type { ZipTarget } from '../api/file-stream.ts';
import { byteStream, disposition, openFile, OPEN_TIMEOUT_MS, type LinkSource, type StreamAnswer } from './stream-response.ts';

export async function answerZip(request: Request, target: ZipTarget, name: string, links: LinkSource): Promise<StreamAnswer> {
  if (request.method !== 'GET') return { response: new Response('Only GET is supported.', { status: 405, headers: { Allow: 'GET' } }), done: Promise.resolve() };
  let markDone: () => void = () => {};
  const done = new Promise<void>((resolve) => (markDone = resolve));
  async function* entries() {
    try {
      for (const fileIndex of target.fileIndexes) {
        const found = await openFile({ infoHashHex: target.infoHashHex, fileIndex }, links, OPEN_TIMEOUT_MS);
        if ('status' in found) throw new Error(`File ${fileIndex}: ${found.message}`);
        const { link, id, length, safeName, safePath } = found;
        const path = (safePath ?? [safeName]).join('/');
        if (length === 0) {
          link.close(id);
          yield { name: path, input: new Uint8Array(0), lastModified: new Date() };
          continue;
        }
        const stream = byteStream(link, id, 0, length - 1, links);
        yield { name: path, input: stream.body, size: length, lastModified: new Date() };
        await stream.done;
      }
    } finally {
      markDone();
    }
  }
  const headers = new Headers({
    'Content-Type': 'application/zip',
    'Content-Disposition': disposition(name, true),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  return { response: new Response(makeZip(entries()), { status: 200, headers }), done };
}

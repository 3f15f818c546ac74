// The engine worker's side of file streaming: answers the service worker's range reads over stream ports (bytes as
// soon as their pieces verify, transferred, one read per stream at a time) and keeps each torrent's urgent pieces in
// step with where its readers are (engine/streaming).

import { EngineError } from '../../engine/errors.ts';
import type { TorrentFile } from '../../engine/metainfo/types.ts';
import type { Session } from '../../engine/session.ts';
import { mediaPrefetchPieces } from '../../engine/streaming/stream-priorities.ts';
import { StreamTracker } from '../../engine/streaming/stream-tracker.ts';
import type { Torrent } from '../../engine/torrent.ts';
import { MAX_READ_BYTES, isMedia, type FromStreamHost, type ToStreamHost } from '../file-stream.ts';
import type { ErrorInfo } from '../protocol.ts';
import { traceStream } from '../stream-trace.ts';

/** Ports kept at once (one per service worker instance the page handed one to); the oldest is closed first. */
export const MAX_STREAM_PORTS = 8;
/** Streams one port may hold open: a confused service worker cannot make us track unbounded readers. */
export const MAX_STREAMS_PER_PORT = 64;

export interface StreamHostDeps {
  /** The session once the engine is initialised (reads that arrive during start-up wait for it). */
  session(): Promise<Session>;
  /**
   * A stream opened on a file that is not being downloaded (deselected, the torrent waits for a file choice, or it
   * is paused or queued): playing it means wanting it now (and persisting that).
   */
  wantFile(t: Torrent, fileIndex: number): void;
}

interface OpenStream {
  readonly torrent: Torrent;
  readonly file: TorrentFile;
  readonly tracker: StreamTracker;
  readonly cursor: number;
}

interface PortState {
  readonly port: MessagePort;
  readonly streams: Map<number, OpenStream>;
}

/** An error with the HTTP status the service worker answers with, when it happens before the headers. */
class StreamFailure extends Error {
  constructor(
    readonly status: number,
    readonly info: ErrorInfo,
  ) {
    super(info.message);
  }
}

export class StreamHost {
  private readonly ports: PortState[] = [];
  private readonly trackers = new Map<Torrent, StreamTracker>();

  constructor(private readonly deps: StreamHostDeps) {}

  /** A port from the page whose other end went to the service worker. */
  attach(port: MessagePort): void {
    const state: PortState = { port, streams: new Map() };
    this.ports.push(state);
    while (this.ports.length > MAX_STREAM_PORTS) this.detach(this.ports[0]!);
    port.onmessage = (ev: MessageEvent) => void this.onMessage(state, ev.data as ToStreamHost);
  }

  /** Periodic (the host's tick): windows follow the download rate, idle readers release theirs. */
  tick(): void {
    for (const [t, tracker] of this.trackers) {
      if (tracker.size === 0) this.trackers.delete(t);
      else tracker.refresh();
    }
  }

  /**
   * A torrent's metadata is known (or its file choice changed): until someone streams it, fetch the head and tail of
   * its wanted media files first, so pressing play finds the container header and index already here.
   */
  prefetchMedia(t: Torrent): void {
    const meta = t.metainfo;
    const geometry = t.geometry;
    if (!meta || !geometry || t.complete || this.trackers.has(t)) return;
    const media = meta.files
      .filter((f, i) => !f.pad && f.length > 0 && (t.filePriorities[i] ?? 4) > 0 && isMedia(f.name))
      .map((f) => ({ start: f.offset, end: f.offset + f.length }));
    if (media.length > 0) t.setUrgent(mediaPrefetchPieces(geometry, media));
  }

  /** Open streams across all ports (tests and diagnostics). */
  get openStreams(): number {
    let n = 0;
    for (const p of this.ports) n += p.streams.size;
    return n;
  }

  private detach(state: PortState): void {
    state.port.onmessage = null;
    state.port.close();
    for (const id of [...state.streams.keys()]) this.close(state, id);
    this.ports.splice(this.ports.indexOf(state), 1);
  }

  private async onMessage(state: PortState, msg: ToStreamHost): Promise<void> {
    switch (msg?.type) {
      case 'open':
        return this.open(state, msg);
      case 'read':
        return this.read(state, msg);
      case 'close':
        return this.close(state, msg.id);
    }
  }

  private async open(state: PortState, { id, infoHashHex, fileIndex, read }: Extract<ToStreamHost, { type: 'open' }>): Promise<void> {
    traceStream('host:open', read?.offset ?? -1);
    try {
      const session = await this.deps.session();
      const t = session.get(String(infoHashHex));
      if (!t) throw new StreamFailure(404, { code: 'TORRENT_NOT_FOUND', message: 'No such torrent', details: { infoHash: String(infoHashHex) } });
      const meta = t.metainfo;
      if (!meta) throw new StreamFailure(503, { code: 'TORRENT_NOT_FOUND', message: 'The torrent has no metadata yet', details: { infoHash: t.infoHashHex } });
      const file = Number.isInteger(fileIndex) ? meta.files[fileIndex] : undefined;
      if (!file || file.pad) {
        throw new StreamFailure(404, { code: 'STORAGE_OUT_OF_RANGE', message: 'No such file in the torrent', details: { fileIndex, files: meta.files.length } });
      }
      if (state.streams.has(id)) throw new StreamFailure(400, { code: 'INTERNAL', message: 'Stream id in use', details: { id } });
      if (state.streams.size >= MAX_STREAMS_PER_PORT) {
        throw new StreamFailure(503, { code: 'INTERNAL', message: 'Too many open streams', details: { open: state.streams.size } });
      }
      const idle = t.status === 'paused' && !t.complete;
      if (idle || t.awaitingSelection || (t.filePriorities[fileIndex] ?? 4) === 0) this.deps.wantFile(t, fileIndex);
      const tracker = this.trackerFor(t);
      const cursor = tracker.open({ start: file.offset, length: file.length, media: isMedia(file.name) });
      state.streams.set(id, { torrent: t, file, tracker, cursor });
      this.post(state, { type: 'opened', id, length: file.length, safeName: file.safePath[file.safePath.length - 1] ?? '_', safePath: file.safePath });
    } catch (e) {
      this.fail(state, id, e);
      return;
    }
    if (read) await this.read(state, { type: 'read', id, offset: read.offset, length: read.length, ...(read.whole ? { whole: true } : {}) });
  }

  private async read(state: PortState, { id, offset, length, whole }: Extract<ToStreamHost, { type: 'read' }>): Promise<void> {
    const s = state.streams.get(id);
    try {
      if (!s) throw new StreamFailure(404, { code: 'INTERNAL', message: 'No such stream', details: { id } });
      const fileLength = s.file.length;
      if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length <= 0 || offset >= fileLength) {
        throw new StreamFailure(416, { code: 'STORAGE_OUT_OF_RANGE', message: 'Read outside the file', details: { offset, length, fileLength } });
      }
      // One read's bytes, answered in as many `data` messages as verification allows (`whole`), else in one.
      const stop = Math.min(fileLength, offset + Math.min(length, MAX_READ_BYTES));
      for (let at = offset; ; ) {
        const start = s.file.offset + at;
        traceStream('host:read', at);
        s.tracker.reading(s.cursor, start);
        traceStream('host:urgent');
        const bytes = await readVerified(s.torrent, start, stop - at);
        traceStream('host:bytes', bytes.length);
        if (state.streams.get(id) !== s) return; // closed while it waited: nobody wants these bytes
        const n = bytes.length; // before the post: transferring the buffer empties `bytes`
        s.tracker.delivered(s.cursor, n);
        const more = whole === true && at + n < stop;
        this.post(state, { type: 'data', id, offset: at, bytes, ...(more ? { more: true } : {}) }, [bytes.buffer as ArrayBuffer]);
        if (!more) return;
        at += n;
      }
    } catch (e) {
      if (s && state.streams.get(id) !== s) return;
      this.fail(state, id, e);
    }
  }

  private close(state: PortState, id: number): void {
    traceStream('host:close', id);
    const s = state.streams.get(id);
    if (!s) return;
    state.streams.delete(id);
    s.tracker.close(s.cursor);
  }

  private trackerFor(t: Torrent): StreamTracker {
    let tracker = this.trackers.get(t);
    if (!tracker) {
      tracker = new StreamTracker({
        geometry: t.geometry!,
        now: () => t.now(),
        downloadRate: () => t.downloadRate(),
        setUrgent: (pieces, jumped, deadline) => t.setUrgent(pieces, jumped, deadline),
        verified: (piece) => t.haveBitfield?.get(piece) === true,
      });
      this.trackers.set(t, tracker);
    }
    return tracker;
  }

  private post(state: PortState, message: FromStreamHost, transfer: Transferable[] = []): void {
    state.port.postMessage(message, transfer);
  }

  private fail(state: PortState, id: number, e: unknown): void {
    const { status, error } = failureOf(e);
    this.post(state, { type: 'failed', id, status, error });
  }
}

/**
 * Waits for the piece holding `start`, then reads the contiguous verified bytes from there, at most `max`: a player
 * gets what exists now instead of waiting for a whole chunk to arrive.
 */
async function readVerified(t: Torrent, start: number, max: number): Promise<Uint8Array> {
  const g = t.geometry;
  const have = t.haveBitfield;
  if (!g || !have) throw new EngineError('TORRENT_NOT_FOUND', 'The torrent has no metadata', {});
  const first = g.pieceAt(start);
  traceStream(t.haveBitfield?.get(first) ? 'host:have' : 'host:wait', first);
  await t.whenVerified(first);
  traceStream('host:verified', first);
  let end = g.pieceOffset(first) + g.pieceSize(first);
  for (let p = first + 1; end < start + max && p < g.pieceCount && have.get(p); p++) end += g.pieceSize(g.piece(p)!);
  const bytes = await t.read(start, Math.min(end, start + max) - start);
  // Transferring the buffer moves all of it: make sure it holds exactly these bytes.
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}

function failureOf(e: unknown): { status: number; error: ErrorInfo } {
  if (e instanceof StreamFailure) return { status: e.status, error: e.info };
  if (e instanceof EngineError) {
    const status = e.code === 'TORRENT_NOT_FOUND' ? 404 : e.code === 'TORRENT_PAUSED' ? 503 : e.code === 'STORAGE_OUT_OF_RANGE' ? 416 : 500;
    return { status, error: e.toJSON() };
  }
  return { status: 500, error: { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) } };
}

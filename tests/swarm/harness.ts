// In-memory swarms for engine tests: duplex pipes standing in for data channels, sessions on memory stores,
// helpers to seed generated content and wait (bounded) for completion.

import { createTorrent, type CreateFileInput } from '../../src/engine/metainfo/create.ts';
import type { Metainfo } from '../../src/engine/metainfo/types.ts';
import type { Clock, PeerChannel, PeerChannelEvents } from '../../src/engine/ports.ts';
import { Session, type SessionOptions } from '../../src/engine/session.ts';
import type { Torrent } from '../../src/engine/torrent.ts';
import { subtleHasher } from '../../src/platform/subtle-hasher.ts';
import { MemoryStoreFactory } from '../../src/storage/memory-store.ts';

export const realClock: Clock = { now: () => performance.now() };

/** One end of an in-memory, ordered, reliable byte pipe with a bufferedAmount and drain, like an RTCDataChannel. */
class PipeEnd implements PeerChannel {
  other!: PipeEnd;
  events: PeerChannelEvents | null = null;
  private readonly queue: Uint8Array[] = [];
  private queued = 0;
  private scheduled = false;
  closed = false;
  /** Bytes this end has sent (for tests that count traffic). */
  sentBytes = 0;

  /** Token bucket for a link rate (bytes/s); Infinity = as fast as the event loop turns. */
  private tokens = 0;
  private lastRefill = performance.now();

  constructor(
    private readonly lowWater: number,
    private readonly rate = Infinity,
  ) {}

  get bufferedAmount(): number {
    return this.queued;
  }

  open(events: PeerChannelEvents): void {
    this.events = events;
    if (this.queue.length > 0) this.schedule();
    this.other.schedule();
  }

  send(data: Uint8Array): void {
    if (this.closed) return;
    // A copy, as a real channel makes one: the sender may not reuse the buffer, but the receiver must own its bytes.
    this.queue.push(data.slice());
    this.queued += data.length;
    this.sentBytes += data.length;
    this.schedule();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    setImmediate(() => {
      this.other.closeFromRemote();
      this.events?.close('closed locally');
    });
  }

  private closeFromRemote(): void {
    if (this.closed) return;
    this.closed = true;
    this.events?.close('closed by remote');
  }

  schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.deliver());
  }

  private deliver(): void {
    this.scheduled = false;
    if (!this.other.events || this.closed) return;
    if (this.queue.length === 0) return;
    const wasAbove = this.queued > this.lowWater;
    // Deliver a bounded batch per turn so both directions and timers interleave as they would on a real link.
    let budget = 1 << 20;
    if (Number.isFinite(this.rate)) {
      const now = performance.now();
      // At most 50 ms of burst, like a link's buffer: an idle pipe does not bank unlimited credit.
      this.tokens = Math.min(this.rate * 0.05, this.tokens + ((now - this.lastRefill) / 1000) * this.rate);
      this.lastRefill = now;
      if (this.tokens <= 0) {
        this.scheduled = true;
        setTimeout(() => this.deliver(), Math.max(1, (-this.tokens / this.rate) * 1000));
        return;
      }
      budget = Math.min(budget, this.tokens);
    }
    while (this.queue.length > 0 && budget > 0 && !this.other.closed) {
      const chunk = this.queue.shift()!;
      this.queued -= chunk.length;
      budget -= chunk.length;
      this.tokens -= chunk.length;
      this.other.events.data(chunk);
    }
    if (wasAbove && this.queued <= this.lowWater) this.events?.drain();
    if (this.queue.length > 0) this.schedule();
  }
}

/** `rate` (bytes/s each way) makes it a link of that speed; Infinity (the default) moves bytes as fast as it can. */
export function pipe(lowWater = 256 * 1024, rate = Infinity): [PipeEnd, PipeEnd] {
  const a = new PipeEnd(lowWater, rate);
  const b = new PipeEnd(lowWater, rate);
  a.other = b;
  b.other = a;
  return [a, b];
}

export type Channel = PipeEnd;

export function newSession(options: Partial<SessionOptions> = {}): { session: Session; store: MemoryStoreFactory } {
  const store = new MemoryStoreFactory();
  const session = new Session({ hasher: subtleHasher, storeFactory: store, clock: realClock, ...options });
  return { session, store };
}

/** Deterministic pseudo-random content (xorshift) so failures reproduce. */
export function content(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed * 2654435761 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

export interface SeedFile {
  readonly path: string[];
  readonly data: Uint8Array;
}

export function fileInputs(files: readonly SeedFile[]): CreateFileInput[] {
  return files.map((f) => ({ path: f.path, length: f.data.length, read: async (o: number, l: number) => f.data.subarray(o, o + l) }));
}

/** Creates a torrent of `files` and adds it to `session` as a complete seed (pieces written as they are hashed). */
export async function seed(session: Session, store: MemoryStoreFactory, name: string, files: readonly SeedFile[], pieceLength?: number): Promise<{ meta: Metainfo; torrent: Torrent; torrentBytes: Uint8Array }> {
  const pieces: Uint8Array[] = [];
  const { metainfo, torrentBytes } = await createTorrent(
    { name, files: fileInputs(files), ...(pieceLength ? { pieceLength } : {}), singleFile: files.length === 1 && files[0]!.path.length === 1 && files[0]!.path[0] === name },
    subtleHasher,
    { onPiece: (i, bytes) => void (pieces[i] = bytes.slice()) },
  );
  const s = await store.open({ infoHashHex: metainfo.infoHashHex, pieceLength: metainfo.pieceLength, pieceCount: metainfo.pieceCount, length: metainfo.length, files: metainfo.files });
  for (let i = 0; i < pieces.length; i++) await s.writePiece(i, pieces[i]!);
  await s.close();
  const torrent = await session.addMetainfo(metainfo);
  return { meta: metainfo, torrent, torrentBytes };
}

/** Connects two sessions' copies of a torrent through a pipe. */
export function connect(a: Session, b: Session, infoHashHex: string, rate = Infinity): [Channel, Channel] {
  const [x, y] = pipe(256 * 1024, rate);
  a.attachPeer(infoHashHex, x, 'pipe', b.peerIdHex);
  b.attachPeer(infoHashHex, y, 'pipe', a.peerIdHex);
  return [x, y];
}

/** Ticks sessions until `done()` or the deadline; fails with `what` on timeout. Checks every picker on each tick. */
export async function until(sessions: readonly Session[], done: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    checkInvariants(sessions);
    if (done()) return;
    if (performance.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    for (const s of sessions) s.tick();
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** libtorrent's check_invariant for a swarm: every torrent's picker must agree with itself. */
export function checkInvariants(sessions: readonly Session[]): void {
  for (const s of sessions) {
    for (const t of s.torrents.values()) t.checkInvariants();
    s.lifecycle.checkInvariants();
  }
}

/** Reads every non-pad file of a torrent back out of its store. */
export async function readFiles(torrent: Torrent): Promise<Uint8Array[]> {
  const meta = torrent.metainfo!;
  const out: Uint8Array[] = [];
  for (const f of meta.files) if (!f.pad) out.push(await torrent.read(f.offset, f.length));
  return out;
}

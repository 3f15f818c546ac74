// An EngineHost on memory storage for tests, driven the way the window drives it, with its events recorded.

import { afterEach } from 'vitest';
import { EngineHost } from '../../../../src/api/worker/host.ts';
import type { Command, EngineEvent, EngineSettings, FromWorker, Replies, TorrentSnapshot } from '../../../../src/api/protocol.ts';
import type { PeerChannel, ResumeDb } from '../../../../src/engine/ports.ts';
import { subtleHasher } from '../../../../src/platform/subtle-hasher.ts';
import { MemoryResumeDb } from '../../../../src/storage/memory-resume-db.ts';
import { MemoryStoreFactory } from '../../../../src/storage/memory-store.ts';

export const PEER_ID = '2d5256303130302d' + '00'.repeat(12);
export const SETTINGS: EngineSettings = { storage: 'memory', maxPeersPerTorrent: 10, uploadSlots: 2 };

/** A host on memory storage, driven the way the window drives it, with its events recorded. */
export class Harness {
  readonly events: EngineEvent[] = [];
  private readonly replies = new Map<number, Extract<FromWorker, { kind: 'reply' }>>();
  private nextId = 1;
  readonly host: EngineHost;

  constructor(
    readonly db: ResumeDb = new MemoryResumeDb(),
    /** The host's one disk: a test may reach into it (to corrupt a stored piece). */
    readonly storage: MemoryStoreFactory = new MemoryStoreFactory(),
  ) {
    this.host = new EngineHost(
      (m) => {
        if (m.kind === 'event') this.events.push(m.event);
        else this.replies.set(m.id, m);
      },
      {
        hasher: subtleHasher,
        openStore: async () => this.storage,
        openResumeDb: async () => db,
        wrapChannel: () => ({}) as PeerChannel,
      },
    );
  }

  async call<T extends Command['type']>(command: Extract<Command, { type: T }>): Promise<Replies[T]> {
    const id = this.nextId++;
    await this.host.handle({ id, command });
    const reply = this.replies.get(id)!;
    // Every command leaves the lifecycle consistent (engine/STATE.md, "A torrent's lifecycle").
    this.host.checkInvariants();
    if (!reply.ok) throw Object.assign(new Error(reply.error.message), { code: reply.error.code, details: reply.error.details });
    return reply.value as Replies[T];
  }

  async failure(command: Command): Promise<{ code: string; details?: unknown }> {
    return this.call(command).then(
      () => ({ code: 'none' }),
      (e: { code: string; details?: unknown }) => ({ code: e.code, details: e.details }),
    );
  }

  latest(infoHashHex: string): TorrentSnapshot | undefined {
    for (let i = this.events.length - 1; i >= 0; i--) {
      const e = this.events[i]!;
      if (e.type === 'snapshot') return e.torrents.find((t) => t.infoHashHex === infoHashHex);
    }
    return undefined;
  }
}

const hosts: EngineHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.close()));
});

export async function started(db?: ResumeDb, settings: EngineSettings = SETTINGS, storage?: MemoryStoreFactory): Promise<Harness> {
  const h = new Harness(db, storage);
  hosts.push(h.host);
  await h.call({ type: 'init', peerIdHex: PEER_ID, settings });
  return h;
}

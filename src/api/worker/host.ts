// The engine worker's side of the API: routes commands to the session and its helpers, and sends events back
// (snapshots a few times a second, announce/unannounce for the network layer, completions, dropped peers).

import { EngineError } from '../../engine/errors.ts';
import { parseTorrent } from '../../engine/metainfo/metainfo.ts';
import { torrentFileFromInfo, torrentFileWithTrackers } from '../../engine/metainfo/torrent-file.ts';
import type { Hasher, PeerChannel, ResumeDb, StoreFactory } from '../../engine/ports.ts';
import { Session } from '../../engine/session.ts';
import { CLIENT_VERSION, type Torrent } from '../../engine/torrent.ts';
import { fromHex } from '../../engine/bytes.ts';
import type { Command, CommandOf, EngineEvent, EngineSettings, ErrorInfo, FromWorker, Replies, ToWorker } from '../protocol.ts';
import { torrentInfo, validLabels, validPriorities, validTrackers } from './edits.ts';
import { validDisplayName } from './rename.ts';
import { Persistence } from './persistence.ts';
import { DownloadQueue } from './queue.ts';
import { createSeed } from './seed-job.ts';
import { torrentDetail, torrentSnapshot } from './snapshot.ts';
import { StreamHost } from './stream-host.ts';

const TICK_MS = 250;
const SNAPSHOT_MS = 500;

export interface HostDeps {
  readonly hasher: Hasher;
  openStore(preference: EngineSettings['storage']): Promise<StoreFactory>;
  openResumeDb(): Promise<ResumeDb>;
  wrapChannel(channel: RTCDataChannel | MessagePort): PeerChannel;
}

type Post = (message: FromWorker, transfer?: Transferable[]) => void;
type Handler<T extends Command['type']> = (command: CommandOf<T>) => Promise<{ value: Replies[T]; transfer?: Transferable[] }>;

export class EngineHost {
  private session: Session | null = null;
  private persistence: Persistence | null = null;
  private storeFactory: StoreFactory | null = null;
  private readonly jobs = new Map<string, { aborted: boolean }>();
  private readonly queue = new DownloadQueue();
  private timers: ReturnType<typeof setInterval>[] = [];
  /** Commands that arrive while `init` is still restoring torrents wait for it rather than fail. */
  private initialised: Promise<void>;
  private markInitialised: () => void = () => {};
  /** Range reads for the service worker, over the ports the page hands us. */
  private readonly streams = new StreamHost({
    session: async () => {
      await this.initialised;
      return this.s;
    },
    wantFile: (t, fileIndex) => {
      // Playing a file of a torrent still waiting for a file choice is that choice: this file, the others not yet.
      if (t.awaitingSelection) t.confirmSelection(t.filePriorities.map((_, i) => (i === fileIndex ? 4 : 0)));
      else if ((t.filePriorities[fileIndex] ?? 4) === 0) t.setFilePriorities([fileIndex], 4);
      // Pressing Play is asking for it now: a paused or queued download starts.
      const start = t.status === 'paused' && !t.complete;
      if (start) this.queue.forceStart(t, this.p.extras);
      this.applyQueue();
      this.p.save(t);
      if (start && t.status !== 'paused') this.announce(t);
      this.snapshot();
    },
  });

  constructor(
    private readonly post: Post,
    private readonly deps: HostDeps,
  ) {
    this.initialised = new Promise((resolve) => (this.markInitialised = resolve));
  }

  async handle(message: ToWorker): Promise<void> {
    const { id, command } = message;
    try {
      if (command.type !== 'init') await this.initialised;
      const handler = this.handlers[command.type] as Handler<typeof command.type>;
      const { value, transfer } = await handler(command as never);
      this.post({ kind: 'reply', id, ok: true, value }, transfer);
    } catch (e) {
      this.post({ kind: 'reply', id, ok: false, error: errorInfo(e) });
    }
  }

  private emit(event: EngineEvent): void {
    this.post({ kind: 'event', event });
  }

  private get s(): Session {
    if (!this.session) throw new EngineError('STORAGE_UNAVAILABLE', 'The engine is not initialised yet');
    return this.session;
  }

  private get p(): Persistence {
    return this.persistence!;
  }

  private readonly handlers: { [T in Command['type']]: Handler<T> } = {
    init: async ({ peerIdHex, settings }) => {
      if (this.session) return { value: { restored: this.session.torrents.size } };
      const storeFactory = await this.deps.openStore(settings.storage);
      const persistence = new Persistence(await this.deps.openResumeDb());
      const session = new Session({
        peerId: fromHex(peerIdHex)!,
        hasher: this.deps.hasher,
        storeFactory,
        clock: { now: () => performance.now() },
        settings: { maxPeers: settings.maxPeersPerTorrent, uploadSlots: settings.uploadSlots },
        events: {
          metadata: (t) => {
            persistence.save(t);
            this.streams.prefetchMedia(t);
            // The UI shows the files (and the Play button) at once rather than at the next periodic snapshot.
            this.snapshot();
            // A magnet that now waits for a file choice (or turned out complete) frees its download slot.
            this.applyQueue();
          },
          completed: (t) => this.onCompleted(t),
          error: (t, e) => {
            persistence.save(t);
            this.emit({ type: 'error', infoHashHex: t.infoHashHex, error: e.toJSON() });
            this.applyQueue();
          },
        },
      });
      this.session = session;
      this.persistence = persistence;
      this.storeFactory = storeFactory;
      const restored = await persistence.restore(session, (infoHashHex, e) => this.emit({ type: 'error', infoHashHex, error: errorInfo(e) }));
      this.queue.maxActive = settings.maxActiveDownloads ?? 0;
      this.applyQueue();
      for (const t of restored) {
        this.streams.prefetchMedia(t);
        if (t.status !== 'paused') this.announce(t);
      }
      this.timers.push(setInterval(() => this.tick(), TICK_MS), setInterval(() => this.snapshot(), SNAPSHOT_MS));
      this.markInitialised();
      this.snapshot();
      return { value: { restored: restored.length } };
    },

    'add-magnet': async ({ uri, trackers, selectFirst }) => {
      const t = await this.s.addMagnet(uri, { ...(trackers ? { trackers } : {}), ...(selectFirst ? { selectFirst } : {}) });
      return { value: { infoHashHex: this.added(t, {}) } };
    },

    'add-torrent-file': async ({ bytes, trackers, filePriorities }) => {
      const meta = await parseTorrent(bytes, this.deps.hasher);
      const all = [...new Set([...meta.announce.flat(), ...(trackers ?? [])])];
      const priorities = filePriorities ? { filePriorities: validPriorities(meta, filePriorities, meta.infoHashHex) } : {};
      const t = await this.s.addMetainfo(meta, { trackers: all, ...priorities });
      this.streams.prefetchMedia(t);
      return { value: { infoHashHex: this.added(t, { torrentBytes: bytes }) } };
    },

    'parse-torrent': async ({ bytes }) => {
      const meta = await parseTorrent(bytes, this.deps.hasher);
      return { value: torrentInfo(meta, this.s.get(meta.infoHashHex) !== undefined) };
    },

    'select-files': async ({ infoHashHex, priorities }) => {
      const t = this.s.require(infoHashHex);
      const meta = t.metainfo;
      if (!meta) throw new EngineError('COMMAND_INVALID', 'The torrent has no metadata yet: its files are unknown', { infoHash: infoHashHex });
      t.confirmSelection(validPriorities(meta, priorities, t.infoHashHex));
      this.streams.prefetchMedia(t);
      this.applyQueue();
      this.p.save(t);
      this.snapshot();
      return { value: undefined };
    },

    'set-labels': async ({ infoHashHex, labels }) => {
      const t = this.s.require(infoHashHex);
      const value = validLabels(labels, t.infoHashHex);
      const x = this.p.extras.get(t.infoHashHex);
      if (x) x.labels = value;
      else this.p.extras.set(t.infoHashHex, { addedAt: Date.now(), labels: value });
      this.p.save(t);
      this.snapshot();
      return { value: { labels: value } };
    },

    rename: async ({ infoHashHex, name }) => {
      const t = this.s.require(infoHashHex);
      const displayName = validDisplayName(name, t.name, t.infoHashHex);
      const x = this.p.extras.get(t.infoHashHex) ?? { addedAt: Date.now(), labels: [] };
      if (displayName === undefined) delete x.displayName;
      else x.displayName = displayName;
      this.p.extras.set(t.infoHashHex, x);
      this.p.save(t);
      this.snapshot();
      return { value: { displayName: displayName ?? null } };
    },

    'set-trackers': async ({ infoHashHex, trackers }) => {
      const t = this.s.require(infoHashHex);
      t.trackers = validTrackers(trackers, t.infoHashHex);
      // An exported .torrent carries the list as edited (the file as added is kept otherwise, byte for byte).
      const x = this.p.extras.get(t.infoHashHex);
      if (x?.torrentBytes) x.torrentBytes = torrentFileWithTrackers(x.torrentBytes, t.trackers);
      this.p.save(t);
      // The network layer swaps the list of a torrent it announces; a paused one takes the new list on resume.
      if (t.status !== 'paused') this.announce(t);
      this.snapshot();
      return { value: { trackers: [...t.trackers] } };
    },

    seed: async ({ jobId, inputs, options }) => {
      const signal = { aborted: false };
      this.jobs.set(jobId, signal);
      let lastProgress = 0;
      try {
        const storeFactory = this.storeFactory!;
        const result = await createSeed(inputs, options, { hasher: this.deps.hasher, storeFactory, createdBy: CLIENT_VERSION }, (done, total) => {
          const now = performance.now();
          if (done === total || now - lastProgress > 100) {
            lastProgress = now;
            this.emit({ type: 'job-progress', jobId, done, total });
          }
        }, signal);
        const existing = this.s.get(result.meta.infoHashHex);
        if (existing) {
          // Sharing the same files twice: keep the torrent we have, drop the fresh copy.
          await storeFactory.remove(result.storageId);
          return { value: { infoHashHex: existing.infoHashHex, magnet: torrentSnapshot(existing, this.extrasOf(existing)).magnet } };
        }
        const t = await this.s.addMetainfo(result.meta, { storageId: result.storageId });
        this.added(t, { torrentBytes: result.torrentBytes, storageId: result.storageId });
        return { value: { infoHashHex: t.infoHashHex, magnet: torrentSnapshot(t, this.extrasOf(t)).magnet } };
      } finally {
        this.jobs.delete(jobId);
      }
    },

    'cancel-job': async ({ jobId }) => {
      const job = this.jobs.get(jobId);
      if (job) job.aborted = true;
      return { value: undefined };
    },

    pause: async ({ infoHashHex }) => {
      const t = this.s.require(infoHashHex);
      // A queued download the user pauses is theirs now: it stays paused when a slot frees up.
      const x = this.p.extras.get(t.infoHashHex);
      if (x) {
        x.queued = false;
        x.forced = false;
      }
      t.pause();
      this.applyQueue();
      this.p.save(t);
      this.emit({ type: 'unannounce', infoHashHex: t.infoHashHex });
      this.snapshot();
      return { value: undefined };
    },

    resume: async ({ infoHashHex }) => {
      const t = this.s.require(infoHashHex);
      // A queued download waits for its turn; anything else resumes, and the queue may then hold it back.
      if (!this.p.extras.get(t.infoHashHex)?.queued) t.resume();
      this.applyQueue();
      this.p.save(t);
      if (t.status !== 'paused') this.announce(t);
      this.snapshot();
      return { value: undefined };
    },

    remove: async ({ infoHashHex, deleteData }) => {
      const t = this.s.require(infoHashHex);
      this.emit({ type: 'unannounce', infoHashHex: t.infoHashHex });
      await this.s.remove(t.infoHashHex, deleteData);
      await this.p.forget(t.infoHashHex);
      this.applyQueue();
      this.snapshot();
      return { value: undefined };
    },

    'set-file-priority': async ({ infoHashHex, fileIndexes, priority }) => {
      const t = this.s.require(infoHashHex);
      t.setFilePriorities(fileIndexes, priority);
      this.applyQueue();
      this.p.save(t);
      this.snapshot();
      return { value: undefined };
    },

    detail: async ({ infoHashHex }) => {
      const detail = torrentDetail(this.s.require(infoHashHex));
      return { value: detail, transfer: [detail.pieces.buffer as ArrayBuffer] };
    },

    read: async ({ infoHashHex, fileIndex, offset, length }) => {
      const t = this.s.require(infoHashHex);
      const file = t.metainfo?.files[fileIndex];
      if (!file || file.pad || offset < 0 || length < 0 || offset + length > file.length) {
        throw new EngineError('STORAGE_OUT_OF_RANGE', 'Read outside the file', { fileIndex, offset, length, fileLength: file?.length ?? -1 });
      }
      const bytes = await t.read(file.offset + offset, length);
      return { value: bytes, transfer: [bytes.buffer as ArrayBuffer] };
    },

    'torrent-file': async ({ infoHashHex }) => {
      const t = this.s.require(infoHashHex);
      const saved = this.p.extras.get(t.infoHashHex)?.torrentBytes;
      const meta = t.metainfo;
      if (!saved && !meta) throw new EngineError('TORRENT_NOT_FOUND', 'The torrent has no metadata yet', { infoHash: infoHashHex });
      const bytes = saved ? saved.slice() : torrentFileFromInfo(meta!.infoBytes, t.trackers);
      return { value: bytes, transfer: [bytes.buffer as ArrayBuffer] };
    },

    'attach-peer': async ({ infoHashHex, channel, channelId, remotePeerIdHex }) => {
      const peerChannel = withCloseHook(this.deps.wrapChannel(channel), () => this.emit({ type: 'peer-closed', infoHashHex, channelId }));
      this.s.attachPeer(infoHashHex, peerChannel, 'webrtc', remotePeerIdHex ?? '');
      return { value: undefined };
    },

    'stream-port': async ({ port }) => {
      this.streams.attach(port);
      return { value: undefined };
    },

    'set-settings': async ({ settings }) => {
      this.s.settings.maxPeers = settings.maxPeersPerTorrent;
      this.s.settings.uploadSlots = settings.uploadSlots;
      this.queue.maxActive = settings.maxActiveDownloads ?? 0;
      this.applyQueue();
      this.snapshot();
      return { value: undefined };
    },
  };

  private added(t: Torrent, extras: { torrentBytes?: Uint8Array; storageId?: string }): string {
    this.p.extras.set(t.infoHashHex, { addedAt: Date.now(), labels: [], ...extras, ...(t.complete ? { completedAt: Date.now() } : {}) });
    this.applyQueue();
    this.p.save(t);
    if (t.status !== 'paused') this.announce(t);
    this.snapshot();
    return t.infoHashHex;
  }

  /** Applies the download queue's plan (queue.ts): queued torrents are paused in the engine and not announced. */
  private applyQueue(): void {
    if (!this.session) return;
    this.queue.apply(this.session.torrents.values(), {
      extras: this.p.extras,
      save: (t) => this.p.save(t),
      announce: (t) => this.announce(t),
      unannounce: (infoHashHex) => this.emit({ type: 'unannounce', infoHashHex }),
    });
  }

  private announce(t: Torrent): void {
    this.emit({ type: 'announce', infoHashHex: t.infoHashHex, trackers: t.trackers });
  }

  private onCompleted(t: Torrent): void {
    const x = this.p.extras.get(t.infoHashHex);
    if (x) x.completedAt = Date.now();
    this.applyQueue();
    this.p.save(t);
    this.emit({ type: 'completed', infoHashHex: t.infoHashHex, name: t.name });
  }

  private extrasOf(t: Torrent) {
    return this.p.extras.get(t.infoHashHex) ?? { addedAt: Date.now(), labels: [] };
  }

  private tick(): void {
    if (!this.session) return;
    this.session.tick();
    this.streams.tick();
    this.persistence?.saveCounters(this.session, performance.now());
  }

  private snapshot(): void {
    if (!this.session) return;
    const torrents = [...this.session.torrents.values()].map((t) => torrentSnapshot(t, this.extrasOf(t)));
    this.emit({ type: 'snapshot', torrents });
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    await this.persistence?.settled();
    await this.session?.close();
  }
}

/** Tells the network layer when the engine closes a channel, so it can close the RTCPeerConnection behind it. */
function withCloseHook(channel: PeerChannel, onClose: () => void): PeerChannel {
  let closed = false;
  return {
    send: (data) => channel.send(data),
    get bufferedAmount() {
      return channel.bufferedAmount;
    },
    open: (events) => channel.open(events),
    close: () => {
      channel.close();
      if (!closed) {
        closed = true;
        onClose();
      }
    },
  };
}

function errorInfo(e: unknown): ErrorInfo {
  if (e instanceof EngineError) return e.toJSON();
  if (e instanceof Error) return { code: e.name === 'AbortError' ? 'ABORTED' : 'INTERNAL', message: e.message };
  return { code: 'INTERNAL', message: String(e) };
}

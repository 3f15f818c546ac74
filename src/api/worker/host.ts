// The engine worker's side of the API: routes commands to the session and its helpers, and sends events back
// (snapshots a few times a second, announce/unannounce for the network layer, completions, dropped peers).

import { EngineError } from '../../engine/errors.ts';
import type { Hasher, PeerChannel, ResumeDb, StoreFactory } from '../../engine/ports.ts';
import { Session } from '../../engine/session.ts';
import type { Torrent } from '../../engine/torrent.ts';
import { fromHex } from '../../engine/bytes.ts';
import type { Command, EngineEvent, EngineSettings, FromWorker, ToWorker } from '../protocol.ts';
import { addMagnet, addTorrentFile, parseTorrentFile } from './add-commands.ts';
import { rename, setLabels, setTrackers, torrentFile } from './edit-commands.ts';
import { errorInfo } from './error-info.ts';
import { readFile, selectFiles, setFilePriority } from './file-commands.ts';
import type { Handler, HostContext } from './host-context.ts';
import { Persistence, type TorrentExtras } from './persistence.ts';
import { removeTorrent } from './remove-command.ts';
import { CheckJobs } from './checks.ts';
import { applyLifecycleSettings, forceStart, queueMove, setTorrentOptions } from './lifecycle-commands.ts';
import { cancelJob, seed } from './seed-command.ts';
import { setAltSpeed, setSettings, setTorrentLimits } from './settings-commands.ts';
import { torrentDetail } from './snapshot.ts';
import { SnapshotBuilder } from './snapshot-builder.ts';
import { trafficReport } from './traffic-report.ts';
import { StreamHost } from './stream-host.ts';
import { SpeedControl } from './speed-control.ts';
import { QuotaWatch } from './quota-watch.ts';
import { ParkedChannels } from './parked-channels.ts';
import { attachPeer, parkPeer } from './peer-commands.ts';
import { pause, recheck, resume } from './run-commands.ts';
import { onCheckDone, onCompleted } from './torrent-reactions.ts';

const TICK_MS = 250;
const SNAPSHOT_MS = 500;
/** How often rate-limited peers are woken to request and send again (engine/rate): keeps a limited link busy. */
const LIMIT_WAKE_MS = 50;

export interface HostDeps {
  readonly hasher: Hasher;
  openStore(preference: EngineSettings['storage']): Promise<StoreFactory>;
  openResumeDb(): Promise<ResumeDb>;
  wrapChannel(channel: RTCDataChannel | MessagePort): PeerChannel;
}

type Post = (message: FromWorker, transfer?: Transferable[]) => void;

export class EngineHost {
  private session: Session | null = null;
  private persistence: Persistence | null = null;
  private storeFactory: StoreFactory | null = null;
  private speed: SpeedControl | null = null;
  private readonly jobs = new Map<string, { aborted: boolean }>();
  /** Bring-your-own-data checks and force rechecks (checks.ts). */
  private readonly checks = new CheckJobs({
    hasher: { sha1: (d) => this.deps.hasher.sha1(d) },
    // The torrent enters 'checking' first (so the lifecycle sees it stopped, not paused), then the lifecycle.
    begin: (t) => {
      if (!t.beginCheck()) return false;
      this.s.lifecycle.beginCheck(t);
      return true;
    },
    end: (t) => {
      t.endCheck();
      if (this.s.get(t.infoHashHex) === t) this.s.lifecycle.endCheck(t);
    },
    done: (t, summary, e) => onCheckDone(this.context(), t, summary, e),
  });
  private snapshotQueued = false;
  /** Channels of offers made ahead of time, until a torrent takes them (parked-channels.ts). */
  private readonly parked = new ParkedChannels();
  /** Builds again only the snapshots of torrents that may have changed (snapshot-builder.ts). */
  private readonly snapshots = new SnapshotBuilder();
  /** Torrents stopped by a full storage resume by themselves once space is freed. */
  private readonly quota = new QuotaWatch(() => performance.now());
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
      // Pressing Play is asking for it now: a paused or queued download starts ahead of the queue.
      const state = this.s.lifecycle.state(t);
      if ((state === 'paused' || state === 'queued' || state === 'finished') && !t.complete) this.s.lifecycle.forceStart(t);
      else this.s.lifecycle.update();
      this.changed(t);
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
      if (command.type !== 'init' && command.type !== 'ping') await this.initialised;
      // A command about a torrent still opening its storage waits for it to join the lifecycle.
      if ('infoHashHex' in command && typeof command.infoHashHex === 'string') await this.s.whenAdded(command.infoHashHex);
      const handler = this.handlers[command.type] as Handler<typeof command.type>;
      const { value, transfer } = await handler(command as never);
      this.post({ kind: 'reply', id, ok: true, value }, transfer);
    } catch (e) {
      this.post({ kind: 'reply', id, ok: false, error: errorInfo(e) });
    }
  }

  /** The torrent with this info hash once it has joined the lifecycle (waiting for an add under way), if any. */
  private async joined(infoHashHex: string): Promise<Torrent | undefined> {
    await this.s.whenAdded(infoHashHex);
    return this.s.get(infoHashHex);
  }

  /** What the handlers in files of their own use (host-context.ts). */
  private context(): HostContext {
    return {
      session: this.s,
      persistence: this.p,
      hasher: this.deps.hasher,
      checks: this.checks,
      streams: this.streams,
      storeFactory: this.storeFactory!,
      speed: this.speed!,
      jobs: this.jobs,
      parked: this.parked,
      wrapChannel: (channel) => this.deps.wrapChannel(channel),
      emit: (event) => this.emit(event),
      extrasOf: (t) => this.extrasOf(t),
      changed: (t) => this.changed(t),
      snapshot: () => this.snapshot(),
      scheduleSnapshot: () => this.scheduleSnapshot(),
      announce: (t) => this.announce(t),
      joined: (infoHashHex) => this.joined(infoHashHex),
      added: (t, extras) => this.added(t, extras),
    };
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
      const db = await this.deps.openResumeDb();
      const session: Session = new Session({
        peerId: fromHex(peerIdHex)!,
        hasher: this.deps.hasher,
        storeFactory,
        clock: { now: () => performance.now() },
        settings: { maxPeers: settings.maxPeersPerTorrent, uploadSlots: settings.uploadSlots },
        events: {
          metadata: (t) => {
            this.checks.metadataArrived(t);
            this.streams.prefetchMedia(t);
            // The UI shows the files (and the Play button) at once rather than at the next periodic snapshot.
            this.changed(t);
          },
          completed: (t) => onCompleted(this.context(), t),
          error: (t, e) => {
            this.emit({ type: 'error', infoHashHex: t.infoHashHex, error: e.toJSON() });
            this.changed(t);
          },
        },
        // The lifecycle decides; the host persists and shows its changes and tells the network layer.
        lifecycle: {
          changed: (t) => this.changed(t),
          started: (t) => this.announce(t),
          stopped: (t) => this.emit({ type: 'unannounce', infoHashHex: t.infoHashHex }),
        },
      });
      const persistence = new Persistence(db, (t) => session.lifecycle.record(t), (t) => session.lifecycle.has(t));
      this.session = session;
      this.persistence = persistence;
      this.storeFactory = storeFactory;
      applyLifecycleSettings(session, settings);
      this.speed = new SpeedControl(session);
      try {
        this.speed.configure(settings);
      } catch (e) {
        console.warn('Speed limits in the saved settings are invalid; running unlimited', e);
      }
      const restored = await persistence.restore(session, (infoHashHex, e) => this.emit({ type: 'error', infoHashHex, error: errorInfo(e) }));
      for (const t of restored) this.streams.prefetchMedia(t);
      this.timers.push(
        setInterval(() => this.tick(), TICK_MS),
        setInterval(() => this.snapshot(false), SNAPSHOT_MS),
        setInterval(() => this.session?.serveLimited(), LIMIT_WAKE_MS),
      );
      this.markInitialised();
      this.snapshot();
      return { value: { restored: restored.length } };
    },

    'add-magnet': (c) => addMagnet(this.context(), c),
    'add-torrent-file': (c) => addTorrentFile(this.context(), c),
    'parse-torrent': (c) => parseTorrentFile(this.context(), c),

    'select-files': (c) => selectFiles(this.context(), c),

    recheck: (c) => recheck(this.context(), c),

    'set-labels': (c) => setLabels(this.context(), c),
    rename: (c) => rename(this.context(), c),
    'set-trackers': (c) => setTrackers(this.context(), c),

    seed: (c) => seed(this.context(), c),
    'cancel-job': (c) => cancelJob(this.context(), c),

    pause: (c) => pause(this.context(), c),
    resume: (c) => resume(this.context(), c),

    'force-start': async (command) => {
      forceStart(this.s, command);
      return { value: undefined };
    },

    'queue-move': async (command) => {
      queueMove(this.s, command);
      return { value: undefined };
    },

    'set-torrent-options': async (command) => {
      setTorrentOptions(this.s, command);
      this.changed(this.s.require(command.infoHashHex));
      return { value: undefined };
    },

    'traffic-history': async (command) => ({ value: trafficReport(this.s, command) }),

    remove: (c) => removeTorrent(this.context(), c),
    'set-file-priority': (c) => setFilePriority(this.context(), c),

    detail: async ({ infoHashHex }) => {
      const detail = torrentDetail(this.s.require(infoHashHex));
      return { value: detail, transfer: [detail.pieces.buffer as ArrayBuffer] };
    },

    read: (c) => readFile(this.context(), c),

    'torrent-file': (c) => torrentFile(this.context(), c),

    'park-peer': (c) => parkPeer(this.context(), c),
    'attach-peer': (c) => attachPeer(this.context(), c),

    'stream-port': async ({ port }) => {
      this.streams.attach(port);
      return { value: undefined };
    },

    ping: async () => ({ value: undefined }),

    persist: async () => {
      if (this.session) await this.p.saveAll(this.session.torrents.values());
      return { value: undefined };
    },

    shutdown: async () => {
      await this.close();
      return { value: undefined };
    },

    'set-torrent-limits': (c) => setTorrentLimits(this.context(), c),
    'set-alt-speed': (c) => setAltSpeed(this.context(), c),
    'set-settings': (c) => setSettings(this.context(), c),
  };

  private added(t: Torrent, extras: { torrentBytes?: Uint8Array; storageId?: string }): string {
    this.p.extras.set(t.infoHashHex, { addedAt: Date.now(), labels: [], ...extras, ...(t.complete ? { completedAt: Date.now() } : {}) });
    this.changed(t);
    return t.infoHashHex;
  }

  /** The one reaction to any change of a torrent: persist its record, and show it in the next snapshot (soon). */
  private changed(t: Torrent): void {
    if (this.session?.get(t.infoHashHex) !== t) return;
    this.p.save(t);
    this.snapshots.mark(t.infoHashHex);
    this.scheduleSnapshot();
  }

  /** One snapshot for every change made in this turn (before the command's reply goes out). */
  private scheduleSnapshot(): void {
    if (this.snapshotQueued) return;
    this.snapshotQueued = true;
    queueMicrotask(() => {
      this.snapshotQueued = false;
      this.snapshot(false);
    });
  }

  private announce(t: Torrent): void {
    this.emit({ type: 'announce', infoHashHex: t.infoHashHex, trackers: t.trackers });
  }

  private extrasOf(t: Torrent): TorrentExtras {
    return this.p.extras.get(t.infoHashHex) ?? { addedAt: Date.now(), labels: [] };
  }

  private tick(): void {
    if (!this.session) return;
    this.session.tick();
    this.streams.tick();
    if (this.speed?.tick()) this.snapshot(false);
    this.persistence?.saveCounters(this.session, performance.now());
    this.quota.tick(this.session);
  }

  /** `everything`: after a change that may touch every torrent; else only those that may have moved. */
  private snapshot(everything = true): void {
    if (!this.session) return;
    this.session.flushVerified(); // what this snapshot shows as verified survives a kill
    if (everything) this.snapshots.markAll();
    const started = performance.now();
    const torrents = this.snapshots.build({
      torrents: this.session.torrents.values(),
      lifecycle: this.session.lifecycle,
      extrasOf: (t) => this.extrasOf(t),
      checkProgress: (id) => this.checks.progress(id),
    });
    const speed = this.speed ? { speed: this.speed.status() } : {};
    this.emit({ type: 'snapshot', torrents, ...speed, builtMs: performance.now() - started });
  }

  /** Test hook: throws if the lifecycle disagrees with itself (engine/STATE.md). */
  checkInvariants(): void {
    this.session?.lifecycle.checkInvariants();
  }

  /** Saves every record, then closes every torrent (its channels and files). The host is done afterwards. */
  async close(): Promise<void> {
    this.parked.clear();
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    const session = this.session;
    if (session) await this.persistence?.saveAll(session.torrents.values());
    await this.persistence?.settled();
    await session?.close();
  }
}

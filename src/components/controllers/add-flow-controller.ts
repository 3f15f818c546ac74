// The "choose files before downloading" flow for a Lit host: .torrent files and URLs are read (parse-torrent) and,
// when they hold more than one file, queued for the choose-files dialog before being added with priorities;
// magnets the engine holds (awaitingSelection) are queued too, and confirmed with select-files or removed.

import type { ReactiveControllerHost } from 'lit';
import { msg, str } from '@lit/localize';
import type { EngineClient } from '../../api/client.ts';
import type { FilePriority, SeedInput } from '../../api/protocol.ts';
import { addTorrentBytes, checkExistingFiles, getDetail, parseTorrentBytes, readTorrentFile, removeTorrent, selectFiles } from '../actions.ts';
import type { NotifyDetail } from '../events.ts';
import { errorText, torrentUrlErrorText } from '../labels.ts';
import type { SelectRequest } from '../selection.ts';
import { fetchTorrentBytes, nameFromUrl } from '../torrent-url.ts';
import { EngineEventController } from './engine-event-controller.ts';

export interface AddFlowDeps {
  client(): EngineClient | undefined;
  trackers(): readonly string[];
  notify(detail: NotifyDetail): void;
}

export class AddFlowController {
  /** Requests waiting for the dialog, first shown first. */
  private queue: SelectRequest[] = [];
  /** .torrent bytes of queued 'torrent' requests, added when confirmed. */
  private readonly bytes = new Map<string, Uint8Array>();
  /** Held torrents already offered once: the row's "Choose…" button offers them again, snapshots do not. */
  private readonly offered = new Set<string>();
  private nextKey = 1;
  private readonly snapshots: EngineEventController<'snapshot'>;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: AddFlowDeps,
  ) {
    this.snapshots = new EngineEventController(host, () => deps.client(), 'snapshot', (e) => {
      for (const t of e.torrents) if (t.awaitingSelection && !this.offered.has(t.infoHashHex)) void this.chooseFor(t.infoHashHex, t.name);
      // A held torrent that left the list (removed elsewhere) no longer needs its dialog.
      const live = new Set(e.torrents.filter((t) => t.awaitingSelection).map((t) => t.infoHashHex));
      const before = this.queue.length;
      this.queue = this.queue.filter((r) => r.kind !== 'held' || live.has(r.infoHashHex));
      if (this.queue.length !== before) host.requestUpdate();
      return false; // the host is updated above, and by enqueue(), when the dialog's request changes
    });
  }

  /** The request the dialog shows, or null. */
  get current(): SelectRequest | null {
    return this.queue[0] ?? null;
  }

  async addTorrentFiles(files: readonly File[]): Promise<void> {
    for (const file of files) {
      try {
        await this.addTorrentBytes(await readTorrentFile(file));
      } catch (e) {
        this.deps.notify({ kind: 'error', text: msg(str`Could not open ${file.name}: ${errorText(e)}`) });
      }
    }
  }

  async addTorrentUrl(url: string): Promise<void> {
    let bytes: Uint8Array;
    try {
      bytes = await fetchTorrentBytes(url);
    } catch (e) {
      this.deps.notify({ kind: 'error', text: torrentUrlErrorText(e) });
      return;
    }
    try {
      await this.addTorrentBytes(bytes);
    } catch (e) {
      this.deps.notify({ kind: 'error', text: msg(str`Could not open ${nameFromUrl(url)}: ${errorText(e)}`) });
    }
  }

  /** Reads a .torrent; one file goes straight in, several wait for the user's choice. Throws what the engine says. */
  async addTorrentBytes(bytes: Uint8Array): Promise<void> {
    const client = this.deps.client();
    if (!client) throw new Error(msg('The engine is not ready yet. Try again in a moment.'));
    const info = await parseTorrentBytes(client, bytes);
    if (info.exists) {
      this.deps.notify({ kind: 'info', text: msg(str`${info.name} is already in the list.`) });
      return;
    }
    if (info.files.length <= 1) {
      await addTorrentBytes(client, bytes, this.deps.trackers());
      return;
    }
    if (this.queue.some((r) => r.infoHashHex === info.infoHashHex)) return;
    const key = `t${this.nextKey++}`;
    this.bytes.set(key, bytes);
    this.enqueue({ key, kind: 'torrent', infoHashHex: info.infoHashHex, name: info.name, files: info.files, ...(info.comment ? { comment: info.comment } : {}) });
  }

  /** Offers the choice for a torrent the engine holds (also from the row's "Choose…" button). */
  async chooseFor(infoHashHex: string, name?: string): Promise<void> {
    const client = this.deps.client();
    this.offered.add(infoHashHex);
    if (!client || this.queue.some((r) => r.infoHashHex === infoHashHex)) return;
    try {
      const detail = await getDetail(client, infoHashHex);
      const label = name ?? client.snapshot?.torrents.find((t) => t.infoHashHex === infoHashHex)?.name ?? infoHashHex;
      const files = detail.files.map((f) => ({ index: f.index, name: f.name, length: f.length, priority: f.priority }));
      if (this.queue.some((r) => r.infoHashHex === infoHashHex)) return;
      this.enqueue({ key: `h${this.nextKey++}`, kind: 'held', infoHashHex, name: label, files });
    } catch (e) {
      this.deps.notify({ kind: 'error', text: errorText(e) });
    }
  }

  /** `existing`: the files the user already has, checked into the torrent before the rest is downloaded. */
  async confirm(key: string, priorities: readonly FilePriority[], existing: readonly SeedInput[] = []): Promise<void> {
    const r = this.take(key);
    const client = this.deps.client();
    if (!r || !client) return;
    try {
      if (r.kind === 'held') {
        await selectFiles(client, r.infoHashHex, priorities);
        const magnet = client.snapshot?.torrents.find((t) => t.infoHashHex === r.infoHashHex)?.magnet;
        if (existing.length > 0 && magnet) await checkExistingFiles(client, magnet, existing);
      } else {
        await addTorrentBytes(client, this.bytes.get(key)!, this.deps.trackers(), priorities, existing);
      }
    } catch (e) {
      this.deps.notify({ kind: 'error', text: msg(str`Could not start ${r.name}: ${errorText(e)}`) });
    } finally {
      this.bytes.delete(key);
    }
  }

  /**
   * A .torrent is simply not added. A held magnet is removed with what it stored (only metadata so far) when
   * `remove`, else it stays held for later (its row offers the choice again).
   */
  async cancel(key: string, remove: boolean): Promise<void> {
    const r = this.take(key);
    this.bytes.delete(key);
    const client = this.deps.client();
    if (!r || r.kind !== 'held' || !remove || !client) return;
    try {
      await removeTorrent(client, r.infoHashHex, true);
    } catch (e) {
      this.deps.notify({ kind: 'error', text: errorText(e) });
    }
  }

  private enqueue(r: SelectRequest): void {
    this.queue = [...this.queue, r];
    this.host.requestUpdate();
  }

  private take(key: string): SelectRequest | undefined {
    const r = this.queue.find((x) => x.key === key);
    this.queue = this.queue.filter((x) => x.key !== key);
    this.host.requestUpdate();
    return r;
  }
}

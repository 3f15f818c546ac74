// <rv-app>: the root element: header, add bar, share jobs, the torrent table with its detail panel, the choose-files
// and create-torrent dialogs, toasts, and window-wide file drops.

import { LitElement, html, nothing } from 'lit';
import { styleProps } from './style-props.ts';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { msg, str } from '@lit/localize';
import type { EngineClient } from '../api/client.ts';
import type { SeedInput } from '../api/protocol.ts';
import { addMagnet, removeTorrent, removeTorrents, seedFiles } from './actions.ts';
import { DetailDock } from './detail-dock.ts';
import { ListView } from './list-view.ts';
import { AddFlowController } from './controllers/add-flow-controller.ts';
import { CompletionNotifier } from './controllers/completion-notifier.ts';
import { ProgressBadgeController } from './controllers/progress-badge-controller.ts';
import { EngineEventController } from './controllers/engine-event-controller.ts';
import { LocationMagnetController } from './controllers/location-magnet-controller.ts';
import { SnapshotController } from './controllers/snapshot-controller.ts';
import { SpeedHistoryController } from './controllers/speed-history-controller.ts';
import { appSeesChange } from './snapshot-gates.ts';
import { WindowDropController } from './controllers/window-drop-controller.ts';
import { inputsFromDataTransfer, sortDropped } from './drop-files.ts';
import { on, type DetailTab, type NotifyDetail } from './events.ts';
import type { RvCreateDialog } from './rv-create-dialog.ts';
import type { SelectCancelDetail, SelectConfirmDetail } from './rv-select-dialog.ts';
import { allLabels } from './torrent-table.ts';
import { describeInputs, errorText } from './labels.ts';
import type { AppServices } from './services.ts';
import type { ShareJob } from './share-job.ts';
import { icons } from './icons.ts';
import { torrentErrorText } from './torrent-error.ts';
import { displayText } from './untrusted-text.ts';
import { appStyles } from './rv-app.styles.ts';
import { base, tokens } from './styles.ts';
import './rv-add-bar.ts';
import './rv-create-dialog.ts';
import './rv-detail-panel.ts';
import './rv-select-dialog.ts';
import './rv-settings-dialog.ts';
import './rv-share-card.ts';
import './rv-speed-control.ts';
import './rv-torrent-list.ts';
import './rv-sidebar.ts';
import './rv-status-bar.ts';

/** Enough toasts to see a burst of errors; older ones go first so the screen never fills up. */
const MAX_TOASTS = 4;
const INFO_TOAST_MS = 4000;
const ERROR_TOAST_MS = 12_000;
/** Long enough to copy the link or scan the code; hovering or focusing the toast holds it. */
const SHARE_TOAST_MS = 20_000;

interface Toast extends NotifyDetail {
  readonly id: number;
}

@customElement('rv-app')
export class RvApp extends LitElement {
  static override styles = [tokens, base, appStyles];

  @property({ attribute: false }) client?: EngineClient;
  @property({ attribute: false }) services?: AppServices;
  @state() private jobs: readonly ShareJob[] = [];
  /** The share toast: the newest finished share (or one asked for from a row), replacing any before it. */
  @state() private shareToast: ShareJob | null = null;
  private shareTimer: ReturnType<typeof setTimeout> | undefined;
  @state() private toasts: readonly Toast[] = [];
  /** The torrent in the detail panel, and its tab. */
  @state() private selected: string | null = null;
  @state() private tab: DetailTab = 'files';
  @state() private createOpen = false;
  @state() private settingsOpen = false;
  /** Phone: the filters menu is unfolded. */
  @state() private filtersOpen = false;
  /** Filters, sort, columns and selection, shared by the sidebar, the list and the status bar. */
  private readonly view = new ListView();
  private readonly dock = new DetailDock(this);
  private nextId = 1;
  private readonly aborts = new Map<number, AbortController>();
  private readonly toastTimers = new Set<ReturnType<typeof setTimeout>>();
  /** A share-link magnet seen before the client was set. */
  private pendingMagnet: string | null = null;

  private readonly drop = new WindowDropController(this, (dt) => void this.onDrop(dt));
  private readonly snapshots = new SnapshotController(this, () => this.client, (a, b) => appSeesChange(a, b, this.selected, this.settingsOpen));
  private readonly speeds = new SpeedHistoryController(this, () => this.client, () => this.selected !== null);
  private readonly addFlow = new AddFlowController(this, {
    client: () => this.client,
    trackers: () => this.trackers,
    notify: (d) => this.notify(d),
  });
  private readonly engineErrors = new EngineEventController(this, () => this.client, 'error', (e) => {
    const torrent = e.infoHashHex ? this.client?.snapshot?.torrents.find((t) => t.infoHashHex === e.infoHashHex) : undefined;
    const text = torrentErrorText(e.error);
    this.notify({ kind: 'error', text: torrent ? `${torrent.name || torrent.infoHashHex}: ${text}` : text });
  });
  private readonly completions = new EngineEventController(this, () => this.client, 'completed', (e) =>
    this.notify({ kind: 'info', text: msg(str`Finished downloading ${e.name}.`) }),
  );
  private readonly notifier = new CompletionNotifier(this, () => this.client, () => this.services?.preferences);
  private readonly progressBadge = new ProgressBadgeController(this, () => this.client);
  private readonly locationMagnet = new LocationMagnetController(this, (uri) => {
    if (this.client) void this.addMagnetUri(uri);
    else this.pendingMagnet = uri;
  });

  override willUpdate(): void {
    // The selected torrent was removed: close its panel.
    if (this.selected && this.snapshots.received && !this.snapshots.find(this.selected)) this.selected = null;
  }

  override updated(): void {
    if (this.client && this.pendingMagnet) {
      const uri = this.pendingMagnet;
      this.pendingMagnet = null;
      void this.addMagnetUri(uri);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const t of this.toastTimers) clearTimeout(t);
    clearTimeout(this.shareTimer);
    this.toastTimers.clear();
  }

  override render() {
    const selected = this.selected ? this.snapshots.find(this.selected) : undefined;
    return html`
      <div class="page ${selected ? 'detail-open' : ''} ${this.dock.classes}" style=${styleProps(this.dock.style)}
        @rv-add-magnet=${on<'rv-add-magnet'>((d) => void this.addMagnetUri(d.uri, d.selectFirst === true))}
        @rv-add-torrent-url=${on<'rv-add-torrent-url'>((d) => void this.addFlow.addTorrentUrl(d.url))}
        @rv-seed-files=${on<'rv-seed-files'>((d) => void this.seed(d.inputs))}
        @rv-add-torrent-files=${on<'rv-add-torrent-files'>((d) => void this.addFlow.addTorrentFiles(d.files))}
        @rv-remove-torrent=${on<'rv-remove-torrent'>((d) => void this.removeTorrent(d.infoHashHex, d.name, d.deleteData))}
        @rv-cancel-job=${on<'rv-cancel-job'>((d) => this.dismissJob(d.id))}
        @rv-show-share=${on<'rv-show-share'>((d) => this.showShare(d.infoHashHex))}
        @rv-remove-torrents=${on<'rv-remove-torrents'>((d) => void this.removeMany(d.infoHashHexes, d.deleteData))}
        @rv-select-torrent=${on<'rv-select-torrent'>((d) => this.select(d.infoHashHex, d.tab))}
        @rv-choose-files=${on<'rv-choose-files'>((d) => void this.addFlow.chooseFor(d.infoHashHex))}
        @rv-open-create=${() => (this.createOpen = true)}
        @rv-notify=${on<'rv-notify'>((d) => this.notify(d))}>
        <header class="top hide-narrow">
          <h1 class="brand"><span class="logo">${icons.drop}</span>${msg('Rivulet')}</h1>
          <p class="tagline muted">${msg('Share and download files, browser to browser.')}</p>
          <button class="btn filters-btn" type="button" data-testid="filters-toggle" aria-expanded=${this.filtersOpen ? 'true' : 'false'}
            aria-controls="sidebar" @click=${() => (this.filtersOpen = !this.filtersOpen)}>${msg('Filters')}</button>
          <button class="btn settings-btn" type="button" data-testid="settings-open" aria-haspopup="dialog"
            @click=${() => (this.settingsOpen = true)}>${icons.settings}${msg('Settings')}</button>
        </header>
        <main>
          <rv-add-bar class="panel hide-narrow"></rv-add-bar>
          <div class="workspace">
            <aside id="sidebar" class="side hide-narrow ${this.filtersOpen ? 'open' : ''}" aria-label=${msg('Filters')}>
              <rv-sidebar .client=${this.client} .view=${this.view}></rv-sidebar>
            </aside>
            <rv-torrent-list class="hide-narrow" .client=${this.client} .services=${this.services} .view=${this.view} .selected=${this.selected} .jobs=${this.jobs}></rv-torrent-list>
            ${selected ? this.dock.renderBar(selected.name || selected.infoHashHex) : nothing}
            ${selected
              ? html`<rv-detail-panel .client=${this.client} .services=${this.services} .torrent=${selected} .tab=${this.tab}
                  .history=${this.speeds.history} .historyVersion=${this.speeds.version}
                  .knownLabels=${allLabels(this.snapshots.torrents)}></rv-detail-panel>`
              : nothing}
          </div>
        </main>
        <rv-status-bar class="hide-narrow" .client=${this.client} .services=${this.services}></rv-status-bar>
        <rv-select-dialog .request=${this.addFlow.current}
          @confirm=${(e: CustomEvent<SelectConfirmDetail>) => void this.addFlow.confirm(e.detail.key, e.detail.priorities, e.detail.existing)}
          @cancel=${(e: CustomEvent<SelectCancelDetail>) => void this.addFlow.cancel(e.detail.key, e.detail.remove)}></rv-select-dialog>
        <rv-create-dialog .client=${this.client} .open=${this.createOpen} .defaultTrackers=${this.trackers}
          @close=${() => (this.createOpen = false)}></rv-create-dialog>
        <rv-settings-dialog .services=${this.services} .open=${this.settingsOpen}
          .torrentBytes=${this.snapshots.torrents.reduce((n, t) => n + t.verified, 0)}
          @close=${() => (this.settingsOpen = false)}></rv-settings-dialog>
      </div>
      ${this.drop.dragging
        ? html`<div class="overlay" data-testid="drop-overlay" aria-hidden="true">
            <div class="overlay-box">${icons.upload}
              <strong>${this.createOpen ? msg('Drop to add to the new torrent') : msg('Drop to share')}</strong>
              ${this.createOpen ? nothing : html`<span>${msg('.torrent files are opened as downloads')}</span>`}
            </div>
          </div>`
        : nothing}
      <div class="toasts">
        ${this.shareToast
          ? html`<rv-share-card class="share-toast" .job=${this.shareToast} .shareUrl=${this.shareUrl}
              @mouseenter=${this.holdShare} @focusin=${this.holdShare} @mouseleave=${this.releaseShare} @focusout=${this.releaseShare}
              @dismiss=${this.closeShare}></rv-share-card>`
          : nothing}
        ${repeat(this.toasts, (t) => t.id, (t) => html`<div class="toast ${t.kind}" data-testid="toast"
          data-kind=${t.kind} role=${t.kind === 'error' ? 'alert' : 'status'}>
          <span class="toast-text">${t.text}</span>
          <button class="btn icon" type="button" aria-label=${msg('Dismiss')} title=${msg('Dismiss')}
            @click=${() => this.dismissToast(t.id)}>${icons.close}</button>
        </div>`)}
      </div>
    `;
  }

  /** .torrent files opened from outside the page (the OS through the launch queue): the same flow as a drop. */
  openTorrentFiles(files: readonly File[]): Promise<void> {
    return this.addFlow.addTorrentFiles(files);
  }

  /** Files shared from another app (share target): seeded like files dropped here. Resolves once they are. */
  shareFiles(inputs: readonly SeedInput[]): Promise<void> {
    return this.seed(inputs);
  }

  /** A magnet link from outside the page (a launch of the installed app): starts at once, like a share link. */
  openMagnet(uri: string): Promise<void> {
    return this.addMagnetUri(uri);
  }

  private select(infoHashHex: string | null, tab?: DetailTab): void {
    const opening = infoHashHex !== null && this.selected === null;
    this.selected = infoHashHex;
    if (tab) this.tab = tab;
    // On a phone the panel replaces the page: start it at the top.
    if (opening && window.matchMedia('(max-width: 899.98px)').matches) window.scrollTo(0, 0);
  }

  private readonly shareUrl = (magnet: string): string => this.services?.shareUrl(magnet) ?? magnet;

  private get trackers(): readonly string[] {
    return this.services?.settings.trackers ?? [];
  }

  private requireClient(): EngineClient | null {
    if (!this.client) this.notify({ kind: 'error', text: msg('The engine is not ready yet. Try again in a moment.') });
    return this.client ?? null;
  }

  /** `selectFirst` for typed and pasted magnets; a share link (the sender already chose) starts at once. */
  private async addMagnetUri(uri: string, selectFirst = false): Promise<void> {
    const client = this.requireClient();
    if (!client) return;
    try {
      await addMagnet(client, uri, this.trackers, selectFirst);
    } catch (e) {
      this.notify({ kind: 'error', text: errorText(e) });
    }
  }

  private async onDrop(dt: DataTransfer): Promise<void> {
    let inputs: SeedInput[];
    try {
      inputs = await inputsFromDataTransfer(dt);
    } catch (e) {
      this.notify({ kind: 'error', text: errorText(e) });
      return;
    }
    // With "Create a torrent" open, everything dropped is content for it.
    if (this.createOpen) {
      this.renderRoot.querySelector<RvCreateDialog>('rv-create-dialog')?.addInputs(inputs);
      return;
    }
    const { torrentFiles, seed } = sortDropped(inputs);
    if (torrentFiles.length > 0) void this.addFlow.addTorrentFiles(torrentFiles);
    if (seed.length > 0) void this.seed(seed);
  }

  private async seed(inputs: readonly SeedInput[]): Promise<void> {
    const client = this.requireClient();
    if (!client || inputs.length === 0) return;
    const id = this.nextId++;
    const abort = new AbortController();
    this.aborts.set(id, abort);
    const bytes = inputs.reduce((sum, i) => sum + i.file.size, 0);
    this.jobs = [{ id, label: describeInputs(inputs), bytes, status: 'hashing', done: 0, total: 0 }, ...this.jobs];
    const options = this.trackers.length > 0 ? { trackers: this.trackers } : {};
    try {
      const reply = await seedFiles(client, inputs, options, (done, total) => this.patchJob(id, { done, total }), abort.signal);
      // The torrent is a row of the list now; the link goes to the share toast.
      const job = this.jobs.find((j) => j.id === id);
      this.jobs = this.jobs.filter((j) => j.id !== id);
      if (job) this.openShare({ ...job, status: 'ready', done: job.total, magnet: reply.magnet, infoHashHex: reply.infoHashHex });
      if (reply.existing) this.notify({ kind: 'info', text: msg('These files are shared already: the torrent in the list is used.') });
    } catch (e) {
      const job = this.jobs.find((j) => j.id === id);
      this.jobs = this.jobs.filter((j) => j.id !== id);
      if (!abort.signal.aborted) this.notify({ kind: 'error', text: job ? `${displayText(job.label)}: ${errorText(e)}` : errorText(e) });
    } finally {
      this.aborts.delete(id);
    }
  }

  private patchJob(id: number, patch: Partial<ShareJob>): void {
    this.jobs = this.jobs.map((j) => (j.id === id ? { ...j, ...patch } : j));
  }

  private openShare(job: ShareJob): void {
    this.shareToast = job;
    this.releaseShare();
  }

  private showShare(infoHashHex: string): void {
    const t = this.snapshots.find(infoHashHex);
    if (!t) return;
    const id = this.nextId++;
    this.openShare({ id, label: t.name || t.infoHashHex, bytes: t.length, status: 'ready', done: 1, total: 1, magnet: t.magnet, infoHashHex });
  }

  private readonly holdShare = (): void => clearTimeout(this.shareTimer);

  private readonly releaseShare = (e?: Event): void => {
    // Focus moving inside the toast is not leaving it.
    if (e instanceof FocusEvent && e.relatedTarget instanceof Node && (e.currentTarget as Node).contains(e.relatedTarget)) return;
    clearTimeout(this.shareTimer);
    this.shareTimer = setTimeout(this.closeShare, SHARE_TOAST_MS);
  };

  private readonly closeShare = (): void => {
    clearTimeout(this.shareTimer);
    this.shareToast = null;
  };

  /** Cancelling a share that is still hashing stops the job. */
  private dismissJob(id: number): void {
    this.aborts.get(id)?.abort();
    this.jobs = this.jobs.filter((j) => j.id !== id);
  }

  private async removeTorrent(infoHashHex: string, name: string, deleteData: boolean): Promise<void> {
    const client = this.requireClient();
    if (!client) return;
    try {
      await removeTorrent(client, infoHashHex, deleteData);
      this.notify({
        kind: 'info',
        text: deleteData ? msg(str`Removed ${name}.`) : msg(str`Removed ${name}. Its data stays in this browser: add the torrent or magnet link again to use it.`),
      });
    } catch (e) {
      this.notify({ kind: 'error', text: errorText(e) });
    }
  }

  private async removeMany(hashes: readonly string[], deleteData: boolean): Promise<void> {
    const client = this.requireClient();
    if (!client) return;
    if (hashes.length === 1) {
      const t = this.snapshots.find(hashes[0]!);
      return this.removeTorrent(hashes[0]!, t?.name || hashes[0]!, deleteData);
    }
    try {
      await removeTorrents(client, hashes, deleteData);
      this.notify({ kind: 'info', text: msg(str`Removed ${hashes.length} torrents.`) });
    } catch (e) {
      this.notify({ kind: 'error', text: errorText(e) });
    }
  }

  private notify(detail: NotifyDetail): void {
    const id = this.nextId++;
    // The same message again (every in-flight piece of a torrent failing alike) replaces the one shown.
    const others = this.toasts.filter((t) => t.kind !== detail.kind || t.text !== detail.text);
    this.toasts = [...others, { id, ...detail }].slice(-MAX_TOASTS);
    const timer = setTimeout(() => {
      this.toastTimers.delete(timer);
      this.dismissToast(id);
    }, detail.kind === 'error' ? ERROR_TOAST_MS : INFO_TOAST_MS);
    this.toastTimers.add(timer);
  }

  private dismissToast(id: number): void {
    this.toasts = this.toasts.filter((t) => t.id !== id);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rv-app': RvApp;
  }
}

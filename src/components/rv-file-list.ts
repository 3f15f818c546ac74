// <rv-file-list>: a torrent's files (from the `detail` command) as a folder tree: folders collapse, ticking or
// prioritising a folder applies to all its files, folder sizes and progress add up (file-tree.ts); per file Play/View
// (an in-place player reading through the service worker while the file downloads) and Save (a download through it).

import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { styleProps } from './style-props.ts';
import { customElement, property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import { msg, str } from '@lit/localize';
import type { EngineClient } from '../api/client.ts';
import type { FilePriority, FileSnapshot } from '../api/protocol.ts';
import { streamPath, viewerKindFor } from '../api/file-stream.ts';
import { getDetail, setFilePriority } from './actions.ts';
import { PRIORITY_CHOICES, prioritySelect, priorityStyles, wantedCheckbox } from './file-priority.ts';
import { buildFileTree, visibleRows, withPending, type FileNode, type FolderNode, type TreeRow } from './file-tree.ts';
import { notifyError } from './events.ts';
import { formatBytes, formatPercent, percentValue } from './format.ts';
import { errorText, priorityLabel } from './labels.ts';
import { progressBar } from './progress-bar.ts';
import { saveFile, suggestedName } from './save-file.ts';
import { StreamingController } from './controllers/streaming-controller.ts';
import { icons } from './icons.ts';
import { base } from './styles.ts';
import { displayText, untrusted } from './untrusted-text.ts';
import './rv-player.ts';

@customElement('rv-file-list')
export class RvFileList extends LitElement {
  static override styles = [
    base,
    priorityStyles,
    css`
      :host {
        display: block;
        border-radius: 8px;
        background: var(--rv-surface-2);
        container-type: inline-size;
      }
      ul {
        margin: 0;
        padding: 0.25rem 0;
        list-style: none;
      }
      /* Narrow (the side panel, a phone): name and size on the first line, progress and actions below it. */
      li {
        display: grid;
        grid-template-columns: auto minmax(0, 1fr) auto auto;
        grid-template-areas: 'want name name size' '. bar acts acts';
        align-items: center;
        gap: 0.3rem 0.6rem;
        padding: 0.45rem 0.75rem;
        font-size: 0.8125rem;
      }
      li + li {
        border-top: 1px solid var(--rv-border);
      }
      li .want {
        grid-area: want;
      }
      .fname {
        grid-area: name;
        min-width: 0;
        overflow: hidden;
        white-space: nowrap;
        text-overflow: ellipsis;
      }
      /* The whole name while the row holds focus (hover shows it as a tooltip). */
      li:focus-within .fname {
        white-space: normal;
        overflow-wrap: anywhere;
      }
      li .bar {
        grid-area: bar;
        min-width: 4rem;
      }
      .size {
        grid-area: size;
        text-align: right;
        white-space: nowrap;
        font-variant-numeric: tabular-nums;
      }
      .acts {
        grid-area: acts;
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        justify-content: flex-end;
      }
      /* Wide enough for one line per file. */
      @container (min-width: 46rem) {
        li {
          grid-template-columns: auto minmax(12rem, 1fr) 7rem 5.5rem auto;
          grid-template-areas: 'want name bar size acts';
        }
      }
      a.btn {
        text-decoration: none;
        white-space: nowrap;
      }
      .btn {
        white-space: nowrap;
      }
      .fname {
        display: flex;
        align-items: center;
        gap: 0.25rem;
      }
      .fname bdi {
        min-width: 0;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      li:focus-within .fname bdi {
        white-space: normal;
        overflow-wrap: anywhere;
      }
      .twisty {
        display: inline-grid;
        place-items: center;
        flex: none;
        width: 1.5rem;
        height: 1.5rem;
        padding: 0;
        border: 0;
        border-radius: 4px;
        background: none;
        color: inherit;
        cursor: pointer;
      }
      .twisty svg {
        width: 1rem;
        height: 1rem;
        transition: transform 0.1s;
      }
      .twisty[aria-expanded='true'] svg {
        transform: rotate(90deg);
      }
      .spacer {
        flex: none;
        width: 1.5rem;
      }
      .folder-icon {
        flex: none;
        display: inline-grid;
        color: var(--rv-muted);
      }
      .folder-icon svg {
        width: 1rem;
        height: 1rem;
      }
      li.folder .fname {
        font-weight: 600;
      }
      li.viewer {
        display: block;
        border-top: none;
        padding-top: 0;
      }
      .note {
        margin: 0;
        padding: 0.75rem;
        font-size: 0.8125rem;
      }
    `,
  ];

  @property({ attribute: false }) client?: EngineClient;
  @property({ attribute: false }) infoHashHex = '';
  /** The torrent's verified bytes: a change means some file progressed, so the list is fetched again. */
  @property({ attribute: false }) verified = 0;
  @state() private files: readonly FileSnapshot[] | null = null;
  @state() private loadError: string | null = null;
  /** fileIndex -> 0..1 while that file is being saved. */
  @state() private saving = new Map<number, number>();
  /** Paths of collapsed folders (everything starts expanded). */
  @state() private collapsed = new Set<string>();
  /** The file open in the player, if any. */
  @state() private viewing: number | null = null;
  private readonly streaming = new StreamingController(this);
  private loading = false;
  private stale = false;
  /** Priorities set here that the engine has not shown back yet, so the controls never flick back meanwhile. */
  @state() private pending = new Map<number, FilePriority>();
  /** Detail replies apply in request order only: a reply from before a priority change must not undo it. */
  private fetchSeq = 0;
  private appliedSeq = 0;

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('infoHashHex') || changed.has('client') || changed.has('verified')) void this.load();
  }

  /** One detail call at a time; snapshots arrive faster than that only while the torrent is busy anyway. */
  private async load(): Promise<void> {
    if (!this.client || !this.infoHashHex) return;
    if (this.loading) {
      this.stale = true;
      return;
    }
    this.loading = true;
    try {
      do {
        this.stale = false;
        await this.fetchFiles();
      } while (this.stale && this.isConnected);
    } catch (e) {
      this.loadError = errorText(e);
    } finally {
      this.loading = false;
    }
  }

  private async fetchFiles(): Promise<void> {
    if (!this.client) return;
    const seq = ++this.fetchSeq;
    const detail = await getDetail(this.client, this.infoHashHex);
    if (seq < this.appliedSeq) return;
    this.appliedSeq = seq;
    this.files = detail.files;
    this.loadError = null;
  }

  override render() {
    if (this.loadError) return html`<p class="note" role="alert">${this.loadError}</p>`;
    if (!this.files) return html`<p class="note muted" role="status">${msg('Loading files…')}</p>`;
    if (this.files.length === 0) return html`<p class="note muted">${msg('No files.')}</p>`;
    const tree = buildFileTree(withPending(this.files, this.pending));
    const rows = visibleRows(tree, this.collapsed);
    return html`<ul aria-label=${msg('Files')}>
      ${repeat(rows, (r) => (r.node.kind === 'file' ? `f${r.node.file.index}` : `d/${r.node.path}`), (r) =>
        r.node.kind === 'folder'
          ? this.renderFolder(r.node, r.depth)
          : html`${this.renderFile(r.node, r.depth)}${this.viewing === r.node.file.index ? this.renderViewer(r.node.file) : nothing}`,
      )}
    </ul>`;
  }

  private indent(depth: number) {
    return styleProps({ 'padding-inline-start': `${depth * 1.25}rem` });
  }

  private renderFolder(d: FolderNode, depth: TreeRow['depth']) {
    const open = !this.collapsed.has(d.path);
    const progress = d.length > 0 ? d.verified / d.length : 1;
    const name = displayText(d.name);
    return html`<li class="folder" data-testid="folder-row" data-path=${d.path} data-wanted=${d.wanted} data-length=${d.length}
      data-verified=${d.verified}>
      <input class="want" type="checkbox" data-testid="folder-wanted" .checked=${live(d.wanted === 'all')}
        .indeterminate=${live(d.wanted === 'some')} aria-label=${msg(str`Download folder ${name}`)}
        @change=${(e: Event) => this.setFolderPriority(d, (e.target as HTMLInputElement).checked ? 4 : 0)} />
      <span class="fname" data-testid="file-name" style=${this.indent(depth)}>
        <button class="twisty" type="button" data-testid="folder-toggle" aria-expanded=${open ? 'true' : 'false'}
          aria-label=${open ? msg(str`Collapse ${name}`) : msg(str`Expand ${name}`)} @click=${() => this.toggle(d.path)}>${icons.chevron}</button>
        <span class="folder-icon" aria-hidden="true">${icons.folder}</span>${untrusted(d.name)}
      </span>
      ${progressBar({ progress, label: msg(str`Progress of ${name}`) })}
      <span class="size muted">${formatBytes(d.length)}</span>
      <span class="acts">
        <select class="prio" data-testid="folder-priority" aria-label=${msg(str`Priority of folder ${name}`)}
          @change=${(e: Event) => this.setFolderPriority(d, Number((e.target as HTMLSelectElement).value) as FilePriority)}>
          ${d.priority === 'mixed' ? html`<option value="" disabled .selected=${live(true)}>${msg('Mixed')}</option>` : nothing}
          ${PRIORITY_CHOICES.map((p) => html`<option value=${p} .selected=${live(p === d.priority)}>${priorityLabel(p)}</option>`)}
        </select>
      </span>
    </li>`;
  }

  private toggle(path: string): void {
    const next = new Set(this.collapsed);
    if (!next.delete(path)) next.add(path);
    this.collapsed = next;
  }

  private renderFile(node: FileNode, depth: number) {
    const f = node.file;
    const progress = f.length > 0 ? f.verified / f.length : 1;
    const complete = f.verified >= f.length;
    const saving = this.saving.get(f.index);
    const named = { index: f.index, name: node.path, priority: f.priority };
    return html`<li data-testid="file-row" data-index=${f.index} data-verified=${f.verified} data-priority=${f.priority}>
      ${wantedCheckbox(named, (p) => this.setPriority([f.index], p))}
      <span class="fname" data-testid="file-name" style=${this.indent(depth)}><span class="spacer" aria-hidden="true"></span>${untrusted(node.name)}</span>
      ${progressBar({ progress, label: msg(str`Progress of ${displayText(node.path)}`) })}
      <span class="size muted">${formatBytes(f.length)}</span>
      <span class="acts">
        ${prioritySelect(named, (p) => this.setPriority([f.index], p))}
        ${this.renderOpen(f)}
        ${this.streaming.available
          ? // No download attribute: Chromium sends <a download> requests past the service worker; a plain link
            // to an attachment response is a download that stays on this page.
            html`<a class="btn small" data-testid="download-file" href=${streamPath(this.infoHashHex, f.index, suggestedName(f), true)}
              title=${complete ? msg('Save this file to your device') : msg('Save this file as it downloads')}>
              ${icons.save}${msg('Save')}</a>`
          : html`<button class="btn small" type="button" data-testid="save-file" ?disabled=${!complete || saving !== undefined}
              title=${complete ? msg('Save this file to your device') : msg('Available once the file is complete')}
              @click=${() => this.save(f)}>
              ${icons.save}${saving === undefined ? msg('Save') : msg(str`Saving ${formatPercent(saving)}`)}
            </button>`}
      </span>
      ${saving !== undefined
        ? html`<span class="visually-hidden" aria-live="polite">${msg(str`Saving ${Math.floor(percentValue(saving) / 10) * 10}%`)}</span>`
        : nothing}
    </li>`;
  }

  /** Play (audio, video) or View (images, text) while the file downloads; only through the service worker. */
  private renderOpen(f: FileSnapshot) {
    const kind = viewerKindFor(f.name);
    if (kind === 'none' || !this.streaming.available) return nothing;
    const media = kind === 'video' || kind === 'audio';
    const open = this.viewing === f.index;
    return html`<button class="btn small" type="button" data-testid=${media ? 'play-file' : 'view-file'}
      aria-expanded=${open ? 'true' : 'false'} @click=${() => (this.viewing = open ? null : f.index)}>
      ${media ? icons.play : icons.file}${media ? msg('Play') : msg('View')}
    </button>`;
  }

  private renderViewer(f: FileSnapshot) {
    return html`<li class="viewer" data-testid="file-viewer">
      <rv-player .file=${f} .infoHashHex=${this.infoHashHex} @close=${() => (this.viewing = null)}></rv-player>
    </li>`;
  }

  /** A folder's tick or priority applies to every file below it. */
  private setFolderPriority(d: FolderNode, priority: FilePriority): Promise<void> {
    return this.setPriority(d.fileIndexes, priority);
  }

  /** Tick, untick or reprioritise files at any time; the list is fetched again to show what the engine holds. */
  private async setPriority(indexes: readonly number[], priority: FilePriority): Promise<void> {
    if (!this.client || indexes.length === 0) return;
    const pending = new Map(this.pending);
    for (const i of indexes) pending.set(i, priority);
    this.pending = pending;
    try {
      await setFilePriority(this.client, this.infoHashHex, indexes, priority);
      await this.fetchFiles();
    } catch (e) {
      notifyError(this, errorText(e));
    } finally {
      const next = new Map(this.pending);
      for (const i of indexes) if (next.get(i) === priority) next.delete(i);
      this.pending = next;
    }
  }

  private async save(f: FileSnapshot): Promise<void> {
    if (!this.client) return;
    const setSaving = (p: number | undefined): void => {
      const next = new Map(this.saving);
      if (p === undefined) next.delete(f.index);
      else next.set(f.index, p);
      this.saving = next;
    };
    setSaving(0);
    try {
      await saveFile(this.client, this.infoHashHex, f, (done, total) => setSaving(total > 0 ? done / total : 1));
    } catch (e) {
      notifyError(this, errorText(e));
    } finally {
      setSaving(undefined);
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rv-file-list': RvFileList;
  }
}

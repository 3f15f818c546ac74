// <rv-player>: shows one file of a torrent in place, read through the service worker's stream route while it
// downloads: <video>/<audio> for media, <img> for images, the first part of a text file as text.

import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import type { FileSnapshot } from '../api/protocol.ts';
import { streamPath, viewerKindFor, type ViewerKind } from '../api/file-stream.ts';
import { icons } from './icons.ts';
import { suggestedName } from './save-file.ts';
import { base } from './styles.ts';

/** Text files show this much at most: a preview must not pull a huge log into the page. */
export const TEXT_PREVIEW_BYTES = 256 * 1024;

/** What the player is doing, reflected as `data-state` (styling, and tests that wait for playback). */
export type PlayerState = 'loading' | 'playing' | 'waiting' | 'paused' | 'ended' | 'shown' | 'error';

@customElement('rv-player')
export class RvPlayer extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
      }
      .head {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        margin-bottom: 0.5rem;
      }
      .title {
        flex: 1;
        min-width: 0;
        margin: 0;
        font-size: 0.875rem;
        font-weight: 600;
        overflow-wrap: anywhere;
      }
      video,
      img {
        display: block;
        max-width: 100%;
        max-height: 70vh;
        margin: 0 auto;
        border-radius: 6px;
        background: #000;
      }
      img {
        background: transparent;
      }
      video {
        width: 100%;
      }
      audio {
        display: block;
        width: 100%;
      }
      pre {
        max-height: 50vh;
        margin: 0;
        padding: 0.75rem;
        overflow: auto;
        border-radius: 6px;
        background: var(--rv-surface);
        font-family: var(--rv-mono);
        font-size: 0.8125rem;
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      .note {
        margin: 0.5rem 0 0;
        font-size: 0.8125rem;
      }
      .err {
        color: var(--rv-danger);
      }
    `,
  ];

  @property({ attribute: false }) file?: FileSnapshot;
  @property({ attribute: false }) infoHashHex = '';
  @state() private error: string | null = null;
  @state() private text: string | null = null;
  @state() private truncated = false;
  private textAbort: AbortController | null = null;

  get kind(): ViewerKind {
    return this.file ? viewerKindFor(this.file.name) : 'none';
  }

  /** The stream URL of the file (the service worker answers it). */
  get src(): string {
    return this.file ? streamPath(this.infoHashHex, this.file.index, suggestedName(this.file)) : '';
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('file') || changed.has('infoHashHex')) {
      const before = changed.get('file') as FileSnapshot | undefined;
      // Progress updates hand us a new snapshot of the same file: only a different file restarts the viewer.
      if (before?.index === this.file?.index && !changed.has('infoHashHex')) return;
      this.error = null;
      this.text = null;
      this.setState('loading');
      if (this.kind === 'text') void this.loadText();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.textAbort?.abort();
  }

  override render() {
    const f = this.file;
    if (!f) return nothing;
    return html`
      <div class="head">
        <p class="title" id="title">${f.name}</p>
        <button class="btn small" type="button" data-testid="close-player" @click=${this.close}>
          ${icons.close}${msg('Close')}
        </button>
      </div>
      ${this.renderViewer(f)}
      ${this.error ? html`<p class="note err" role="alert" data-testid="player-error">${this.error}</p>` : nothing}
    `;
  }

  private renderViewer(f: FileSnapshot) {
    const label = msg(str`Playing ${f.name}`);
    switch (this.kind) {
      case 'video':
        return html`<video data-testid="player-video" controls autoplay playsinline preload="auto" src=${this.src}
          aria-label=${label} @playing=${this.onMediaState} @waiting=${this.onMediaState} @pause=${this.onMediaState}
          @ended=${this.onMediaState} @error=${this.onMediaError}></video>`;
      case 'audio':
        return html`<audio data-testid="player-audio" controls autoplay preload="auto" src=${this.src} aria-label=${label}
          @playing=${this.onMediaState} @waiting=${this.onMediaState} @pause=${this.onMediaState}
          @ended=${this.onMediaState} @error=${this.onMediaError}></audio>`;
      case 'image':
        return html`<img data-testid="player-image" src=${this.src} alt=${f.name} @load=${() => this.setState('shown')}
          @error=${() => this.fail(msg('This image cannot be shown.'))} />`;
      case 'text':
        return this.text === null
          ? html`<p class="note muted" role="status">${msg('Loading…')}</p>`
          : html`<pre data-testid="player-text" tabindex="0" aria-labelledby="title">${this.text}</pre>
              ${this.truncated
                ? html`<p class="note muted">${msg(str`Showing the first ${TEXT_PREVIEW_BYTES / 1024} KiB.`)}</p>`
                : nothing}`;
      case 'none':
        return html`<p class="note muted">${msg('This file cannot be shown here; download it instead.')}</p>`;
    }
  }

  private readonly onMediaState = (e: Event): void => {
    const type = e.type;
    this.setState(type === 'pause' ? 'paused' : (type as PlayerState));
  };

  private readonly onMediaError = (e: Event): void => {
    const media = e.target as HTMLMediaElement;
    const code = media.error?.code ?? 0;
    this.fail(
      code === MediaError.MEDIA_ERR_SRC_NOT_SUPPORTED
        ? msg('This browser cannot play this file’s format.')
        : msg(str`Playback failed (${media.error?.message || code}).`),
    );
  };

  private async loadText(): Promise<void> {
    this.textAbort?.abort();
    const abort = (this.textAbort = new AbortController());
    const length = this.file?.length ?? 0;
    try {
      const headers = length > TEXT_PREVIEW_BYTES ? { Range: `bytes=0-${TEXT_PREVIEW_BYTES - 1}` } : undefined;
      const response = await fetch(this.src, { signal: abort.signal, ...(headers ? { headers } : {}) });
      if (!response.ok) throw new Error(await response.text());
      const text = new TextDecoder().decode(await response.arrayBuffer());
      if (abort.signal.aborted) return;
      this.text = text;
      this.truncated = length > TEXT_PREVIEW_BYTES;
      this.setState('shown');
    } catch (e) {
      if (abort.signal.aborted) return;
      this.fail(msg(str`This file cannot be shown: ${e instanceof Error ? e.message : String(e)}`));
    }
  }

  private fail(text: string): void {
    this.error = text;
    this.setState('error');
  }

  private setState(state: PlayerState): void {
    this.dataset['state'] = state;
  }

  private readonly close = (): void => {
    this.dispatchEvent(new CustomEvent('close', { bubbles: false }));
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'rv-player': RvPlayer;
  }
}

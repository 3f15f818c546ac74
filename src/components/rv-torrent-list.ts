// <rv-torrent-list>: every torrent from the engine's snapshots, newest first, or a friendly empty state.

import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { msg } from '@lit/localize';
import type { EngineClient } from '../api/client.ts';
import { byNewest } from './torrent-order.ts';
import { SnapshotController } from './controllers/snapshot-controller.ts';
import { icons } from './icons.ts';
import { base } from './styles.ts';
import './rv-torrent-row.ts';

@customElement('rv-torrent-list')
export class RvTorrentList extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
        container-type: inline-size;
      }
      .list {
        border: 1px solid var(--rv-border);
        border-radius: var(--rv-radius);
        background: var(--rv-surface);
        box-shadow: var(--rv-shadow);
      }
      rv-torrent-row + rv-torrent-row {
        border-top: 1px solid var(--rv-border);
      }
      @container (max-width: 600px) {
        .list {
          display: grid;
          gap: 0.75rem;
          border: 0;
          background: none;
          box-shadow: none;
        }
        rv-torrent-row,
        rv-torrent-row + rv-torrent-row {
          border: 1px solid var(--rv-border);
          border-radius: var(--rv-radius);
          background: var(--rv-surface);
          box-shadow: var(--rv-shadow);
        }
      }
      .empty {
        display: grid;
        justify-items: center;
        gap: 0.5rem;
        padding: 3rem 1.5rem;
        border: 2px dashed var(--rv-border);
        border-radius: var(--rv-radius);
        text-align: center;
      }
      .empty svg {
        width: 2.5rem;
        height: 2.5rem;
        color: var(--rv-accent);
      }
      .empty h2 {
        margin: 0;
        font-size: 1.0625rem;
      }
      .empty p {
        margin: 0;
        max-width: 34rem;
        font-size: 0.875rem;
      }
    `,
  ];

  @property({ attribute: false }) client?: EngineClient;
  private readonly snapshots = new SnapshotController(this, () => this.client);

  override render() {
    const torrents = [...this.snapshots.torrents].sort(byNewest);
    if (torrents.length === 0) {
      return html`<div class="empty" data-testid="empty-state">
        ${icons.drop}
        <h2>${msg('Drop files to share them, or paste a magnet link')}</h2>
        <p class="muted">
          ${msg('Files you share are hashed here and sent straight to other browsers. Nothing is uploaded to a server.')}
        </p>
      </div>`;
    }
    return html`<h2 id="list-title" class="visually-hidden">${msg('Torrents')}</h2>
      <div class="list" role="list" aria-labelledby="list-title" data-testid="torrent-list">
      ${repeat(
        torrents,
        (t) => t.infoHashHex,
        (t) => html`<rv-torrent-row role="listitem" .torrent=${t} .client=${this.client}></rv-torrent-row>`,
      )}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rv-torrent-list': RvTorrentList;
  }
}

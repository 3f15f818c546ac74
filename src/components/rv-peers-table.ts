// <rv-peers-table>: a torrent's connected peers (from `detail`): client name from the extension handshake,
// transport, speeds, their progress, flags and open requests. Client names are untrusted text.

import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { msg } from '@lit/localize';
import type { PeerSnapshot } from '../api/protocol.ts';
import { formatBytes, formatPercent, formatRate } from './format.ts';
import { peerFlags, type PeerFlag } from './peer-flags.ts';
import { base } from './styles.ts';
import { untrusted } from './untrusted-text.ts';

function flagMeaning(f: PeerFlag): string {
  switch (f) {
    case 'D':
      return msg('Downloading from this peer');
    case 'd':
      return msg('We want data, but the peer is choking us');
    case 'U':
      return msg('Uploading to this peer');
    case 'u':
      return msg('The peer wants data, but we are choking it');
    case 'K':
      return msg('The peer unchoked us, but we want nothing from it');
    case '?':
      return msg('We unchoked the peer, but it wants nothing');
  }
}

@customElement('rv-peers-table')
export class RvPeersTable extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
      }
      .scroll {
        max-width: 100%;
        overflow-x: auto;
        overscroll-behavior-x: contain;
        /* Its content's width never reaches the page's layout (which would widen the page on a phone). */
        contain: inline-size;
        /* Holds the visually hidden (absolutely placed) caption and labels, which would otherwise widen the page. */
        position: relative;
      }
      .scroll:focus-visible {
        outline: 2px solid var(--rv-accent);
        outline-offset: 2px;
      }
      /* Every column keeps its content's width; a panel narrower than the table scrolls it sideways. */
      table {
        width: 100%;
        min-width: max-content;
        border-collapse: collapse;
        font-size: 0.8125rem;
      }
      th,
      td {
        padding: 0.35rem 0.5rem;
        border-bottom: 1px solid var(--rv-border);
        text-align: left;
        white-space: nowrap;
      }
      th {
        font-size: 0.75rem;
        color: var(--rv-muted);
      }
      td.num,
      th.num {
        text-align: right;
        font-variant-numeric: tabular-nums;
      }
      /* The client stays in view while the numbers scroll. */
      .client {
        position: sticky;
        left: 0;
        max-width: 12rem;
        overflow: hidden;
        text-overflow: ellipsis;
        background: var(--rv-surface);
      }
      abbr {
        text-decoration: none;
        margin-right: 0.2rem;
        font-family: var(--rv-mono);
      }
      p {
        margin: 0;
        padding: 0.75rem 0;
        font-size: 0.875rem;
      }
    `,
  ];

  @property({ attribute: false }) peers: readonly PeerSnapshot[] | null = null;

  override render() {
    const peers = this.peers;
    if (peers === null) return html`<p class="muted" role="status">${msg('Loading peers…')}</p>`;
    if (peers.length === 0) return html`<p class="muted" data-testid="no-peers">${msg('No connected peers.')}</p>`;
    // Focusable, so keyboard users can scroll the columns that do not fit.
    return html`<div class="scroll" tabindex="0" role="region" aria-label=${msg('Connected peers')}><table data-testid="peers-table">
      <caption class="visually-hidden">${msg('Connected peers')}</caption>
      <thead><tr>
        <th scope="col" class="client">${msg('Client')}</th><th scope="col">${msg('Transport')}</th>
        <th scope="col" class="num">${msg('Down')}</th><th scope="col" class="num">${msg('Up')}</th>
        <th scope="col" class="num">${msg('Progress')}</th><th scope="col">${msg('Flags')}</th>
        <th scope="col" class="num">${msg('Requests')}</th><th scope="col" class="num">${msg('Downloaded')}</th>
        <th scope="col" class="num">${msg('Uploaded')}</th>
      </tr></thead>
      <tbody>${repeat(peers, (p) => p.id, (p) => this.renderPeer(p))}</tbody>
    </table></div>`;
  }

  private renderPeer(p: PeerSnapshot) {
    const flags = peerFlags(p);
    return html`<tr data-testid="peer-row" data-peer=${p.id}>
      <td class="client" data-testid="peer-client">${p.client ? untrusted(p.client) : html`<span title=${p.id}>${msg('Unknown client')}</span>`}</td>
      <td>${p.transport === 'webrtc' ? 'WebRTC' : msg('Pipe')}</td>
      <td class="num">${formatRate(p.downloadRate)}</td>
      <td class="num">${formatRate(p.uploadRate)}</td>
      <td class="num">${formatPercent(p.progress)}</td>
      <td data-testid="peer-flags">${flags.length
        ? flags.map((f) => html`<abbr title=${flagMeaning(f)} aria-label=${flagMeaning(f)}>${f}</abbr>`)
        : nothing}</td>
      <td class="num">${p.requests}</td>
      <td class="num">${formatBytes(p.downloaded)}</td>
      <td class="num">${formatBytes(p.uploaded)}</td>
    </tr>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rv-peers-table': RvPeersTable;
  }
}

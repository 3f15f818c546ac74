// <rv-qr-code>: a QR code of a text (a magnet link) drawn as SVG from qrcode-generator's modules, with an
// accessible name; a note instead when the text is too long for any QR code.

import { LitElement, css, html, svg, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { msg } from '@lit/localize';
import { qrSymbol, type QrSymbol } from './qr.ts';
import { base } from './styles.ts';

@customElement('rv-qr-code')
export class RvQrCode extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
      }
      svg {
        display: block;
        width: min(100%, 16rem);
        height: auto;
        margin: 0 auto;
        border-radius: 6px;
        /* Scanners need dark on light whatever the colour scheme. */
        background: #fff;
      }
      p {
        margin: 0;
        font-size: 0.8125rem;
      }
    `,
  ];

  @property() text = '';
  /** The accessible name of the image ("QR code of the magnet link of …"). */
  @property() label = '';
  private symbol: QrSymbol | null = null;

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('text')) this.symbol = this.text ? qrSymbol(this.text) : null;
  }

  override render() {
    const q = this.symbol;
    if (!q) return html`<p class="muted" role="status">${msg('This link is too long for a QR code; share the link instead.')}</p>`;
    return html`<svg data-testid="qr-code" role="img" aria-label=${this.label} viewBox="0 0 ${q.box} ${q.box}"
      shape-rendering="crispEdges" data-modules=${q.size}>${svg`<path fill="#000" d=${q.path}></path>`}</svg>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rv-qr-code': RvQrCode;
  }
}

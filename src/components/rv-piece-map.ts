// <rv-piece-map>: the verified pieces of a torrent on a <canvas>, one cell per piece, or per run of pieces when
// there are too many to show singly (piece-map.ts), with the numbers in its accessible name and beneath it.

import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import { formatPercent } from './format.ts';
import { cellLevels, countSet, levelRuns, pieceMapLayout, type PieceMapLayout } from './piece-map.ts';
import { base } from './styles.ts';

/** The map is at most this tall; more pieces share cells instead of making it scroll. */
const MAX_HEIGHT = 220;

@customElement('rv-piece-map')
export class RvPieceMap extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
      }
      .wrap {
        width: 100%;
      }
      canvas {
        display: block;
        max-width: 100%;
      }
      p {
        margin: 0.5rem 0 0;
        font-size: 0.8125rem;
      }
    `,
  ];

  /** BEP 3 verified-piece bitfield. */
  @property({ attribute: false }) pieces: Uint8Array = new Uint8Array(0);
  @property({ type: Number }) pieceCount = 0;
  @query('canvas') private canvas!: HTMLCanvasElement;
  @query('.wrap') private wrap!: HTMLDivElement;
  private width = 0;
  private readonly resize = new ResizeObserver((entries) => {
    const w = Math.floor(entries[0]?.contentRect.width ?? 0);
    if (w !== this.width) {
      this.width = w;
      this.draw();
    }
  });

  override firstUpdated(): void {
    this.resize.observe(this.wrap);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize.disconnect();
  }

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('pieces') || changed.has('pieceCount')) this.draw();
  }

  override render() {
    const have = countSet(this.pieces, 0, Math.min(this.pieceCount, this.pieces.length * 8));
    const share = this.pieceCount > 0 ? have / this.pieceCount : 0;
    const summary = msg(str`${have} of ${this.pieceCount} pieces verified (${formatPercent(share)})`);
    return html`<div class="wrap"><canvas data-testid="piece-map" role="img" aria-label=${msg(str`Piece map: ${summary}`)}
      data-have=${have} data-count=${this.pieceCount}></canvas></div>
      <p class="muted" data-testid="piece-summary">${summary}</p>`;
  }

  private draw(): void {
    const canvas = this.canvas;
    if (!canvas || this.width === 0) return;
    const layout: PieceMapLayout = pieceMapLayout(this.pieceCount, this.width, MAX_HEIGHT);
    const dpr = Math.min(3, window.devicePixelRatio || 1);
    const cssW = layout.cols * layout.cell;
    const cssH = Math.max(layout.cell, layout.rows * layout.cell);
    canvas.style.width = `${cssW}px`;
    canvas.style.height = `${cssH}px`;
    canvas.width = Math.round(cssW * dpr);
    canvas.height = Math.round(cssH * dpr);
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, cssW, cssH);
    const style = getComputedStyle(this);
    const empty = style.getPropertyValue('--rv-surface-2').trim() || '#eee';
    const full = style.getPropertyValue('--rv-ok').trim() || '#1f7a45';
    const partial = style.getPropertyValue('--rv-accent').trim() || '#2563eb';
    const levels = cellLevels(this.pieces, this.pieceCount, layout);
    // A 1px gap between cells when they are big enough to afford it.
    const gap = layout.cell >= 6 ? 1 : 0;
    for (const run of levelRuns(levels, layout.cols)) {
      ctx.globalAlpha = 1;
      ctx.fillStyle = run.level === 0 ? empty : run.level === 255 ? full : partial;
      if (run.level !== 0 && run.level !== 255) ctx.globalAlpha = 0.35 + (0.65 * run.level) / 255;
      const x = run.col * layout.cell;
      const y = run.row * layout.cell;
      if (gap === 0) ctx.fillRect(x, y, run.length * layout.cell, layout.cell);
      else for (let i = 0; i < run.length; i++) ctx.fillRect(x + i * layout.cell, y, layout.cell - gap, layout.cell - gap);
    }
    ctx.globalAlpha = 1;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rv-piece-map': RvPieceMap;
  }
}

// <rv-speed-graph>: download and upload speed of the last minutes on a <canvas> (from a RateRing), with the
// current, average and peak speeds as text for everyone, and as the canvas's accessible name.

import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import { formatRate } from './format.ts';
import { niceCeiling, SAMPLE_MS, type RateRing } from './speed-history.ts';
import { base } from './styles.ts';

const HEIGHT = 140;

@customElement('rv-speed-graph')
export class RvSpeedGraph extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
      }
      canvas {
        display: block;
        width: 100%;
        height: ${HEIGHT}px;
        border-radius: 6px;
        background: var(--rv-surface-2);
      }
      dl {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 0.15rem 0.75rem;
        margin: 0.6rem 0 0;
        font-size: 0.8125rem;
      }
      dt {
        font-weight: 600;
      }
      dd {
        margin: 0;
        font-variant-numeric: tabular-nums;
      }
      .swatch {
        display: inline-block;
        width: 0.7rem;
        height: 0.7rem;
        margin-right: 0.35rem;
        border-radius: 2px;
        vertical-align: -0.05em;
      }
      .down {
        background: var(--rv-accent);
      }
      .up {
        background: var(--rv-ok);
      }
    `,
  ];

  @property({ attribute: false }) ring: RateRing | undefined;
  /** Changes whenever the ring gained a sample (the ring itself is mutated in place). */
  @property({ attribute: false }) version = 0;
  @query('canvas') private canvas!: HTMLCanvasElement;

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('ring') || changed.has('version')) this.draw();
  }

  override render() {
    const ring = this.ring;
    const s = ring?.summary() ?? { peakDown: 0, peakUp: 0, meanDown: 0, meanUp: 0, latestDown: 0, latestUp: 0 };
    const minutes = Math.max(1, Math.round(((ring?.length ?? 0) * SAMPLE_MS) / 60_000));
    const down = msg(str`now ${formatRate(s.latestDown)}, average ${formatRate(s.meanDown)}, peak ${formatRate(s.peakDown)}`);
    const up = msg(str`now ${formatRate(s.latestUp)}, average ${formatRate(s.meanUp)}, peak ${formatRate(s.peakUp)}`);
    const label = msg(str`Speed over the last ${minutes} min. Download: ${down}. Upload: ${up}.`);
    return html`<canvas data-testid="speed-graph" role="img" aria-label=${label} data-samples=${ring?.length ?? 0}></canvas>
      <dl data-testid="speed-summary">
        <dt><span class="swatch down" aria-hidden="true"></span>${msg('Download')}</dt><dd>${down}</dd>
        <dt><span class="swatch up" aria-hidden="true"></span>${msg('Upload')}</dt><dd>${up}</dd>
      </dl>`;
  }

  private draw(): void {
    const canvas = this.canvas;
    const ring = this.ring;
    if (!canvas) return;
    const w = canvas.clientWidth;
    const h = HEIGHT;
    if (w === 0) return;
    const dpr = Math.min(3, window.devicePixelRatio || 1);
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    if (!ring || ring.length < 2) return;
    const s = ring.summary();
    const top = niceCeiling(Math.max(s.peakDown, s.peakUp));
    const style = getComputedStyle(this);
    const stepX = w / (ring.capacity - 1);
    // The newest sample sits at the right edge; older ones move left.
    const x0 = w - (ring.length - 1) * stepX;
    const line = (pick: 'down' | 'up', color: string): void => {
      ctx.beginPath();
      for (let i = 0; i < ring.length; i++) {
        const v = ring.at(i)[pick];
        const x = x0 + i * stepX;
        const y = h - 4 - (v / top) * (h - 12);
        if (i === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      }
      ctx.strokeStyle = color;
      ctx.lineWidth = 2;
      ctx.stroke();
    };
    ctx.fillStyle = style.getPropertyValue('--rv-muted').trim() || '#666';
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillText(formatRate(top), 6, 12);
    line('down', style.getPropertyValue('--rv-accent').trim() || '#2563eb');
    line('up', style.getPropertyValue('--rv-ok').trim() || '#1f7a45');
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rv-speed-graph': RvSpeedGraph;
  }
}

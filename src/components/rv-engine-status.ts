// <rv-engine-status>: says plainly when this tab's view is not live. The engine stopped and is restarting (a
// banner), could not be restarted (a banner with Reload), or runs in another tab (an overlay with "Use here").
// Raises `use-here` and `reload`; the composition root acts on them. Hidden while the engine runs here.

import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { msg } from '@lit/localize';
import { base, tokens } from './styles.ts';

/** What the view shows: `live` hides the element. */
export type EngineView = 'live' | 'restarting' | 'failed' | 'elsewhere' | 'moved' | 'taking-over';

@customElement('rv-engine-status')
export class RvEngineStatus extends LitElement {
  static override styles = [
    tokens,
    base,
    css`
      :host {
        display: contents;
      }
      .banner {
        position: fixed;
        left: 50%;
        top: 0.75rem;
        z-index: 40;
        transform: translateX(-50%);
        width: min(36rem, calc(100vw - 1.5rem));
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem 0.75rem;
        padding: 0.6rem 0.6rem 0.6rem 1rem;
        border: 1px solid var(--rv-danger);
        border-radius: var(--rv-radius);
        background: var(--rv-surface);
        box-shadow: 0 8px 24px rgb(0 0 0 / 0.18);
        font-size: 0.875rem;
      }
      .banner p {
        flex: 1 1 14rem;
        margin: 0;
      }
      .overlay {
        position: fixed;
        inset: 0;
        z-index: 40;
        display: grid;
        place-items: center;
        padding: 1rem;
        background: color-mix(in srgb, var(--rv-bg) 82%, transparent);
        backdrop-filter: blur(2px);
      }
      .card {
        width: min(28rem, 100%);
        padding: 1.25rem 1.25rem 1rem;
        border: 1px solid var(--rv-border);
        border-radius: var(--rv-radius);
        background: var(--rv-surface);
        box-shadow: 0 12px 32px rgb(0 0 0 / 0.2);
      }
      h2 {
        margin: 0 0 0.5rem;
        font-size: 1.125rem;
      }
      .card p {
        margin: 0 0 1rem;
        color: var(--rv-muted);
        font-size: 0.9rem;
      }
      .actions {
        display: flex;
        justify-content: flex-end;
      }
    `,
  ];

  @property({ reflect: true }) view: EngineView = 'live';

  override render() {
    switch (this.view) {
      case 'live':
        return nothing;
      case 'restarting':
        return html`<div class="banner" role="alert" data-testid="engine-lost">
          <p><strong>${msg('The engine stopped unexpectedly.')}</strong> ${msg('Restarting it: transfers resume in a moment.')}</p>
        </div>`;
      case 'failed':
        return html`<div class="banner" role="alert" data-testid="engine-failed">
          <p><strong>${msg('The engine stopped and could not be restarted.')}</strong> ${msg('Reload the page to try again.')}</p>
          <button class="btn small primary" type="button" @click=${() => this.dispatchEvent(new CustomEvent('reload'))}>${msg('Reload')}</button>
        </div>`;
      case 'elsewhere':
      case 'moved':
      case 'taking-over':
        return this.overlay();
    }
  }

  private overlay() {
    const moved = this.view === 'moved';
    const taking = this.view === 'taking-over';
    const title = taking ? msg('Moving Rivulet to this tab…') : moved ? msg('Rivulet moved to another tab') : msg('Rivulet is running in another tab');
    const text = taking
      ? msg('The other tab is saving its transfers and handing them over.')
      : msg('Transfers run in one tab at a time. Use this tab instead: the other one hands everything over, nothing is lost.');
    return html`<div class="overlay" data-testid="engine-elsewhere" data-view=${this.view}>
      <section class="card" role="alertdialog" aria-modal="true" aria-labelledby="engine-elsewhere-title" aria-describedby="engine-elsewhere-text">
        <h2 id="engine-elsewhere-title">${title}</h2>
        <p id="engine-elsewhere-text">${text}</p>
        <div class="actions">
          <button class="btn primary" type="button" data-testid="use-here" ?disabled=${taking}
            @click=${() => this.dispatchEvent(new CustomEvent('use-here'))}>${msg('Use here')}</button>
        </div>
      </section>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rv-engine-status': RvEngineStatus;
  }
}

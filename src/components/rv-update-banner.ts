// <rv-update-banner>: "A new version is ready — Reload", shown when a new service worker waits. Reload raises
// `reload` (the composition root tells the worker to take over and reloads); Later hides it until the next visit.

import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { msg } from '@lit/localize';
import { base, iconButtonStyles, tokens } from './styles.ts';

@customElement('rv-update-banner')
export class RvUpdateBanner extends LitElement {
  static override styles = [
    tokens,
    base,
    iconButtonStyles,
    css`
      :host {
        position: fixed;
        left: 50%;
        top: 0.75rem;
        z-index: 30;
        transform: translateX(-50%);
        width: min(34rem, calc(100vw - 1.5rem));
      }
      :host([hidden]) {
        display: none;
      }
      .box {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem 0.75rem;
        padding: 0.6rem 0.6rem 0.6rem 1rem;
        border: 1px solid var(--rv-accent);
        border-radius: var(--rv-radius);
        background: var(--rv-surface);
        box-shadow: 0 8px 24px rgb(0 0 0 / 0.18);
        font-size: 0.875rem;
      }
      p {
        flex: 1 1 12rem;
        margin: 0;
        font-weight: 600;
      }
      .actions {
        display: flex;
        gap: 0.5rem;
      }
    `,
  ];

  @state() private reloading = false;

  override render() {
    return html`<aside class="box" role="region" aria-label=${msg('Update')} data-testid="update-banner">
      <p role="status">${msg('A new version of Rivulet is ready.')}</p>
      <div class="actions">
        <button class="btn small" type="button" data-testid="update-later" @click=${() => (this.hidden = true)}>${msg('Later')}</button>
        <button class="btn small primary" type="button" data-testid="update-reload" aria-disabled=${this.reloading ? 'true' : 'false'}
          @click=${this.reload}>${msg('Reload')}</button>
      </div>
    </aside>`;
  }

  private readonly reload = (): void => {
    if (this.reloading) return;
    this.reloading = true;
    this.dispatchEvent(new CustomEvent('reload'));
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'rv-update-banner': RvUpdateBanner;
  }
}

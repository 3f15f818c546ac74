// <rv-context-menu>: a menu of actions at a point (right click, long press, a "more" button): role=menu, arrows and
// Home/End move, Enter/Space pick, Escape or a click outside closes, focus returns where it was. Kept on screen.

import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { base } from './styles.ts';

export interface MenuItem {
  readonly id: string;
  readonly label: string;
  readonly disabled?: boolean;
  readonly danger?: boolean;
  /** Draw a separator above this item. */
  readonly separated?: boolean;
  readonly hint?: string;
}

const MARGIN = 8;

@customElement('rv-context-menu')
export class RvContextMenu extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        position: fixed;
        inset: 0;
        z-index: 30;
      }
      .backdrop {
        position: fixed;
        inset: 0;
      }
      :host([hidden]) {
        display: none;
      }
      .menu {
        position: fixed;
        min-width: 13rem;
        max-width: min(22rem, calc(100vw - 16px));
        max-height: calc(100vh - 16px);
        overflow: auto;
        margin: 0;
        padding: 0.3rem;
        border: 1px solid var(--rv-border);
        border-radius: 8px;
        background: var(--rv-surface);
        box-shadow: 0 10px 30px rgb(0 0 0 / 0.2);
        list-style: none;
        font-size: 0.875rem;
      }
      .title {
        padding: 0.3rem 0.6rem 0.4rem;
        color: var(--rv-muted);
        font-size: 0.75rem;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      [role='separator'] {
        height: 1px;
        margin: 0.25rem 0;
        background: var(--rv-border);
      }
      button {
        display: block;
        width: 100%;
        min-height: 2.25rem;
        padding: 0.35rem 0.6rem;
        border: 0;
        border-radius: 6px;
        background: none;
        color: inherit;
        font: inherit;
        text-align: left;
        cursor: pointer;
      }
      button:hover:not(:disabled),
      button:focus-visible {
        background: var(--rv-accent-soft);
        outline: none;
      }
      button:disabled {
        color: var(--rv-muted);
        cursor: default;
      }
      button.danger:not(:disabled) {
        color: var(--rv-danger);
      }
    `,
  ];

  @property({ attribute: false }) items: readonly MenuItem[] = [];
  @property({ attribute: false }) x = 0;
  @property({ attribute: false }) y = 0;
  /** A heading (what the menu acts on), shown muted at the top. */
  @property() heading = '';
  @property() label = '';
  @query('.menu') private menu!: HTMLElement;
  private returnFocus: HTMLElement | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.returnFocus = deepActive();
  }

  override render() {
    return html`<div class="backdrop" @click=${this.close} @contextmenu=${this.onBackdropMenu}></div>
      <ul class="menu" role="menu" aria-label=${this.label} data-testid="context-menu" @keydown=${this.onKey}>
        ${this.heading ? html`<li role="presentation" class="title" title=${this.heading}>${this.heading}</li>` : nothing}
        ${this.items.map((i) => html`${i.separated ? html`<li role="separator"></li>` : nothing}
          <li role="none"><button role="menuitem" type="button" data-testid=${`menu-${i.id}`} class=${i.danger ? 'danger' : ''}
            ?disabled=${i.disabled === true} title=${i.hint ?? ''} @click=${() => this.pick(i.id)}>${i.label}</button></li>`)}
      </ul>`;
  }

  protected override firstUpdated(_changed: PropertyValues): void {
    // Open where asked, moved back inside the viewport when it would spill.
    const r = this.menu.getBoundingClientRect();
    const left = Math.max(MARGIN, Math.min(this.x, window.innerWidth - r.width - MARGIN));
    const top = Math.max(MARGIN, Math.min(this.y, window.innerHeight - r.height - MARGIN));
    this.menu.style.left = `${left}px`;
    this.menu.style.top = `${top}px`;
    this.buttons()[0]?.focus();
  }

  private buttons(): HTMLButtonElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLButtonElement>('button:not(:disabled)')];
  }

  private onKey(e: KeyboardEvent): void {
    const list = this.buttons();
    const i = list.indexOf(this.renderRoot.querySelector('button:focus') as HTMLButtonElement);
    let next: number | null = null;
    if (e.key === 'ArrowDown') next = (i + 1) % list.length;
    else if (e.key === 'ArrowUp') next = (i - 1 + list.length) % list.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = list.length - 1;
    else if (e.key === 'Escape' || e.key === 'Tab') {
      e.preventDefault();
      e.stopPropagation();
      this.close();
      return;
    }
    if (next !== null) {
      e.preventDefault();
      list[next]?.focus();
    }
    e.stopPropagation(); // the list's own shortcuts (Space, Delete, arrows) must not fire under an open menu
  }

  /** A right click outside closes this menu (the page's own menu then opens where it was asked). */
  private onBackdropMenu(e: MouseEvent): void {
    e.preventDefault();
    this.close();
  }

  private pick(id: string): void {
    this.dispatchEvent(new CustomEvent('pick', { detail: id }));
    this.close();
  }

  private readonly close = (): void => {
    this.dispatchEvent(new Event('close'));
    this.returnFocus?.focus();
  };
}

/** The focused element, through shadow roots. */
function deepActive(): HTMLElement | null {
  let a: Element | null = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a instanceof HTMLElement ? a : null;
}

declare global {
  interface HTMLElementTagNameMap {
    'rv-context-menu': RvContextMenu;
  }
}

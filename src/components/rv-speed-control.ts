// <rv-speed-control>: the status bar's speed control. Global download and upload rates with the limits in force;
// clicking one opens a menu of limits (qBittorrent's speed menu: presets, or a custom value); the turtle switches the
// alternative limits on and off (Transmission). While alternative speed is on, the menu edits the alternative limits.

import { LitElement, css, html, nothing, svg } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import type { EngineClient } from '../api/client.ts';
import type { SpeedStatus, TorrentSnapshot } from '../api/protocol.ts';
import { SpeedSettingsError } from '../api/speed-settings.ts';
import { EngineEventController } from './controllers/engine-event-controller.ts';
import { notifyError } from './events.ts';
import { sameValues } from './snapshot-gates.ts';
import { formatRate } from './format.ts';
import { icons } from './icons.ts';
import { errorText } from './labels.ts';
import type { AppServices, UserSettings } from './services.ts';
import { LIMIT_PRESETS, limitInputValue, limitText, parseLimitInput, speedProblemText } from './speed-limits.ts';
import { base } from './styles.ts';

type Direction = 'download' | 'upload';

const turtle = svg`<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"
  stroke-linejoin="round" aria-hidden="true" focusable="false"><path d="M4 15c0-4 3.6-7 8-7s8 3 8 7z"/><path d="M20 15h1.5a1.5 1.5 0 0 0 0-3H20M6 15l-1 3M18 15l1 3M9 8.5l1.5 6.5M15 8.5l-1.5 6.5"/></svg>`;

@customElement('rv-speed-control')
export class RvSpeedControl extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: inline-flex;
        position: relative;
        align-items: center;
        gap: 0.25rem;
        font-size: 0.8125rem;
      }
      .rate {
        display: inline-flex;
        align-items: center;
        gap: 0.25rem;
        min-height: 2rem;
        padding: 0.15rem 0.5rem;
        border: 1px solid transparent;
        border-radius: 6px;
        background: transparent;
        color: inherit;
        cursor: pointer;
        white-space: nowrap;
        font-variant-numeric: tabular-nums;
      }
      .rate:hover,
      .rate[aria-expanded='true'] {
        border-color: var(--rv-border);
        background: var(--rv-surface-2);
      }
      .rate svg,
      .turtle svg {
        width: 1rem;
        height: 1rem;
        flex: none;
      }
      .limit {
        color: var(--rv-muted);
      }
      .limit.alt {
        color: var(--rv-ok);
      }
      .turtle {
        display: inline-grid;
        place-items: center;
        width: 2rem;
        height: 2rem;
        border: 1px solid var(--rv-border);
        border-radius: 6px;
        background: var(--rv-surface);
        color: var(--rv-muted);
        cursor: pointer;
      }
      .turtle[aria-pressed='true'] {
        border-color: var(--rv-ok);
        background: color-mix(in srgb, var(--rv-ok) 15%, var(--rv-surface));
        color: var(--rv-ok);
      }
      button:focus-visible,
      input:focus-visible {
        outline: none;
        box-shadow: var(--rv-focus);
      }
      .menu {
        position: absolute;
        z-index: 20;
        bottom: calc(100% + 0.25rem);
        right: 0;
        width: 15rem;
        max-width: calc(100vw - 1rem);
        padding: 0.5rem;
        border: 1px solid var(--rv-border);
        border-radius: var(--rv-radius);
        background: var(--rv-surface);
        box-shadow: 0 8px 28px rgb(0 0 0 / 0.2);
      }
      :host([menu-below]) .menu {
        bottom: auto;
        top: calc(100% + 0.25rem);
      }
      .menu h3 {
        margin: 0 0 0.25rem;
        font-size: 0.8125rem;
      }
      .menu ul {
        margin: 0;
        padding: 0;
        list-style: none;
      }
      .menu li button {
        display: flex;
        justify-content: space-between;
        width: 100%;
        min-height: 2rem;
        padding: 0.2rem 0.5rem;
        border: 0;
        border-radius: 6px;
        background: transparent;
        color: inherit;
        text-align: start;
        cursor: pointer;
      }
      .menu li button svg {
        width: 1rem;
        height: 1rem;
        flex: none;
      }
      .menu li button:hover,
      .menu li button[aria-checked='true'] {
        background: var(--rv-accent-soft);
      }
      .custom {
        display: flex;
        gap: 0.25rem;
        align-items: center;
        margin-top: 0.4rem;
      }
      .custom input {
        width: 6rem;
        min-height: 2rem;
        padding: 0.2rem 0.4rem;
        border: 1px solid var(--rv-border);
        border-radius: 6px;
        background: var(--rv-surface);
        color: inherit;
      }
      .custom button {
        min-height: 2rem;
        padding: 0.2rem 0.6rem;
        border: 1px solid var(--rv-border);
        border-radius: 6px;
        background: var(--rv-surface-2);
        color: inherit;
        cursor: pointer;
      }
      .problem {
        margin: 0.4rem 0 0;
        color: var(--rv-danger);
        font-size: 0.75rem;
      }
    `,
  ];

  @property({ attribute: false }) client?: EngineClient;
  @property({ attribute: false }) services?: AppServices;
  @state() private rates = { down: 0, up: 0 };
  @state() private speed: SpeedStatus | undefined;
  @state() private menu: Direction | null = null;
  @state() private problem: string | null = null;

  /** Updated only when the rates as shown, or the limits, changed. */
  private readonly snapshots = new EngineEventController(this, () => this.client, 'snapshot', (e) => {
    const rates = sumRates(e.torrents);
    if (sameValues(shownRates(this.rates), shownRates(rates)) && (this.speed === e.speed || (e.speed !== undefined && sameValues(this.speed ?? null, e.speed)))) return false;
    this.rates = rates;
    this.speed = e.speed;
    return true;
  });

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('pointerdown', this.onOutside);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('pointerdown', this.onOutside);
  }

  override render() {
    const { down, up } = this.rates;
    const alt = this.speed?.altSpeed === true;
    return html`
      ${this.rateButton('download', down, this.speed?.downloadLimit ?? null, alt)}
      ${this.rateButton('upload', up, this.speed?.uploadLimit ?? null, alt)}
      <button class="turtle" type="button" data-testid="alt-speed-toggle" aria-pressed=${alt ? 'true' : 'false'}
        aria-label=${msg('Alternative speed limits')}
        title=${alt ? msg('Alternative speed limits are on. Click for the normal limits.') : msg('Click to use the alternative speed limits.')}
        @click=${this.toggleAlt}>${turtle}</button>
      ${this.menu ? this.renderMenu(this.menu, alt) : nothing}
    `;
  }

  private rateButton(dir: Direction, rate: number, limit: number | null, alt: boolean) {
    const label = dir === 'download' ? msg('Download speed') : msg('Upload speed');
    const open = this.menu === dir;
    return html`<button class="rate" type="button" data-testid=${`speed-${dir}`} aria-haspopup="true" aria-expanded=${open ? 'true' : 'false'}
      aria-label=${msg(str`${label}: ${formatRate(rate)}, limit ${limitText(limit)}`)} title=${msg('Click to change the limit')}
      @click=${() => this.openMenu(dir)}>
      ${dir === 'download' ? icons.down : icons.up}<span data-testid=${`speed-${dir}-rate`}>${formatRate(rate)}</span>
      ${limit !== null ? html`<span class="limit ${alt ? 'alt' : ''}" data-testid=${`speed-${dir}-limit`}>[${limitText(limit)}]</span>` : nothing}
    </button>`;
  }

  private renderMenu(dir: Direction, alt: boolean) {
    const current = this.currentLimit(dir, alt);
    const title = alt
      ? dir === 'download' ? msg('Alternative download limit') : msg('Alternative upload limit')
      : dir === 'download' ? msg('Download limit') : msg('Upload limit');
    return html`<div class="menu" role="dialog" aria-label=${title} data-testid="speed-menu" @keydown=${this.onMenuKey}>
      <h3>${title}</h3>
      <ul role="menu" aria-label=${title}>
        ${LIMIT_PRESETS.map((p) => html`<li role="none"><button type="button" role="menuitemradio" data-testid="speed-preset"
          data-limit=${p === null ? '' : String(p)} aria-checked=${p === current ? 'true' : 'false'}
          @click=${() => void this.setLimit(dir, alt, p)}>${limitText(p)}${p === current ? icons.check : nothing}</button></li>`)}
      </ul>
      <form class="custom" @submit=${(e: SubmitEvent) => this.onCustom(e, dir, alt)}>
        <label class="visually-hidden" for="speed-custom">${msg('Custom limit in KiB/s')}</label>
        <input id="speed-custom" name="kib" type="text" inputmode="decimal" autocomplete="off" data-testid="speed-custom"
          placeholder="KiB/s" .value=${limitInputValue(current)} />
        <button type="submit" data-testid="speed-custom-apply">${msg('Set')}</button>
      </form>
      ${this.problem ? html`<p class="problem" role="alert" data-testid="speed-problem">${this.problem}</p>` : nothing}
    </div>`;
  }

  private currentLimit(dir: Direction, alt: boolean): number | null {
    const s = this.services?.preferences?.current();
    if (!s) return (dir === 'download' ? this.speed?.downloadLimit : this.speed?.uploadLimit) ?? null;
    if (alt) return dir === 'download' ? s.altDownloadLimit : s.altUploadLimit;
    return dir === 'download' ? s.downloadLimit : s.uploadLimit;
  }

  private openMenu(dir: Direction): void {
    this.problem = null;
    this.menu = this.menu === dir ? null : dir;
    if (this.menu) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[role="menuitemradio"][aria-checked="true"], [role="menuitemradio"]')?.focus());
  }

  private onCustom(e: SubmitEvent, dir: Direction, alt: boolean): void {
    e.preventDefault();
    const input = (e.target as HTMLFormElement).elements.namedItem('kib') as HTMLInputElement;
    const parsed = parseLimitInput(input.value, dir === 'download' ? msg('Download limit') : msg('Upload limit'));
    if (!parsed.ok) {
      this.problem = parsed.text;
      return;
    }
    void this.setLimit(dir, alt, parsed.value);
  }

  private async setLimit(dir: Direction, alt: boolean, value: number | null): Promise<void> {
    const prefs = this.services?.preferences;
    if (!prefs) return;
    const key: keyof UserSettings = alt ? (dir === 'download' ? 'altDownloadLimit' : 'altUploadLimit') : dir === 'download' ? 'downloadLimit' : 'uploadLimit';
    try {
      await prefs.save({ ...prefs.current(), [key]: value });
      this.menu = null;
      this.problem = null;
    } catch (e) {
      this.problem = e instanceof SpeedSettingsError ? speedProblemText(e.problem) : errorText(e);
    }
  }

  private readonly toggleAlt = async (): Promise<void> => {
    const client = this.client;
    if (!client) return;
    const enabled = !(this.speed?.altSpeed ?? false);
    try {
      this.speed = await client.call({ type: 'set-alt-speed', enabled });
      // Remembered for the next start (the schedule, if any, still moves it at its edges).
      const prefs = this.services?.preferences;
      if (prefs) await prefs.save({ ...prefs.current(), altSpeedEnabled: enabled });
    } catch (e) {
      notifyError(this, errorText(e));
    }
  };

  private readonly onMenuKey = (e: KeyboardEvent): void => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      const dir = this.menu;
      this.menu = null;
      if (dir) this.renderRoot.querySelector<HTMLElement>(`[data-testid="speed-${dir}"]`)?.focus();
      return;
    }
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const items = [...this.renderRoot.querySelectorAll<HTMLElement>('[role="menuitemradio"]')];
    const i = items.indexOf((this.renderRoot as ShadowRoot).activeElement as HTMLElement);
    if (i < 0) return;
    e.preventDefault();
    items[(i + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
  };

  private readonly onOutside = (e: PointerEvent): void => {
    if (this.menu && !e.composedPath().includes(this)) this.menu = null;
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'rv-speed-control': RvSpeedControl;
  }
}

function sumRates(torrents: readonly TorrentSnapshot[]): { down: number; up: number } {
  let down = 0;
  let up = 0;
  for (const t of torrents) {
    down += t.downloadRate;
    up += t.uploadRate;
  }
  return { down, up };
}

const shownRates = (r: { down: number; up: number }) => ({ down: formatRate(r.down), up: formatRate(r.up) });

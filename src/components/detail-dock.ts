// Where the detail panel sits on a wide screen: below the list or beside it, how big (dragged on the splitter, or
// arrow keys on it), or folded down to its bar. Saved between visits. A ReactiveController of <rv-app>.

import { html, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { msg, str } from '@lit/localize';
import { displayText } from './untrusted-text.ts';

const KEY = 'rivulet.detail-dock';
/** px; the panel never gets smaller than its tab bar and a few rows, nor takes the list's whole height. */
const MIN = 180;
const KEY_STEP = 24;

export type Placement = 'below' | 'beside';

export interface DockState {
  readonly placement: Placement;
  /** Height (below) or width (beside), px. */
  readonly below: number;
  readonly beside: number;
  readonly collapsed: boolean;
}

const DEFAULTS: DockState = { placement: 'below', below: 300, beside: 480, collapsed: false };

export function parseDock(json: string | null): DockState {
  try {
    const o = json ? (JSON.parse(json) as Partial<Record<keyof DockState, unknown>>) : {};
    const num = (v: unknown, d: number): number => (typeof v === 'number' && Number.isFinite(v) ? Math.max(MIN, Math.round(v)) : d);
    return {
      placement: o.placement === 'beside' ? 'beside' : 'below',
      below: num(o.below, DEFAULTS.below),
      beside: num(o.beside, DEFAULTS.beside),
      collapsed: o.collapsed === true,
    };
  } catch {
    return DEFAULTS; // damaged: defaults
  }
}

export class DetailDock implements ReactiveController {
  state: DockState;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
    let saved: string | null = null;
    try {
      saved = localStorage.getItem(KEY);
    } catch (e) {
      console.debug('dock preferences unavailable', e);
    }
    this.state = parseDock(saved);
  }

  hostConnected(): void {}

  /** Style for the container: the panel's size as a custom property the layout reads. */
  get style(): Readonly<Record<string, string>> {
    return { '--rv-dock-below': `${this.state.below}px`, '--rv-dock-beside': `${this.state.beside}px` };
  }

  get classes(): string {
    return `dock-${this.state.placement}${this.state.collapsed ? ' dock-collapsed' : ''}`;
  }

  private set(patch: Partial<DockState>, persist = true): void {
    this.state = { ...this.state, ...patch };
    if (persist) {
      try {
        localStorage.setItem(KEY, JSON.stringify(this.state));
      } catch (e) {
        console.debug('could not save dock preferences', e);
      }
    }
    this.host.requestUpdate();
  }

  /** The splitter bar between the list and the panel: drag or arrows to resize; fold; move beside/below. */
  renderBar(name: string) {
    const s = this.state;
    const size = s.placement === 'below' ? s.below : s.beside;
    return html`<div class="dock-bar" data-testid="dock-bar">
      <div class="grip" role="separator" tabindex="0" data-testid="dock-resize"
        aria-orientation=${s.placement === 'below' ? 'horizontal' : 'vertical'} aria-label=${msg('Resize the details')}
        aria-valuenow=${size} aria-valuemin=${MIN} @pointerdown=${this.onDown} @keydown=${this.onKey}></div>
      <span class="dock-name" title=${displayText(name)}>${msg(str`Details: ${displayText(name)}`)}</span>
      <button class="btn small ghost" type="button" data-testid="dock-collapse" aria-expanded=${s.collapsed ? 'false' : 'true'}
        @click=${() => this.set({ collapsed: !s.collapsed })}>${s.collapsed ? msg('Show details') : msg('Hide details')}</button>
      <button class="btn small ghost" type="button" data-testid="dock-placement"
        @click=${() => this.set({ placement: s.placement === 'below' ? 'beside' : 'below', collapsed: false })}>
        ${s.placement === 'below' ? msg('Details beside') : msg('Details below')}</button>
    </div>`;
  }

  private readonly onDown = (e: PointerEvent): void => {
    e.preventDefault();
    const grip = e.currentTarget as HTMLElement;
    grip.setPointerCapture(e.pointerId);
    const below = this.state.placement === 'below';
    const start = below ? e.clientY : e.clientX;
    const startSize = below ? this.state.below : this.state.beside;
    const limit = (below ? window.innerHeight : window.innerWidth) * 0.75;
    const move = (m: PointerEvent): void => {
      // The panel is below/right of the bar: dragging up/left makes it bigger.
      const size = Math.round(Math.min(limit, Math.max(MIN, startSize - ((below ? m.clientY : m.clientX) - start))));
      this.set(below ? { below: size, collapsed: false } : { beside: size, collapsed: false }, false);
    };
    const up = (): void => {
      grip.removeEventListener('pointermove', move);
      this.set({});
    };
    grip.addEventListener('pointermove', move);
    grip.addEventListener('pointerup', up, { once: true });
    grip.addEventListener('pointercancel', up, { once: true });
  };

  private readonly onKey = (e: KeyboardEvent): void => {
    const below = this.state.placement === 'below';
    const grow = below ? e.key === 'ArrowUp' : e.key === 'ArrowLeft';
    const shrink = below ? e.key === 'ArrowDown' : e.key === 'ArrowRight';
    if (!grow && !shrink) return;
    e.preventDefault();
    const cur = below ? this.state.below : this.state.beside;
    const size = Math.max(MIN, cur + (grow ? KEY_STEP : -KEY_STEP));
    this.set(below ? { below: size } : { beside: size });
  };
}

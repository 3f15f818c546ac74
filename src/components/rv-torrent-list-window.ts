// Windowing for <rv-torrent-list>: keeps only the rows in view (plus overscan) in the DOM once the list is long, with
// padding above and below standing in for the rest. Rows may differ in height (labels, errors, cards that wrap):
// rendered rows are measured when a ResizeObserver says one joined or changed size (after layout, so measuring
// forces none: re-renders that change no size, such as a snapshot patch, measure nothing), and unmeasured rows count
// as the mean of the measured ones. Works whether the table scrolls inside itself (desktop) or the page scrolls
// (phones, narrow windows).

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { WINDOW_FROM, rowWindow, scrollDelta, type RowWindow } from './list-window.ts';

/** A table row before anything is measured (px): one line of name, padding and border. */
const FIRST_GUESS = 50;

export interface WindowedRow extends HTMLElement {
  readonly torrent: { readonly infoHashHex: string };
}

/** Viewport coordinates (px) of the first row's top and the scrolling box, and the viewport's height. */
interface Geometry {
  readonly rowsTop: number;
  readonly boxTop: number;
  readonly boxBottom: number;
  readonly viewport: number;
}

export class ListWindow implements ReactiveController {
  private readonly heights = new Map<string, number>();
  private sum = 0;
  private ids: readonly string[] = [];
  private layout = '';
  private last: RowWindow | null = null;
  /** Re-renders in a row caused by measuring: a guard against a loop between layout and window. */
  private remeasures = 0;
  /** Rows joining or changing size (null where there is no ResizeObserver: every render measures then). */
  private readonly resizes = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => this.measure(this.rendered()));
  private readonly observed = new Set<Element>();
  private observedTable: Element | null = null;
  /**
   * Where the rows and the scrolling box are, read where layout is already done (scroll and resize events, the
   * observer's callback): a render reads this instead of the DOM, so a render never forces a layout of its own.
   */
  private geometry: Geometry | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    /** The rowgroup holding the torrent rows, and the table box that may scroll. */
    private readonly rowsEl: () => HTMLElement | null,
    private readonly tableEl: () => HTMLElement | null,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('scroll', this.onScroll, { passive: true });
    window.addEventListener('resize', this.onScroll, { passive: true });
  }

  hostDisconnected(): void {
    window.removeEventListener('scroll', this.onScroll);
    window.removeEventListener('resize', this.onScroll);
    this.resizes?.disconnect();
    this.observed.clear();
    this.observedTable = null;
  }

  /** Whether a list this long is windowed at all. */
  static windows(count: number): boolean {
    return count > WINDOW_FROM;
  }

  /** Called from render: which of these rows to render. `layout` names the row shape (cards or table, width). */
  window(ids: readonly string[], layout: string): RowWindow {
    this.ids = ids;
    if (layout !== this.layout) {
      this.layout = layout;
      this.heights.clear();
      this.sum = 0;
    }
    if (!ListWindow.windows(ids.length)) {
      this.last = null;
      return { start: 0, end: ids.length, padTop: 0, padBottom: 0, total: 0 };
    }
    this.last = this.compute();
    return this.last;
  }

  /** Scroll so that row `index` is in view, render it, and return its element. */
  async reveal(index: number): Promise<WindowedRow | null> {
    const id = this.ids[index];
    if (id === undefined) return null;
    const rows = this.rowsEl();
    const table = this.tableEl();
    if (ListWindow.windows(this.ids.length) && rows && table) {
      const top = rows.getBoundingClientRect().top + this.offsetOf(index);
      const bottom = top + this.heightOf(index);
      const scrolls = table.scrollHeight > table.clientHeight + 1;
      if (scrolls) {
        const box = table.getBoundingClientRect();
        const head = table.querySelector('.headgroup')?.getBoundingClientRect().height ?? 0;
        table.scrollTop += scrollDelta(top, bottom, box.top + head, box.top + table.clientHeight);
      } else {
        window.scrollBy(0, scrollDelta(top, bottom, 0, window.innerHeight));
      }
      this.onScroll();
      await this.host.updateComplete;
    }
    return this.find(id);
  }

  find(id: string): WindowedRow | null {
    const rows = this.rowsEl();
    if (!rows) return null;
    for (const el of rows.children) if ((el as WindowedRow).torrent?.infoHashHex === id) return el as WindowedRow;
    return null;
  }

  /**
   * After each render: watch the rows that joined (the observer measures them once laid out) and stop watching those
   * that left. Without an observer, or with nothing measured for this layout yet, measure now.
   */
  hostUpdated(): void {
    if (!this.last) {
      this.remeasures = 0;
      this.unobserve(new Set());
      return;
    }
    const els = this.rendered();
    this.unobserve(new Set(els));
    // The scrolling box too: its height decides how many rows are in view (a panel opening below it, say).
    const table = this.tableEl();
    if (table && table !== this.observedTable) {
      if (this.observedTable) this.resizes?.unobserve(this.observedTable);
      this.observedTable = table;
      this.resizes?.observe(table);
    }
    for (const e of els) {
      if (this.observed.has(e)) continue;
      this.observed.add(e);
      this.resizes?.observe(e);
    }
    if (this.resizes && this.heights.size > 0) return;
    // Rows that just joined render in their own update, after this one: measured before, they are empty boxes.
    const pending = els.map((e) => (e as WindowedRow & { updateComplete?: Promise<unknown> }).updateComplete).filter((p) => p !== undefined);
    void Promise.all(pending).then(() => this.measure(els));
  }

  private rendered(): WindowedRow[] {
    const rows = this.rowsEl();
    return rows ? [...rows.children].filter((e): e is WindowedRow => 'torrent' in e) : [];
  }

  private unobserve(keep: ReadonlySet<Element>): void {
    for (const e of this.observed) {
      if (keep.has(e)) continue;
      this.observed.delete(e);
      this.resizes?.unobserve(e);
    }
  }

  private measure(els: readonly WindowedRow[]): void {
    if (!this.last || els.some((e) => !e.isConnected)) return; // a newer render measures its own rows
    this.readGeometry();
    const tops = els.map((e) => e.getBoundingClientRect());
    for (let k = 0; k < els.length; k++) {
      const id = els[k]!.torrent.infoHashHex;
      const isLast = id === this.ids[this.ids.length - 1];
      const h = k + 1 < els.length ? tops[k + 1]!.top - tops[k]!.top : isLast ? tops[k]!.height : null;
      if (h === null || h <= 0) continue;
      const old = this.heights.get(id);
      if (old !== undefined && Math.abs(old - h) < 0.5) continue;
      this.sum += h - (old ?? 0);
      this.heights.set(id, h);
    }
    // Render again only if the new heights or box move the window or its padding (rows as tall as guessed, nothing).
    const next = this.compute();
    const moved = next.start !== this.last.start || next.end !== this.last.end || Math.abs(next.padTop - this.last.padTop) > 0.5 || Math.abs(next.padBottom - this.last.padBottom) > 0.5;
    if (moved && this.remeasures < 3) {
      this.remeasures++;
      this.host.requestUpdate();
    } else {
      this.remeasures = 0;
    }
  }

  /** The table scrolled inside itself (its scroll events do not reach the window). */
  scrolled(): void {
    this.onScroll();
  }

  /** Scrolled or resized: render again only when the window's edges move. */
  private readonly onScroll = (): void => {
    if (!this.last) return;
    this.readGeometry();
    const next = this.compute();
    if (next.start !== this.last.start || next.end !== this.last.end) this.host.requestUpdate();
  };

  private compute(): RowWindow {
    const { top, bottom } = this.view();
    return rowWindow({ count: this.ids.length, heightOf: (i) => this.heightOf(i), viewTop: top, viewBottom: bottom });
  }

  /** The part of the rows in view, relative to the top of the first row (before the first render: the first screen). */
  private view(): { top: number; bottom: number } {
    if (!this.geometry) this.readGeometry();
    const g = this.geometry;
    if (!g) return { top: 0, bottom: window.innerHeight };
    return { top: Math.max(g.boxTop, 0) - g.rowsTop, bottom: Math.min(g.boxBottom, g.viewport) - g.rowsTop };
  }

  private readGeometry(): void {
    const rows = this.rowsEl();
    const table = this.tableEl();
    if (!rows || !table) return;
    const box = table.getBoundingClientRect();
    this.geometry = { rowsTop: rows.getBoundingClientRect().top, boxTop: box.top, boxBottom: box.bottom, viewport: window.innerHeight };
  }

  private heightOf(i: number): number {
    return this.heights.get(this.ids[i]!) ?? (this.heights.size > 0 ? this.sum / this.heights.size : FIRST_GUESS);
  }

  private offsetOf(index: number): number {
    let y = 0;
    for (let i = 0; i < index; i++) y += this.heightOf(i);
    return y;
  }
}

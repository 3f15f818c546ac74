// Layout assertions run inside the page (through shadow roots): horizontal overflow of the page and of each panel,
// text squeezed below two characters, and row actions that are clipped or covered. Each returns sentences naming
// the element and the numbers, so a failure says what broke where.

import type { Page } from '@playwright/test';

/** Elements that are panels of the layout: none of them may scroll or spill sideways (inner tables may). */
export const PANEL_SELECTOR = [
  'rv-app',
  'rv-torrent-list',
  'rv-torrent-row',
  'rv-detail-panel',
  'rv-sidebar',
  'rv-status-bar',
  '[data-testid="detail-panel"]',
  '[role="tabpanel"]',
  '[data-layout-panel]',
].join(',');

/** Problems found in the current view; an empty list means the layout holds. */
export function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate((panelSelector) => {
    const problems: string[] = [];
    const vw = document.documentElement.clientWidth;
    const vh = document.documentElement.clientHeight;

    /** Every element in the composed tree (light DOM and open shadow roots), in document order. */
    const all: Element[] = [];
    const walk = (root: Document | ShadowRoot): void => {
      for (const el of root.querySelectorAll('*')) {
        all.push(el);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);

    const parentOf = (el: Element): Element | null => {
      if (el.parentElement) return el.parentElement;
      const root = el.getRootNode();
      return root instanceof ShadowRoot ? root.host : null;
    };
    const describe = (el: Element): string => {
      const id = el.getAttribute('data-testid') ?? el.getAttribute('data-col') ?? el.id;
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      const host = el.getRootNode() instanceof ShadowRoot ? `${(el.getRootNode() as ShadowRoot).host.localName} > ` : '';
      return `${host}${el.localName}${cls}${id ? `[${id}]` : ''}`;
    };
    const visible = (el: Element): boolean => el.checkVisibility({ checkOpacity: false, checkVisibilityCSS: true });
    /** Inside an element that scrolls sideways on purpose (a table's own scroller). */
    const inScroller = (el: Element): boolean => {
      for (let p = parentOf(el); p; p = parentOf(p)) {
        const o = getComputedStyle(p).overflowX;
        if ((o === 'auto' || o === 'scroll') && p !== document.documentElement && p !== document.body) return true;
      }
      return false;
    };
    /** The visually-hidden pattern (1px, clipped) is for screen readers, not a squeezed cell. */
    const srOnly = (el: Element): boolean => {
      for (let p: Element | null = el; p; p = parentOf(p)) {
        const r = p.getBoundingClientRect();
        if (r.width <= 1 && r.height <= 1 && getComputedStyle(p).position === 'absolute') return true;
      }
      return false;
    };

    // 1. The page never scrolls sideways.
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth + 1) problems.push(`page overflows sideways: scrollWidth ${doc.scrollWidth} > clientWidth ${doc.clientWidth}`);

    // 2. No panel spills or scrolls sideways.
    for (const el of all) {
      if (!el.matches(panelSelector) || !visible(el)) continue;
      const h = el as HTMLElement;
      if (h.scrollWidth > h.clientWidth + 1) problems.push(`panel ${describe(el)} overflows sideways: scrollWidth ${h.scrollWidth} > clientWidth ${h.clientWidth}`);
      const r = el.getBoundingClientRect();
      if (r.right > vw + 1 || r.left < -1) problems.push(`panel ${describe(el)} sticks out of the viewport: ${Math.round(r.left)}..${Math.round(r.right)} of ${vw}`);
    }

    // 3. No text squeezed below two characters (or below its own width when it is one character long).
    const canvas = document.createElement('canvas').getContext('2d');
    if (!canvas) throw new Error('no 2d canvas');
    for (const el of all) {
      if (el instanceof SVGElement) continue;
      const text = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent ?? '').join('').trim();
      if (!text || !visible(el) || srOnly(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      const style = getComputedStyle(el);
      canvas.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const ch = canvas.measureText('0').width;
      const need = Math.min(2 * ch, canvas.measureText(text).width) - 1;
      if (r.width < need) problems.push(`text ${describe(el)} "${text.slice(0, 30)}" is ${r.width.toFixed(1)}px wide, under ${need.toFixed(1)}px (2ch)`);
    }

    // 4. No control sticks out of the viewport sideways unless it sits in a scroller of its own.
    for (const el of all) {
      if (!(el instanceof HTMLButtonElement || el instanceof HTMLInputElement || el instanceof HTMLSelectElement)) continue;
      if (!visible(el) || srOnly(el) || inScroller(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0) continue;
      if (r.right > vw + 1 || r.left < -1) problems.push(`control ${describe(el)} is cut off: ${Math.round(r.left)}..${Math.round(r.right)} of ${vw}`);
    }

    // 5. Every row action is fully on screen and nothing covers it (each row scrolled into view in turn).
    const deepest = (x: number, y: number): Element | null => {
      let hit: Element | null = document.elementFromPoint(x, y);
      while (hit?.shadowRoot) {
        const inner = hit.shadowRoot.elementFromPoint(x, y);
        if (!inner || inner === hit) break;
        hit = inner;
      }
      return hit;
    };
    const contains = (outer: Element, inner: Element | null): boolean => {
      for (let p = inner; p; p = parentOf(p)) if (p === outer) return true;
      return false;
    };
    const scrollX = window.scrollX;
    const scrollY = window.scrollY;
    const scrolled = all.filter((e) => e.scrollTop !== 0 || e.scrollLeft !== 0).map((e) => [e, e.scrollTop, e.scrollLeft] as const);
    const zero = all.filter((e) => e.scrollTop === 0 && e.scrollLeft === 0);
    for (const rowEl of all.filter((e) => e.localName === 'rv-torrent-row' && visible(e))) {
      const actions = [...(rowEl.shadowRoot?.querySelectorAll('[data-col="actions"] button') ?? [])].filter(visible);
      if (actions.length === 0) problems.push(`row ${rowEl.shadowRoot?.querySelector('[data-infohash]')?.getAttribute('data-infohash')} shows no actions`);
      for (const b of actions) {
        b.scrollIntoView({ block: 'center', inline: 'nearest' });
        const r = b.getBoundingClientRect();
        const label = b.getAttribute('aria-label') ?? b.textContent?.trim() ?? '';
        if (r.left < -0.5 || r.top < -0.5 || r.right > vw + 0.5 || r.bottom > vh + 0.5 || r.width < 8 || r.height < 8) {
          problems.push(`row action "${label}" is not fully visible: ${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}x${Math.round(r.height)} in ${vw}x${vh}`);
          continue;
        }
        for (const [fx, fy] of [[0.5, 0.5], [0.15, 0.15], [0.85, 0.85]] as const) {
          const hit = deepest(r.left + r.width * fx, r.top + r.height * fy);
          if (!contains(b, hit)) {
            problems.push(`row action "${label}" is covered by ${hit ? describe(hit) : 'nothing'}`);
            break;
          }
        }
      }
    }
    window.scrollTo(scrollX, scrollY);
    for (const e of zero) if (e.scrollTop !== 0 || e.scrollLeft !== 0) e.scrollTo(0, 0);
    for (const [e, top, left] of scrolled) e.scrollTo(left, top);
    return problems;
  }, PANEL_SELECTOR);
}

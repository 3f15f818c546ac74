// The in-page helpers the browser benches share, installed as an init script before the app runs. The app's
// elements live in shadow roots: a bench finds them through every root (`deepQuery`), and events that do not leave
// a shadow root (`change`, media events, clicks on inner buttons) are caught with a capture listener on every root
// as it is attached (`onShadowRoot`). Page functions handed to Playwright cannot import, so they reach these
// through `window.__rvBench`.

import type { BrowserContext } from '@playwright/test';

export interface PageProbes {
  /** The first element matching `selector` in the document or any shadow root below it. */
  deepQuery<T extends Element = HTMLElement>(selector: string): T | null;
  /** Calls `listener` with every shadow root attached from now on. */
  onShadowRoot(listener: (root: ShadowRoot) => void): void;
}

declare global {
  interface Window {
    __rvBench: PageProbes;
  }
}

/** Runs in the page (serialised by Playwright: self-contained). */
function installPageProbes(): void {
  const listeners: ((root: ShadowRoot) => void)[] = [];
  const deepQuery = <T extends Element>(selector: string, root: Document | ShadowRoot = document): T | null => {
    const hit = root.querySelector<T>(selector);
    if (hit) return hit;
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) {
        const inner = deepQuery<T>(selector, el.shadowRoot);
        if (inner) return inner;
      }
    }
    return null;
  };
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init: ShadowRootInit): ShadowRoot {
    const root = attach.call(this, init);
    for (const listener of listeners) listener(root);
    return root;
  };
  window.__rvBench = {
    deepQuery: (selector) => deepQuery(selector),
    onShadowRoot: (listener) => void listeners.push(listener),
  };
}

/** Installs the probes in every page of `context` (before the bench's own init scripts, which may use them). */
export async function addPageProbes(context: BrowserContext): Promise<void> {
  await context.addInitScript(installPageProbes);
}

// The service worker through workbox-window: registration, and the update prompt. A new version's worker waits
// (sw.ts never skips waiting on its own, so a page never runs old code against a new worker); the banner's Reload
// posts SKIP_WAITING to it and reloads once it controls the page.

import { Workbox } from 'workbox-window';
import '../components/rv-update-banner.ts';

/** If the waiting worker never takes over (another tab already activated it, or it failed), reload anyway. */
const TAKEOVER_TIMEOUT_MS = 10_000;

export function registerServiceWorker(scriptUrl: string, scope: string): Workbox {
  const wb = new Workbox(scriptUrl, { type: 'module', scope });
  // Also fires at registration for a worker left waiting by an earlier visit (wasWaitingBeforeRegister).
  wb.addEventListener('waiting', () => offerUpdate(wb));
  wb.register().catch((e: unknown) => console.warn('Service worker registration failed', e));
  return wb;
}

function offerUpdate(wb: Workbox): void {
  const shown = document.querySelector('rv-update-banner');
  if (shown) {
    shown.hidden = false;
    return;
  }
  const banner = document.createElement('rv-update-banner');
  banner.addEventListener('reload', () => {
    navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
    setTimeout(() => location.reload(), TAKEOVER_TIMEOUT_MS);
    wb.messageSkipWaiting();
  });
  document.body.append(banner);
}

// Page layout of <rv-app>: header, centred column, the list with its detail panel (a side column on wide screens,
// the whole page on narrow ones), drop overlay and toast stack.

import { css } from 'lit';

export const appStyles = css`
  :host {
    display: block;
    min-height: 100vh;
    min-height: 100dvh;
    background: var(--rv-bg);
    font-size: 1rem;
    line-height: 1.5;
    -webkit-font-smoothing: antialiased;
  }
  .page {
    max-width: 96rem;
    margin: 0 auto;
    padding: 1.5rem 1.5rem 4rem;
  }
  .top {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.25rem 1rem;
    margin-bottom: 1.25rem;
  }
  .brand {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    margin: 0;
    font-size: 1.375rem;
    font-weight: 700;
    letter-spacing: -0.01em;
  }
  .logo {
    display: inline-grid;
    place-items: center;
    width: 2rem;
    height: 2rem;
    border-radius: 8px;
    background: var(--rv-accent);
    color: var(--rv-on-accent);
  }
  .logo svg {
    width: 1.2rem;
    height: 1.2rem;
  }
  .tagline {
    margin: 0;
    font-size: 0.875rem;
  }
  .settings-btn {
    margin-left: auto;
    align-self: center;
  }
  .top .speed-control {
    margin-left: auto;
    align-self: center;
  }
  .top .speed-control + .settings-btn {
    margin-left: 0;
  }
  main {
    display: grid;
    gap: 1.25rem;
  }
  .panel {
    padding: 1rem;
    border: 1px solid var(--rv-border);
    border-radius: var(--rv-radius);
    background: var(--rv-surface);
    box-shadow: var(--rv-shadow);
  }
  .jobs {
    display: grid;
    gap: 0.75rem;
  }
  .workspace {
    display: grid;
    gap: 1rem;
    min-width: 0;
  }
  @media (min-width: 1100px) {
    .detail-open .workspace {
      grid-template-columns: minmax(0, 1fr) minmax(22rem, 30rem);
      align-items: start;
    }
    rv-detail-panel {
      position: sticky;
      top: 1rem;
      max-height: calc(100vh - 2rem);
      max-height: calc(100dvh - 2rem);
      overflow: auto;
      border-radius: var(--rv-radius);
    }
  }
  @media (max-width: 1099.98px) {
    /* The panel is the whole page: what it covers leaves the page (and the accessibility tree) meanwhile. */
    .detail-open .hide-narrow {
      display: none;
    }
    .page.detail-open {
      padding: 0;
    }
    .detail-open main {
      gap: 0;
    }
    .detail-open rv-detail-panel {
      min-height: 100vh;
      min-height: 100dvh;
      background: var(--rv-surface);
    }
  }
  .overlay {
    position: fixed;
    inset: 0;
    z-index: 10;
    display: grid;
    place-items: center;
    padding: 1.5rem;
    background: color-mix(in srgb, var(--rv-bg) 75%, transparent);
    backdrop-filter: blur(2px);
    pointer-events: none;
  }
  .overlay-box {
    display: grid;
    justify-items: center;
    gap: 0.4rem;
    width: min(32rem, 100%);
    padding: 3rem 1.5rem;
    border: 3px dashed var(--rv-accent);
    border-radius: 16px;
    background: var(--rv-accent-soft);
    color: var(--rv-text);
    text-align: center;
  }
  .overlay-box svg {
    width: 2.5rem;
    height: 2.5rem;
    color: var(--rv-accent);
  }
  .overlay-box strong {
    font-size: 1.25rem;
  }
  .toasts {
    position: fixed;
    right: 1rem;
    bottom: 1rem;
    z-index: 20;
    display: grid;
    gap: 0.5rem;
    width: min(24rem, calc(100vw - 2rem));
  }
  .toast {
    display: flex;
    align-items: flex-start;
    gap: 0.5rem;
    padding: 0.65rem 0.5rem 0.65rem 0.9rem;
    border: 1px solid var(--rv-border);
    border-left: 4px solid var(--rv-accent);
    border-radius: 8px;
    background: var(--rv-surface);
    box-shadow: 0 8px 24px rgb(0 0 0 / 0.15);
    font-size: 0.875rem;
  }
  .toast.error {
    border-left-color: var(--rv-danger);
  }
  .toast-text {
    flex: 1;
    min-width: 0;
    padding-top: 0.2rem;
    overflow-wrap: anywhere;
  }
  .btn.icon {
    min-height: 1.75rem;
    padding: 0.2rem;
    border-color: transparent;
    background: transparent;
  }
  @media (max-width: 600px) {
    .page {
      padding: 1rem 0.75rem 5rem;
    }
    .toasts {
      right: 0.75rem;
      left: 0.75rem;
      width: auto;
    }
  }
`;

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
    padding: 1rem 1rem 4rem;
  }
  .top {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 1rem;
    margin-bottom: 0.75rem;
  }
  .brand {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    margin: 0;
    font-size: 1.25rem;
    font-weight: 700;
    letter-spacing: -0.01em;
  }
  .logo {
    display: inline-grid;
    place-items: center;
    width: 1.9rem;
    height: 1.9rem;
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
  .filters-btn {
    margin-left: auto;
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
    gap: 0.75rem;
    min-width: 0;
  }
  .panel {
    padding: 0.75rem 1rem;
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
    gap: 0.75rem;
    min-width: 0;
  }
  .side {
    display: none;
    min-width: 0;
  }
  .side.open {
    display: block;
    padding: 0.5rem;
    border: 1px solid var(--rv-border);
    border-radius: var(--rv-radius);
    background: var(--rv-surface);
  }
  .dock-bar {
    display: none;
  }
  rv-status-bar {
    margin: 0.75rem -1rem -4rem;
  }
  /* Wide screens: an application window. Sidebar | list, the detail panel below or beside the list behind a
     splitter, the status bar at the foot; only the list and the panel scroll, inside themselves. */
  @media (min-width: 900px) {
    .page {
      display: flex;
      flex-direction: column;
      height: 100vh;
      height: 100dvh;
      padding: 0.75rem 1rem 0;
      overflow: hidden;
    }
    .filters-btn {
      display: none;
    }
    .settings-btn {
      margin-left: auto;
    }
    .top {
      margin-bottom: 0.5rem;
    }
    main {
      flex: 1 1 auto;
      grid-template-rows: auto auto minmax(0, 1fr);
      min-height: 0;
    }
    main > .panel {
      padding: 0.5rem 0.75rem;
    }
    .jobs {
      max-height: 30vh;
      overflow: auto;
    }
    .workspace {
      grid-row: 3;
      grid-template-columns: 11.5rem minmax(0, 1fr);
      grid-template-rows: minmax(0, 1fr);
      grid-template-areas: 'side list';
      min-height: 0;
      gap: 0 1rem;
    }
    .side,
    .side.open {
      grid-area: side;
      display: block;
      overflow: auto;
      padding: 0;
      border: 0;
      background: none;
    }
    rv-torrent-list {
      grid-area: list;
      min-height: 0;
    }
    .detail-open .workspace {
      grid-template-rows: minmax(8rem, 1fr) auto var(--rv-dock-below);
      grid-template-areas: 'side list' 'side bar' 'side detail';
    }
    .detail-open.dock-beside .workspace {
      grid-template-columns: 11.5rem minmax(0, 1fr) auto var(--rv-dock-beside);
      grid-template-rows: minmax(0, 1fr);
      grid-template-areas: 'side list bar detail';
    }
    .detail-open.dock-collapsed .workspace {
      grid-template-rows: minmax(8rem, 1fr) auto 0;
    }
    .detail-open.dock-beside.dock-collapsed .workspace {
      grid-template-columns: 11.5rem minmax(0, 1fr) auto 0;
    }
    .dock-collapsed rv-detail-panel {
      display: none;
    }
    .dock-bar {
      grid-area: bar;
      display: flex;
      align-items: center;
      gap: 0.5rem;
      min-width: 0;
      padding: 0.25rem 0;
      font-size: 0.8125rem;
    }
    .dock-beside .dock-bar {
      flex-direction: column;
      justify-content: center;
      padding: 0 0.25rem;
    }
    .dock-beside .dock-name,
    .dock-beside .dock-bar .btn {
      display: none;
    }
    .dock-name {
      flex: 1;
      min-width: 0;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
      color: var(--rv-muted);
    }
    .grip {
      flex: none;
      width: 3rem;
      height: 0.6rem;
      border-radius: 999px;
      background: var(--rv-border);
      cursor: row-resize;
      touch-action: none;
    }
    .dock-beside .grip {
      width: 0.6rem;
      height: 3rem;
      cursor: col-resize;
    }
    .grip:hover,
    .grip:focus-visible {
      background: var(--rv-accent);
      outline: none;
    }
    rv-detail-panel {
      grid-area: detail;
      min-width: 0;
      min-height: 0;
      overflow: auto;
      border-radius: var(--rv-radius);
      margin-bottom: 0.5rem;
    }
    rv-status-bar {
      flex: none;
      position: static;
      margin: 0.5rem -1rem 0;
    }
  }
  @media (max-width: 899.98px) {
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
    width: min(26rem, calc(100vw - 2rem));
  }
  .share-toast {
    max-height: calc(100dvh - 2rem);
    overflow: auto;
    border-radius: var(--rv-radius);
    box-shadow: 0 8px 24px rgb(0 0 0 / 0.18);
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
      padding: 0.75rem 0.75rem 4rem;
    }
    rv-status-bar {
      margin: 0.75rem -0.75rem -4rem;
    }
    .toasts {
      right: 0.75rem;
      left: 0.75rem;
      width: auto;
    }
  }
`;

// Look of <rv-detail-panel>: a side column on wide screens, a full-screen sheet on phones (placed by rv-app).

import { css } from 'lit';

export const panelStyles = css`
  :host {
    display: block;
    min-width: 0;
  }
  .panel {
    display: grid;
    /* One column that never grows past the panel: wide content (tables) scrolls inside its own box. */
    grid-template-columns: minmax(0, 1fr);
    gap: 0.75rem;
    padding: 0.9rem 1rem 1.25rem;
    border: 1px solid var(--rv-border);
    border-radius: var(--rv-radius);
    background: var(--rv-surface);
    box-shadow: var(--rv-shadow);
    min-width: 0;
  }
  .head {
    display: flex;
    align-items: flex-start;
    gap: 0.5rem;
  }
  h2 {
    flex: 1;
    min-width: 0;
    margin: 0.35rem 0 0;
    font-size: 1rem;
    line-height: 1.35;
    overflow-wrap: anywhere;
  }
  h2:focus {
    outline: none;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem;
  }
  .qr[hidden] {
    display: none;
  }
  .qr p {
    margin: 0.4rem 0 0;
    text-align: center;
    font-size: 0.8125rem;
  }
  .facts {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(7rem, 1fr));
    gap: 0.35rem 0.75rem;
    margin: 0;
    font-size: 0.8125rem;
    line-height: 1.3;
  }
  .facts .wide {
    grid-column: 1 / -1;
  }
  .facts dt {
    color: var(--rv-muted);
    font-size: 0.75rem;
  }
  .facts dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .mono {
    font-family: var(--rv-mono);
    font-size: 0.75rem;
  }
  .err {
    color: var(--rv-danger);
  }
  .tabs {
    display: flex;
    gap: 0.25rem;
    overflow-x: auto;
    border-bottom: 1px solid var(--rv-border);
  }
  [role='tab'] {
    flex: none;
    min-height: 2.5rem;
    padding: 0.4rem 0.6rem;
    border: 0;
    border-bottom: 3px solid transparent;
    background: none;
    color: var(--rv-muted);
    font: inherit;
    font-size: 0.875rem;
    font-weight: 600;
    cursor: pointer;
  }
  [role='tab'][aria-selected='true'] {
    border-bottom-color: var(--rv-accent);
    color: var(--rv-text);
  }
  .tabpanel {
    min-width: 0;
  }
  .note {
    margin: 0;
    padding: 0.5rem 0;
    font-size: 0.875rem;
  }
  @media (max-width: 1099.98px) {
    .panel {
      min-height: 100%;
      border: 0;
      border-radius: 0;
      box-shadow: none;
      padding-bottom: 4rem;
    }
    .head {
      position: sticky;
      top: 0;
      z-index: 1;
      margin: -0.9rem -1rem 0;
      padding: 0.6rem 1rem;
      border-bottom: 1px solid var(--rv-border);
      background: var(--rv-surface);
    }
  }
`;

// Layout of <rv-torrent-row>: a two-column row on wide lists, a stacked card below 600px of its own width.

import { css } from 'lit';

export const rowStyles = css`
  :host {
    display: block;
    container-type: inline-size;
  }
  .row {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    /* Only always-present parts get areas: an empty named track would still add a gap. */
    grid-template-areas:
      'main actions'
      'progress progress'
      'stats stats';
    gap: 0.5rem 1rem;
    padding: 0.9rem 1rem;
  }
  .main {
    grid-area: main;
    min-width: 0;
  }
  .name {
    margin: 0;
    font-size: 0.9375rem;
    font-weight: 600;
    line-height: 1.35;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .sub {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem;
    margin: 0.15rem 0 0;
    font-size: 0.8125rem;
  }
  .state::before {
    content: '';
    display: inline-block;
    width: 0.5rem;
    height: 0.5rem;
    margin-right: 0.35rem;
    border-radius: 50%;
    background: var(--rv-muted);
    vertical-align: 0.05em;
  }
  .state-downloading::before {
    background: var(--rv-accent);
  }
  .state-seeding::before {
    background: var(--rv-ok);
  }
  .state-error::before {
    background: var(--rv-danger);
  }
  .actions {
    grid-area: actions;
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    align-items: flex-start;
    gap: 0.4rem;
  }
  .chev svg {
    display: block;
    transition: transform 150ms;
  }
  .chev.open svg {
    transform: rotate(90deg);
  }
  .progress {
    grid-area: progress;
    display: grid;
    grid-template-columns: minmax(0, 1fr) 3.75rem;
    align-items: center;
    gap: 0.75rem;
  }
  .pct {
    font-size: 0.8125rem;
    font-variant-numeric: tabular-nums;
    text-align: right;
  }
  .stats {
    grid-area: stats;
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1.25rem;
    font-size: 0.8125rem;
    font-variant-numeric: tabular-nums;
  }
  .stats > span {
    display: inline-flex;
    align-items: center;
    gap: 0.25rem;
  }
  .stats svg {
    width: 0.95em;
    height: 0.95em;
  }
  .err {
    margin: 0.2rem 0 0;
    color: var(--rv-danger);
    font-size: 0.8125rem;
    overflow-wrap: anywhere;
  }
  .files {
    grid-column: 1 / -1;
  }
  dialog {
    width: min(34rem, calc(100vw - 2rem));
    padding: 1.25rem;
    border: 1px solid var(--rv-border);
    border-radius: var(--rv-radius);
    background: var(--rv-surface);
    color: var(--rv-text);
    box-shadow: 0 12px 40px rgb(0 0 0 / 0.25);
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.4);
  }
  dialog h2 {
    margin: 0 0 0.5rem;
    font-size: 1.0625rem;
  }
  dialog p {
    margin: 0 0 0.75rem;
    font-size: 0.875rem;
  }
  .dlg-name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .dlg-actions {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: 0.5rem;
    margin-top: 1rem;
  }
  @container (max-width: 600px) {
    .row {
      grid-template-columns: minmax(0, 1fr);
      grid-template-areas: 'main' 'progress' 'stats' 'actions';
    }
    .name {
      white-space: normal;
      overflow-wrap: anywhere;
    }
    .actions {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(8.5rem, 1fr));
    }
  }
`;

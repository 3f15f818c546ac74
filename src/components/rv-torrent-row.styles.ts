// Look of <rv-torrent-row>: a table row (columns from table-columns.styles.ts) on wide lists, a card below 640px.

import { css } from 'lit';

export const rowStyles = css`
  :host {
    display: block;
    container-type: inline-size;
  }
  .row {
    padding: 0.55rem 0.75rem;
    font-size: 0.8125rem;
    cursor: default;
  }
  :host([selected]) .row {
    background: color-mix(in srgb, var(--rv-accent-soft) 70%, transparent);
  }
  :host([aria-current='true']) .row {
    background: var(--rv-accent-soft);
    box-shadow: inset 3px 0 0 var(--rv-accent);
  }
  .name-cell {
    display: flex;
    align-items: flex-start;
    gap: 0.4rem;
  }
  .pick {
    flex: none;
    width: 1.1rem;
    height: 1.1rem;
    margin: 0.6rem 0 0;
    accent-color: var(--rv-accent);
  }
  .name-box {
    flex: 1;
    min-width: 0;
  }
  .name-btn {
    display: block;
    width: 100%;
    color: inherit;
    font: inherit;
    min-height: 2.25rem;
    padding: 0.2rem 0.25rem;
    border: 0;
    border-radius: 6px;
    background: none;
    text-align: left;
    cursor: pointer;
  }
  .name-btn:hover .name {
    text-decoration: underline;
  }
  .name {
    display: block;
    font-size: 0.875rem;
    font-weight: 600;
    line-height: 1.35;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .labels {
    display: flex;
    flex-wrap: nowrap;
    overflow: hidden;
    gap: 0.25rem;
    margin-top: 0.15rem;
  }
  .err {
    display: block;
    color: var(--rv-danger);
    font-size: 0.75rem;
    overflow-wrap: anywhere;
  }
  .k {
    display: none;
  }
  .k svg {
    width: 0.95em;
    height: 0.95em;
    vertical-align: -0.1em;
  }
  .progress {
    display: grid;
    gap: 0.2rem;
  }
  .pct {
    font-size: 0.75rem;
    font-variant-numeric: tabular-nums;
  }
  /* Why nothing happens: one line in the state cell, the whole sentence on hover. */
  .reason {
    display: block;
    max-width: 100%;
    font-size: 0.75rem;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
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
  .state-downloading::before,
  .state-metadata::before {
    background: var(--rv-accent);
  }
  .state-select::before,
  .state-queued::before {
    background: #d97706;
  }
  .state-seeding::before {
    background: var(--rv-ok);
  }
  .state-error::before {
    background: var(--rv-danger);
  }
  .choose {
    margin-top: 0.25rem;
  }
  .actions {
    display: flex;
    gap: 0.125rem;
  }
  .actions .btn.icon {
    min-width: 2rem;
  }
  .more {
    font-size: 1.1rem;
    line-height: 1;
  }
  .actions svg {
    width: 1.1em;
    height: 1.1em;
  }
  @container (max-width: 639.98px) {
    .labels {
      flex-wrap: wrap;
    }
    .row.cols {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.35rem 0.9rem;
      padding: 0.75rem;
    }
    [data-col] {
      display: inline-flex !important;
      align-items: center;
      gap: 0.3rem;
    }
    [data-col='name'] {
      display: block !important;
      flex: 1 1 0;
      min-width: 0;
    }
    [data-col='actions'] {
      flex: none;
      margin-left: auto;
    }
    [data-col='progress'] {
      display: grid !important;
      flex: 1 1 100%;
      order: 1;
    }
    [data-col='state'] {
      order: 2;
    }
    [data-col='size'],
    [data-col='down'],
    [data-col='up'],
    [data-col='eta'],
    [data-col='seeds'],
    [data-col='peers'],
    [data-col='ratio'],
    [data-col='added'] {
      order: 3;
      text-align: left;
    }
    [data-col='added'] {
      display: none !important;
    }
    .k {
      display: inline;
      color: var(--rv-muted);
    }
    .name {
      white-space: normal;
      overflow-wrap: anywhere;
    }
    .pick {
      width: 1.35rem;
      height: 1.35rem;
      margin-top: 0.45rem;
    }
  }
`;

// Look of <rv-torrent-list>: toolbar, the table (header row + rows in one grid), cards below 640px, column chooser.

import { css } from 'lit';

export const listStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    min-width: 0;
    min-height: 0;
    container-type: inline-size;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.4rem 0.5rem;
    margin-bottom: 0.5rem;
  }
  .filter {
    flex: 1 1 12rem;
    min-width: 0;
    min-height: 2.25rem;
  }
  .bulk {
    display: flex;
    flex-wrap: wrap;
    gap: 0.3rem;
  }
  .bulk svg {
    width: 1em;
    height: 1em;
  }
  .field {
    display: inline-flex;
    align-items: center;
    gap: 0.35rem;
    font-size: 0.8125rem;
  }
  .count {
    margin-left: auto;
    font-size: 0.8125rem;
    white-space: nowrap;
  }
  .columns-menu {
    position: relative;
  }
  .columns-menu summary {
    list-style: none;
    cursor: pointer;
  }
  .columns-menu summary::-webkit-details-marker {
    display: none;
  }
  .pop {
    position: absolute;
    z-index: 5;
    top: calc(100% + 4px);
    right: 0;
    display: grid;
    gap: 0.1rem;
    min-width: 14rem;
    margin: 0;
    padding: 0.4rem;
    border: 1px solid var(--rv-border);
    border-radius: 8px;
    background: var(--rv-surface);
    box-shadow: 0 10px 30px rgb(0 0 0 / 0.2);
    list-style: none;
    font-size: 0.875rem;
  }
  .pop li {
    display: flex;
    align-items: center;
    gap: 0.2rem;
  }
  .pop label {
    flex: 1;
    display: flex;
    align-items: center;
    gap: 0.4rem;
    min-height: 2rem;
  }
  .pop .btn.icon {
    min-width: 1.9rem;
    min-height: 1.9rem;
  }
  .pop svg {
    width: 0.9em;
    height: 0.9em;
  }
  .table {
    flex: 1 1 auto;
    min-height: 0;
    overflow: auto;
    scrollbar-gutter: stable;
    border: 1px solid var(--rv-border);
    border-radius: var(--rv-radius);
    background: var(--rv-surface);
    box-shadow: var(--rv-shadow);
  }
  .headgroup {
    position: sticky;
    top: 0;
    z-index: 1;
    background: var(--rv-surface);
  }
  .job-row {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(8rem, 16rem) auto;
    align-items: center;
    gap: 0.75rem;
    padding: 0.55rem 0.75rem;
    border-bottom: 1px solid var(--rv-border);
    background: color-mix(in srgb, var(--rv-accent-soft) 40%, transparent);
    font-size: 0.8125rem;
  }
  .job-name {
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    font-weight: 600;
  }
  .job-progress {
    display: grid;
    gap: 0.2rem;
    font-size: 0.75rem;
  }
  .table.cards .job-row {
    border: 1px solid var(--rv-border);
    border-radius: var(--rv-radius);
  }
  rv-torrent-row + rv-torrent-row {
    border-top: 1px solid var(--rv-border);
  }
  .none {
    padding: 1.5rem;
    text-align: center;
    font-size: 0.875rem;
  }
  .empty {
    display: grid;
    justify-items: center;
    gap: 0.5rem;
    padding: 3rem 1.5rem;
    border: 2px dashed var(--rv-border);
    border-radius: var(--rv-radius);
    text-align: center;
  }
  .empty svg {
    width: 2.5rem;
    height: 2.5rem;
    color: var(--rv-accent);
  }
  .empty h2 {
    margin: 0;
    font-size: 1.0625rem;
  }
  .empty p {
    margin: 0;
    max-width: 34rem;
    font-size: 0.875rem;
  }
  dialog input.text {
    width: 100%;
    margin: 0.5rem 0;
  }
  .table.cards {
    overflow: visible;
    border: 0;
    background: none;
    box-shadow: none;
    display: grid;
    gap: 0.6rem;
  }
  .table.cards .headgroup {
    display: none;
  }
  .table.cards rv-torrent-row,
  .table.cards rv-torrent-row + rv-torrent-row {
    border: 1px solid var(--rv-border);
    border-radius: var(--rv-radius);
    background: var(--rv-surface);
    box-shadow: var(--rv-shadow);
    overflow: hidden;
  }
  @container (max-width: 700px) {
    /* Icons only; the words stay for screen readers. */
    .lbl {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
  }
`;

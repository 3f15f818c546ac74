// The torrent table's columns, shared by the header (in <rv-torrent-list>) and every <rv-torrent-row>: one grid whose
// template the list computes from the user's columns and its own width (`--rv-cols`, inherited through shadow
// roots), so headers and cells always line up. Cells carry `data-col` and come in the chosen order.

import { css } from 'lit';

export const columnStyles = css`
  .cols {
    display: grid;
    grid-template-columns: var(--rv-cols, minmax(11rem, 1fr) 10rem);
    align-items: center;
    column-gap: 0.5rem;
  }
  [data-col] {
    min-width: 0;
  }
  [data-col='actions'] {
    justify-self: end;
  }
  .num {
    text-align: right;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
`;

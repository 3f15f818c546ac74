// The torrent table's columns, shared by the header (in <rv-torrent-list>) and every <rv-torrent-row>: the same
// grid and the same container breakpoints, so headers and cells always line up. Cells carry `data-col`.

import { css } from 'lit';

/** Container widths (px) at which columns drop out; below CARD_MAX rows turn into cards and the header hides. */
export const WIDE_MIN = 1120;
export const MEDIUM_MIN = 880;
export const CARD_MAX = 640;

export const columnStyles = css`
  .cols {
    display: grid;
    grid-template-columns:
      minmax(9rem, 1fr) 5rem 6.5rem 7.5rem 5.75rem 5.75rem 4.75rem 4.5rem 4.5rem 3.5rem 8.5rem 7.25rem;
    grid-template-areas: 'name size progress state down up eta seeds peers ratio added actions';
    align-items: center;
    column-gap: 0.5rem;
  }
  [data-col='name'] { grid-area: name; min-width: 0; }
  [data-col='size'] { grid-area: size; }
  [data-col='progress'] { grid-area: progress; }
  [data-col='state'] { grid-area: state; }
  [data-col='down'] { grid-area: down; }
  [data-col='up'] { grid-area: up; }
  [data-col='eta'] { grid-area: eta; }
  [data-col='seeds'] { grid-area: seeds; }
  [data-col='peers'] { grid-area: peers; }
  [data-col='ratio'] { grid-area: ratio; }
  [data-col='added'] { grid-area: added; }
  [data-col='actions'] { grid-area: actions; justify-self: end; }
  .num {
    text-align: right;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  @container (max-width: 1119.98px) {
    .cols {
      grid-template-columns: minmax(9rem, 1fr) 5rem 6.5rem 7.5rem 5.75rem 5.75rem 4.75rem 4.5rem 4.5rem 7.25rem;
      grid-template-areas: 'name size progress state down up eta seeds peers actions';
    }
    [data-col='ratio'],
    [data-col='added'] {
      display: none;
    }
  }
  @container (max-width: 879.98px) {
    .cols {
      grid-template-columns: minmax(8rem, 1fr) 6rem 7rem 5.75rem 5.75rem 7.25rem;
      grid-template-areas: 'name progress state down up actions';
    }
    [data-col='size'],
    [data-col='eta'],
    [data-col='seeds'],
    [data-col='peers'] {
      display: none;
    }
  }
`;

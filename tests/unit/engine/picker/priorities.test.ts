// File priorities to piece priorities: a piece takes the highest priority of the wanted files it touches.

import { describe, expect, it } from 'vitest';
import type { TorrentFile } from '../../../../src/engine/metainfo/types.ts';
import { DEFAULT_PRIORITY, piecePriorities, prioritiesFromSelection } from '../../../../src/engine/picker/priorities.ts';

/** Files laid end to end from lengths; a length written as 'p12' is a 12-byte BEP 47 pad file. */
function layout(...lengths: (number | string)[]): TorrentFile[] {
  let offset = 0;
  return lengths.map((l, i) => {
    const pad = typeof l === 'string';
    const length = pad ? Number(l.slice(1)) : l;
    const name = pad ? `.pad/${length}` : `f${i}`;
    const f: TorrentFile = { path: [name], safePath: [name], name, length, offset, pad, attr: pad ? 'p' : '' };
    offset += length;
    return f;
  });
}

const P = 10; // piece length in these pictures

describe('piecePriorities', () => {
  it.each([
    { name: 'one file, all normal', files: layout(30), prio: [4], want: [4, 4, 4] },
    { name: 'a skipped file leaves its pieces at 0', files: layout(20, 10), prio: [4, 0], want: [4, 4, 0] },
    { name: 'a piece shared by a skipped and a wanted file is wanted', files: layout(15, 15), prio: [0, 4], want: [0, 4, 4] },
    { name: 'the higher of two files wins a shared piece', files: layout(15, 15), prio: [1, 7], want: [1, 7, 7] },
    { name: 'a file inside one piece gives only that piece', files: layout(12, 3, 15), prio: [0, 7, 0], want: [0, 7, 0] },
    { name: 'missing entries default to normal', files: layout(10, 10), prio: [1], want: [1, DEFAULT_PRIORITY] },
    { name: 'a zero-length file gives nothing', files: layout(10, 0, 10), prio: [0, 7, 0], want: [0, 0] },
    { name: 'negative priorities count as skip', files: layout(20), prio: [-1], want: [0, 0] },
  ])('$name', ({ files, prio, want }) => {
    const total = files.reduce((n, f) => n + f.length, 0);
    expect([...piecePriorities(files, prio, P, Math.ceil(total / P))]).toEqual(want);
  });

  it('never lets a pad file make a piece wanted (BEP 47)', () => {
    // f0 ends at 8, a pad fills to 10, f2 starts piece 1. With f0 skipped, piece 0 holds only f0 and padding.
    const files = layout(8, 'p2', 10);
    expect([...piecePriorities(files, [0, 4, 4], P, 2)]).toEqual([0, 4]);
  });
});

describe('prioritiesFromSelection (BEP 53 so=)', () => {
  it('wants every file when there is no selection', () => {
    expect(prioritiesFromSelection(3, undefined)).toEqual([4, 4, 4]);
  });

  it('wants the listed files and skips the rest, ignoring indexes past the end', () => {
    expect(prioritiesFromSelection(4, [0, 2, 9])).toEqual([4, 0, 4, 0]);
  });

  it('skips everything for an empty selection', () => {
    expect(prioritiesFromSelection(2, [])).toEqual([0, 0]);
  });
});

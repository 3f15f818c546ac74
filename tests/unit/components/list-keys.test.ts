// Keys on the torrent table: what each does with the focused row and the selection, and which keys are left alone.

import { describe, expect, it } from 'vitest';
import { listKeyCommand, type ListKey } from '../../../src/components/list-keys.ts';

const order = ['a', 'b', 'c', 'd'];
const key = (k: string, over: Partial<ListKey> = {}): ListKey => ({ key: k, shiftKey: false, ctrlKey: false, metaKey: false, onButton: false, onInput: false, ...over });

describe('listKeyCommand', () => {
  it('moves with arrows, Home and End (Shift extends), and from nowhere to the first or last row', () => {
    expect(listKeyCommand(key('ArrowDown'), order, 'b', [])).toEqual({ kind: 'move', to: 'c', extend: false });
    expect(listKeyCommand(key('ArrowUp', { shiftKey: true }), order, 'b', [])).toEqual({ kind: 'move', to: 'a', extend: true });
    expect(listKeyCommand(key('End'), order, 'b', [])).toEqual({ kind: 'move', to: 'd', extend: false });
    expect(listKeyCommand(key('Home', { shiftKey: true }), order, 'c', [])).toEqual({ kind: 'move', to: 'a', extend: true });
    expect(listKeyCommand(key('ArrowDown'), order, null, [])).toEqual({ kind: 'move', to: 'a', extend: false });
    expect(listKeyCommand(key('ArrowDown'), [], null, [])).toBeNull();
  });

  it('acts on the selection, else on the focused row', () => {
    expect(listKeyCommand(key(' '), order, 'b', ['c', 'd'])).toEqual({ kind: 'pause-or-resume', targets: ['c', 'd'] });
    expect(listKeyCommand(key(' '), order, 'b', [])).toEqual({ kind: 'pause-or-resume', targets: ['b'] });
    expect(listKeyCommand(key('Delete'), order, 'b', ['a'])).toEqual({ kind: 'remove', targets: ['a'] });
    expect(listKeyCommand(key('Backspace', { metaKey: true }), order, 'b', [])).toEqual({ kind: 'remove', targets: ['b'] });
    expect(listKeyCommand(key('Delete'), order, null, [])).toEqual({ kind: 'remove', targets: [] });
  });

  it('opens, selects all and opens the menu', () => {
    expect(listKeyCommand(key('Enter'), order, 'c', [])).toEqual({ kind: 'open', id: 'c' });
    expect(listKeyCommand(key('a', { ctrlKey: true }), order, 'c', [])).toEqual({ kind: 'select-all' });
    expect(listKeyCommand(key('A', { metaKey: true }), order, null, [])).toEqual({ kind: 'select-all' });
    expect(listKeyCommand(key('ContextMenu'), order, 'c', [])).toEqual({ kind: 'menu', id: 'c' });
    expect(listKeyCommand(key('F10', { shiftKey: true }), order, null, [])).toEqual({ kind: 'menu', id: null });
  });

  it('leaves keys that are not its own to the browser', () => {
    expect(listKeyCommand(key('Backspace'), order, 'b', [])).toBeNull();
    expect(listKeyCommand(key('a'), order, 'b', [])).toBeNull();
    expect(listKeyCommand(key('F10'), order, 'b', [])).toBeNull();
    expect(listKeyCommand(key('Enter', { onButton: true }), order, 'b', [])).toBeNull();
    expect(listKeyCommand(key('Enter'), order, null, [])).toBeNull();
    expect(listKeyCommand(key(' ', { onInput: true }), order, 'b', [])).toBeNull();
    expect(listKeyCommand(key('x'), order, 'b', [])).toBeNull();
  });
});

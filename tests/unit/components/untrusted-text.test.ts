import { describe, expect, it } from 'vitest';
import { cleanText, displayText, REMOVED_MARKER } from '../../../src/components/untrusted-text.ts';

describe('cleanText', () => {
  it('replaces a right-to-left override with a visible marker', () => {
    expect(cleanText('invoice\u202egpj.exe')).toEqual({ text: `invoice${REMOVED_MARKER}gpj.exe`, removed: 1 });
  });
  it('collapses a run of hidden characters into one marker', () => {
    expect(cleanText('a\u200b\u2066\u200fb')).toEqual({ text: `a${REMOVED_MARKER}b`, removed: 3 });
  });
  it('keeps ordinary unicode, ZWJ emoji and right-to-left letters', () => {
    const s = 'Über 日本語 \u05e9\u05dc\u05d5\u05dd 👩\u200d💻';
    expect(cleanText(s)).toEqual({ text: s, removed: 0 });
  });
  it('marks lone surrogates and controls, and turns tabs and newlines into spaces', () => {
    expect(displayText('x\ud800y\u0007z\tw\nv')).toBe(`x${REMOVED_MARKER}y${REMOVED_MARKER}z w v`);
  });
  it('removes tag characters (invisible text hidden in a name)', () => {
    expect(displayText('a\udb40\udc41\udb40\udc42b')).toBe(`a${REMOVED_MARKER}b`);
  });
});

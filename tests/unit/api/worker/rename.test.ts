import { describe, expect, it } from 'vitest';
import { MAX_DISPLAY_NAME, validDisplayName } from '../../../../src/api/worker/rename.ts';
import { EngineError } from '../../../../src/engine/errors.ts';

const IH = 'ab'.repeat(20);

describe('validDisplayName', () => {
  it('keeps a trimmed name, unicode included', () => {
    expect(validDisplayName('  Ferien 2026 – 日本 ', 'DCIM', IH)).toBe('Ferien 2026 – 日本');
  });

  it('goes back to the torrent`s own name when empty or the same', () => {
    expect(validDisplayName('   ', 'DCIM', IH)).toBeUndefined();
    expect(validDisplayName('DCIM', 'DCIM', IH)).toBeUndefined();
  });

  it('refuses control characters and names over the limit, with a stable code and the numbers', () => {
    expect(() => validDisplayName('a\u0000b', 'x', IH)).toThrow(EngineError);
    try {
      validDisplayName('x'.repeat(MAX_DISPLAY_NAME + 1), 'x', IH);
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ code: 'COMMAND_INVALID', details: { max: MAX_DISPLAY_NAME, length: MAX_DISPLAY_NAME + 1 } });
    }
    expect(validDisplayName('😀'.repeat(MAX_DISPLAY_NAME), 'x', IH)).toHaveLength(MAX_DISPLAY_NAME * 2);
  });
});

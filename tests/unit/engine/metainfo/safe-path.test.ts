import { describe, expect, it } from 'vitest';
import { MAX_COMPONENT_BYTES, safePath, safePathComponent } from '../../../../src/engine/metainfo/safe-path.ts';

const utf8Length = (s: string): number => new TextEncoder().encode(s).length;

describe('safePathComponent', () => {
  const vectors: [string, string, string][] = [
    ['keeps an ordinary name', 'Movie (2024).mkv', 'Movie (2024).mkv'],
    ['keeps unicode', '写真 фото ü.jpg', '写真 фото ü.jpg'],
    ['keeps a leading dot (hidden files, .pad)', '.pad', '.pad'],
    ['replaces a slash', 'a/b', 'a_b'],
    ['replaces a backslash', 'a\\b', 'a_b'],
    ['replaces NUL', 'a\u0000b', 'a_b'],
    ['replaces control characters', 'a\nb\tc\u007f\u0085', 'a_b_c__'],
    ['replaces characters Windows forbids and markup', '<b>"x":y|z?*', '_b__x__y_z__'],
    ['replaces bidi overrides that disguise extensions', 'evil\u202egpj.exe', 'evil_gpj.exe'],
    ['turns "." into "_"', '.', '_'],
    ['turns ".." into "_"', '..', '_'],
    ['turns "..." into "_"', '...', '_'],
    ['turns an empty name into "_"', '', '_'],
    ['turns spaces only into "_"', '   ', '_'],
    ['drops trailing dots and spaces', 'name. . ', 'name'],
    ['drops leading spaces', '  name', 'name'],
    ['prefixes a reserved device name', 'CON', '_CON'],
    ['prefixes a reserved name in any case', 'nul', '_nul'],
    ['prefixes a reserved name with an extension', 'com1.txt', '_com1.txt'],
    ['prefixes LPT9', 'LPT9', '_LPT9'],
    ['leaves names that only start like a reserved one', 'CONSOLE.txt', 'CONSOLE.txt'],
    ['replaces lone surrogates', 'a\ud800b', 'a\ufffdb'],
  ];
  it.each(vectors)('%s', (_name, input, expected) => {
    expect(safePathComponent(input)).toBe(expected);
  });

  it('truncates to 255 UTF-8 bytes, keeping the extension', () => {
    const out = safePathComponent('a'.repeat(300) + '.mkv');
    expect(utf8Length(out)).toBe(MAX_COMPONENT_BYTES);
    expect(out.endsWith('.mkv')).toBe(true);
  });

  it('never splits a multi-byte character when truncating', () => {
    for (const ch of ['é', '写', '😀']) {
      const out = safePathComponent(ch.repeat(200));
      expect(utf8Length(out)).toBeLessThanOrEqual(MAX_COMPONENT_BYTES);
      expect(utf8Length(out)).toBeGreaterThan(MAX_COMPONENT_BYTES - 4);
      expect(out).toBe(ch.repeat([...out].length));
    }
  });

  it('truncates without an extension when the "extension" is too long to keep', () => {
    const out = safePathComponent('x'.repeat(200) + '.' + 'y'.repeat(100));
    expect(utf8Length(out)).toBe(MAX_COMPONENT_BYTES);
    expect(out.startsWith('x'.repeat(200) + '.')).toBe(true);
  });

  it('does not leave a trailing dot after truncating', () => {
    const out = safePathComponent('a'.repeat(254) + '.' + 'b'.repeat(40));
    expect(out.endsWith('.')).toBe(false);
    expect(utf8Length(out)).toBeLessThanOrEqual(MAX_COMPONENT_BYTES);
  });
});

describe('safePath', () => {
  it('maps every component and never yields traversal', () => {
    expect(safePath(['..', '..', 'etc', 'passwd'])).toEqual(['_', '_', 'etc', 'passwd']);
  });

  it('gives ["_"] for an empty path', () => {
    expect(safePath([])).toEqual(['_']);
  });
});

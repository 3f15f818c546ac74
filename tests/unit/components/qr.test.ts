import { describe, expect, it } from 'vitest';
import { QUIET_ZONE, qrSymbol } from '../../../src/components/qr.ts';

/** Reads the path back into a module grid (runs are "M x y h n v 1 h -n z"). */
function grid(path: string, box: number): boolean[][] {
  const g = Array.from({ length: box }, () => new Array<boolean>(box).fill(false));
  for (const m of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    const [x, y, n] = [Number(m[1]), Number(m[2]), Number(m[3])];
    for (let i = 0; i < n; i++) g[y]![x + i] = true;
  }
  return g;
}

describe('qrSymbol', () => {
  const magnet = 'magnet:?xt=urn:btih:c9e15763f722f23e98a29decdfae341b98d53056&dn=Sintel&tr=wss%3A%2F%2Ftracker.example';

  it('draws a symbol with the three finder patterns inside a quiet zone', () => {
    const q = qrSymbol(magnet)!;
    expect(q.size % 4).toBe(1); // 21, 25, … modules: version * 4 + 17
    expect(q.box).toBe(q.size + 2 * QUIET_ZONE);
    const g = grid(q.path, q.box);
    const finder = (x: number, y: number) => [0, 1, 2, 3, 4, 5, 6].every((i) => g[y]![x + i] && g[y + 6]![x + i] && g[y + i]![x] && g[y + i]![x + 6]);
    const o = QUIET_ZONE;
    expect(finder(o, o)).toBe(true);
    expect(finder(o + q.size - 7, o)).toBe(true);
    expect(finder(o, o + q.size - 7)).toBe(true);
    expect(g[0]!.some(Boolean)).toBe(false); // quiet zone stays light
  });

  it('encodes non-ASCII text as UTF-8 bytes (a bigger symbol than the same count of ASCII)', () => {
    expect(qrSymbol('é'.repeat(200))!.size).toBeGreaterThan(qrSymbol('e'.repeat(200))!.size);
  });

  it('returns null when the text is too long for any QR code', () => {
    expect(qrSymbol('x'.repeat(4000))).toBeNull();
  });
});

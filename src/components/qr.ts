// A QR code (qrcode-generator) as one SVG path in module units, for a magnet link: drawn by Lit as SVG, never as
// markup from a string. Pure.

import qrcode from 'qrcode-generator';

/** The quiet zone the QR spec asks for around the symbol, in modules. */
export const QUIET_ZONE = 4;

export interface QrSymbol {
  /** Modules per side, without the quiet zone. */
  readonly size: number;
  /** Side of the viewBox, quiet zone included. */
  readonly box: number;
  /** Dark modules as one path ("M x y h n v 1 h -n z" per run), offset by the quiet zone. */
  readonly path: string;
}

/** UTF-8 bytes as a "binary string": the library's byte mode keeps only each char's low 8 bits. */
function binaryString(text: string): string {
  let s = '';
  for (const b of new TextEncoder().encode(text)) s += String.fromCharCode(b);
  return s;
}

/**
 * The symbol for `text`, at error correction M (survives a smudge) or L when M cannot hold it; null when even a
 * version 40 symbol is too small (about 2,900 bytes: a magnet with very many trackers).
 */
export function qrSymbol(text: string): QrSymbol | null {
  const data = binaryString(text);
  for (const level of ['M', 'L'] as const) {
    const qr = qrcode(0, level);
    qr.addData(data, 'Byte');
    try {
      qr.make();
    } catch (e) {
      // The library throws a string ("code length overflow…") when the data does not fit at this level.
      if (typeof e === 'string' && e.includes('overflow')) continue;
      throw e;
    }
    return { size: qr.getModuleCount(), box: qr.getModuleCount() + 2 * QUIET_ZONE, path: darkPath(qr) };
  }
  return null;
}

function darkPath(qr: { getModuleCount(): number; isDark(row: number, col: number): boolean }): string {
  const n = qr.getModuleCount();
  const parts: string[] = [];
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; ) {
      if (!qr.isDark(row, col)) {
        col++;
        continue;
      }
      let end = col + 1;
      while (end < n && qr.isDark(row, end)) end++;
      parts.push(`M${col + QUIET_ZONE} ${row + QUIET_ZONE}h${end - col}v1h-${end - col}z`);
      col = end;
    }
  }
  return parts.join('');
}

// Turns untrusted path components from torrents into file names that are safe on every OS we may save to.

/** File systems cap a name at 255 bytes (ext4, APFS, NTFS in UTF-16 units; UTF-8 bytes is the stricter bound). */
export const MAX_COMPONENT_BYTES = 255;
/** An extension longer than this is not worth keeping when a name must be shortened. */
export const MAX_KEPT_EXTENSION = 16;

// Separators, NUL and control characters (C0, DEL, C1), and the characters Windows forbids in names (which also
// covers markup like '<script>'). Bidi overrides and isolates are replaced so "gpj.exe" cannot pose as "exe.jpg".
const UNSAFE = /[\u0000-\u001f\u007f-\u009f/\\<>:"|?*\u202a-\u202e\u2066-\u2069]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// Windows reserves these device names even with an extension ("CON.txt") and any case.
const RESERVED = /^(con|prn|aux|nul|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3])(\..*)?$/i;

const encoder = new TextEncoder();

/** One untrusted name -> a safe, non-empty file name of at most 255 UTF-8 bytes. */
export function safePathComponent(name: string): string {
  let s = name.replace(LONE_SURROGATE, '\ufffd').replace(UNSAFE, '_');
  // Windows drops trailing dots and spaces (so "a." and "a" collide, and ".." stays a parent reference on some
  // APIs); leading spaces are legal but invisible and confusing.
  s = s.replace(/^\s+/, '').replace(/[\s.]+$/, '');
  if (s === '') return '_';
  if (RESERVED.test(s)) s = `_${s}`;
  return truncateUtf8Name(s, MAX_COMPONENT_BYTES);
}

/** Every component made safe; an empty list becomes ['_'] so the result always names something. */
export function safePath(components: readonly string[]): string[] {
  if (components.length === 0) return ['_'];
  return components.map(safePathComponent);
}

function utf8Length(s: string): number {
  return encoder.encode(s).length;
}

/** Cuts `s` to at most `max` UTF-8 bytes on a code point boundary, keeping a short extension when there is one. */
export function truncateUtf8Name(s: string, max: number): string {
  if (s.length <= max / 3 || utf8Length(s) <= max) return s;
  const dot = s.lastIndexOf('.');
  const ext = dot > 0 && s.length - dot <= MAX_KEPT_EXTENSION ? s.slice(dot) : '';
  const stem = truncateUtf8(ext ? s.slice(0, dot) : s, max - utf8Length(ext));
  // The stem may now end in a dot or space, which Windows would strip.
  const out = stem.replace(/[\s.]+$/, '') + ext;
  return out === '' || out === ext ? `_${ext}` : out;
}

/** Longest prefix of `s` (whole code points) whose UTF-8 form fits in `max` bytes. */
function truncateUtf8(s: string, max: number): string {
  let bytes = 0;
  let i = 0;
  while (i < s.length) {
    const cp = s.codePointAt(i)!;
    const size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (bytes + size > max) break;
    bytes += size;
    i += cp >= 0x10000 ? 2 : 1;
  }
  return s.slice(0, i);
}

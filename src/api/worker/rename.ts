// The `rename` command: a display name the user gives a torrent, kept in its resume record. The torrent's own name
// stays for saving files and for the magnet link; an empty name (or the torrent's own) clears the display name.

import { EngineError } from '../../engine/errors.ts';

/** Long enough for any real title; keeps a record from carrying a novel. */
export const MAX_DISPLAY_NAME = 255;

/** The display name to keep: trimmed, control characters refused, or undefined to go back to the torrent's name. */
export function validDisplayName(name: string, original: string, infoHashHex: string): string | undefined {
  const trimmed = name.trim();
  if ([...trimmed].length > MAX_DISPLAY_NAME) {
    throw new EngineError('COMMAND_INVALID', `Invalid name: longer than ${MAX_DISPLAY_NAME} characters`, { infoHash: infoHashHex, max: MAX_DISPLAY_NAME, length: [...trimmed].length });
  }
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) {
    throw new EngineError('COMMAND_INVALID', 'Invalid name: it contains control characters', { infoHash: infoHashHex });
  }
  return trimmed === '' || trimmed === original ? undefined : trimmed;
}

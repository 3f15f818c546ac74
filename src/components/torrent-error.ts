// A torrent's error in words the user can act on. The engine's messages are English and technical; the ones a user
// can fix (a full quota) get a translated explanation with what to do, the rest keep the engine's text and code.

import { msg } from '@lit/localize';
import type { ErrorInfo } from '../api/protocol.ts';

export const QUOTA_CODE = 'STORAGE_QUOTA_EXCEEDED';

/** The full explanation (detail panel, toast). */
export function torrentErrorText(error: ErrorInfo): string {
  if (error.code === QUOTA_CODE) {
    return msg(
      'The storage the browser allows this site is full, so the download stopped. Nothing was lost: every piece already verified is kept. Free space by removing torrents you no longer need (with their data) or other sites\' data, or ask for persistent storage in Settings: the download resumes by itself once there is room.',
    );
  }
  return `${error.message} (${error.code})`;
}

/** One short line for a list row. */
export function torrentErrorSummary(error: ErrorInfo): string {
  return error.code === QUOTA_CODE ? msg('Storage full: resumes by itself once space is freed.') : error.message;
}

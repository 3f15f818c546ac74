// How long the window waits for the engine's reply to each command before failing it with ENGINE_TIMEOUT.
// Every call ends (a reply, this timeout, an abort, or ENGINE_LOST when the worker dies): nothing pends forever.
// A command not listed gets DEFAULT_TIMEOUT_MS; a new long-running command must be listed here.

import type { CommandType } from './protocol.ts';

/** Quick bookkeeping commands (pause, labels, priorities...): the engine answers within milliseconds. */
export const DEFAULT_TIMEOUT_MS = 30_000;

const TIMEOUTS: Partial<Record<CommandType, number>> = {
  // Restores every saved torrent, each store open waiting up to 5 s for a previous worker's file locks.
  init: 120_000,
  // Opening a new torrent's storage (lock waits), hashing an info dictionary.
  'add-magnet': 60_000,
  'add-torrent-file': 60_000,
  'parse-torrent': 60_000,
  // Deleting a large torrent's files.
  remove: 120_000,
  // Hashing a whole folder of files to seed takes as long as it takes: `cancel-job` stops it, and the call still
  // fails with ENGINE_LOST if the worker dies.
  seed: Infinity,
  // One range of at most a few MiB from storage (callers read large files in chunks).
  read: 60_000,
  'torrent-file': 60_000,
  // Flushing resume records; closing every torrent's files before another tab takes over.
  persist: 10_000,
  shutdown: 15_000,
  // The heartbeat sets its own, shorter limit.
  ping: 5_000,
};

export function callTimeoutMs(type: CommandType): number {
  return TIMEOUTS[type] ?? DEFAULT_TIMEOUT_MS;
}

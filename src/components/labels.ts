// User-visible words derived from engine values (states, errors, seed job names), all wrapped for translation.

import { msg, str } from '@lit/localize';
import { EngineCallError } from '../api/client.ts';
import type { SeedInput, TorrentState } from '../api/protocol.ts';

export function stateLabel(state: TorrentState): string {
  switch (state) {
    case 'metadata':
      return msg('Fetching metadata');
    case 'checking':
      return msg('Checking');
    case 'downloading':
      return msg('Downloading');
    case 'seeding':
      return msg('Seeding');
    case 'paused':
      return msg('Paused');
    case 'error':
      return msg('Error');
  }
}

/** A name for a set of files being shared: the file, the dropped folder, or a count. Untrusted: render as text. */
export function describeInputs(inputs: readonly SeedInput[]): string {
  const first = inputs[0];
  if (!first) return msg('Nothing');
  if (inputs.length === 1) return first.path.join('/') || first.file.name;
  const top = first.path[0];
  if (top !== undefined && first.path.length > 1 && inputs.every((i) => i.path.length > 1 && i.path[0] === top)) return top;
  return msg(str`${inputs.length} files`);
}

export function peersLabel(peers: number): string {
  return peers === 1 ? msg('1 peer') : msg(str`${peers} peers`);
}

/** One line for a toast: the engine's message plus its code, so a bug report carries what is needed to debug. */
export function errorText(error: unknown): string {
  if (error instanceof EngineCallError) return `${error.message} (${error.code})`;
  if (error instanceof Error) return error.message;
  return msg('Something went wrong.');
}

export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

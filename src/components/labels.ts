// User-visible words derived from engine values (states, errors, seed job names), all wrapped for translation.

import { msg, str } from '@lit/localize';
import { EngineCallError } from '../api/client.ts';
import type { FilePriority, SeedInput, TorrentState } from '../api/protocol.ts';
import type { EditProblem } from '../api/torrent-edits.ts';
import { TorrentUrlError } from './torrent-url.ts';

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
    case 'queued':
      return msg('Queued');
    case 'stalled':
      return msg('Stalled');
    case 'finished':
      return msg('Finished');
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

/** The state a row shows (the engine's, or waiting for the user's file selection); a check shows how far it is. */
export function displayStateLabel(state: TorrentState | 'select', checkProgress?: number): string {
  if (state === 'checking' && checkProgress !== undefined) return msg(str`Checking ${Math.floor(checkProgress * 100)}%`);
  return state === 'select' ? msg('Choose files') : stateLabel(state);
}

export function priorityLabel(priority: FilePriority): string {
  switch (priority) {
    case 0:
      return msg('Skip');
    case 1:
      return msg('Low');
    case 4:
      return msg('Normal');
    case 7:
      return msg('High');
  }
}

/** Why a label, tracker URL or form field was refused, in words. */
export function editProblemText(p: EditProblem): string {
  switch (p.kind) {
    case 'too-many':
      return msg(str`At most ${p.max} are allowed (got ${p.count}).`);
    case 'too-long':
      return msg(str`Too long: at most ${p.max} characters.`);
    case 'not-websocket':
      return msg(str`${p.value} is not a WebSocket tracker: browsers can only reach ws:// and wss:// trackers.`);
    case 'invalid-url':
      return msg(str`${p.value} is not a valid URL.`);
  }
}

/** What went wrong fetching a .torrent URL, with what the user can do about it. */
export function torrentUrlErrorText(e: unknown): string {
  if (!(e instanceof TorrentUrlError)) return errorText(e);
  const p = e.problem;
  switch (p.kind) {
    case 'http':
      return msg(str`The server answered ${p.status} ${p.statusText} for ${e.url}.`);
    case 'network':
      return msg(str`Could not fetch ${e.url}: the server is unreachable or does not allow other sites to download the file (CORS). Download the .torrent and open it instead.`);
    case 'too-big':
      return msg(str`${e.url} is too big for a .torrent file (more than ${p.max} bytes).`);
    case 'empty':
      return msg(str`${e.url} is empty.`);
  }
}

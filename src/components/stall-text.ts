// Sentences in the user's language for why a torrent has no peer (stall-reason.ts) and why a tracker fails
// (TrackerProblem): "closed with code 1006" becomes "could not connect (refused, or the server was not found)".

import { msg, str } from '@lit/localize';
import { peerlessClock, stallReason, type StallInput, type StallReason } from './stall-reason.ts';
import type { TrackerProblem, TrackerReport } from './services.ts';
import { displayText } from './untrusted-text.ts';

/** WebSocket close codes (RFC 6455 §7.4.1) a tracker connection can end with, in a few words. */
function closeWords(code: number): string {
  switch (code) {
    case 1001:
      return msg('the tracker is going away');
    case 1008:
    case 1003:
      return msg('the tracker rejected what we sent');
    case 1009:
      return msg('a message was too big for the tracker');
    case 1011:
      return msg('the tracker had an internal error');
    case 1012:
    case 1013:
      return msg('the tracker is restarting or overloaded');
    case 1015:
      return msg('the secure connection failed');
    default:
      return '';
  }
}

/** A few words for the reason's list: "connection refused or server not found". */
export function trackerProblemShort(p: TrackerProblem): string {
  switch (p.kind) {
    case 'invalid-url':
      return msg('not a WebSocket tracker address');
    case 'blocked':
      return msg('blocked by the browser');
    case 'connect-timeout':
      return msg(str`no answer within ${Math.round(p.ms / 1000)} s`);
    case 'unreachable':
      return closeWords(p.code) || msg('connection refused or server not found');
    case 'lost':
      return closeWords(p.code) || msg('connection lost');
    case 'refused':
      return msg(str`refused: ${displayText(p.reason)}`);
  }
}

/** A whole sentence for the Trackers tab. */
export function trackerProblemText(p: TrackerProblem): string {
  switch (p.kind) {
    case 'invalid-url':
      return msg('This is not a tracker address this app can use (it must start with ws:// or wss://).');
    case 'blocked':
      return msg('The browser would not connect to this tracker (an insecure ws:// tracker from a secure page, or a blocked port).');
    case 'connect-timeout':
      return msg(str`The tracker did not answer within ${Math.round(p.ms / 1000)} seconds. Retrying later.`);
    case 'unreachable': {
      const words = closeWords(p.code);
      return words
        ? msg(str`Could not connect: ${words}. Retrying later.`)
        : msg('Could not connect: the connection was refused, the server was not found, or its certificate was rejected. Retrying later.');
    }
    case 'lost': {
      const words = closeWords(p.code);
      return words ? msg(str`The connection was lost: ${words}. Reconnecting.`) : msg('The connection to the tracker was lost. Reconnecting.');
    }
    case 'refused':
      return msg(str`The tracker refused the announce: “${displayText(p.reason)}”.`);
  }
}

function trackers(n: number): string {
  return n === 1 ? msg('1 tracker') : msg(str`${n} trackers`);
}

function seedsWord(n: number): string {
  return n === 1 ? msg('1 seed') : msg(str`${n} seeds`);
}

/**
 * "No peer has this torrent yet: 2 trackers answered with 0 seeds, 1 tracker unreachable (connection refused or
 * server not found)". A magnet says "Fetching metadata" first.
 */
export function stallReasonText(r: StallReason): string {
  const head = r.fetchingMetadata ? msg('Fetching metadata: no peer has answered yet') : msg('No peer has this torrent yet');
  if (r.trackerCount === 0) return `${head}: ${msg('it has no trackers, so only peers that already know it can connect')}`;
  const parts: string[] = [];
  if (r.answered > 0) {
    parts.push(
      r.seeds !== undefined
        ? msg(str`${trackers(r.answered)} answered with ${seedsWord(r.seeds)}`)
        : msg(str`${trackers(r.answered)} answered`),
    );
  }
  // One entry per distinct problem: "2 trackers unreachable (no answer within 10 s)".
  const groups = new Map<string, number>();
  for (const u of r.unreachable) {
    const words = trackerProblemShort(u.problem);
    groups.set(words, (groups.get(words) ?? 0) + 1);
  }
  for (const [words, n] of groups) parts.push(msg(str`${trackers(n)} unreachable (${words})`));
  if (r.pending > 0) parts.push(msg(str`${trackers(r.pending)} still connecting`));
  return `${head}: ${parts.join(', ')}`;
}

/**
 * The row's and the panel's status reason for a torrent, or null when nothing needs saying: call it on every render
 * with the tracker reports (AppServices.trackerStatus) and the time; the shared clock tracks how long it has had
 * no peer.
 */
export function torrentReason(
  t: { readonly infoHashHex: string; readonly state: StallInput['state']; readonly hasMetadata: boolean; readonly peers: number; readonly trackers: readonly string[] },
  reports: readonly TrackerReport[],
  now: number,
): string | null {
  const reason = stallReason({
    state: t.state,
    hasMetadata: t.hasMetadata,
    peers: t.peers,
    peerlessMs: peerlessClock.peerlessMs(t, now),
    trackers: t.trackers,
    reports,
  });
  return reason ? stallReasonText(reason) : null;
}

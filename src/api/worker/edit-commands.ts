// The worker's side of the edits the user makes to a torrent: labels, display name and trackers (checked by
// edits.ts and rename.ts), and the .torrent file exported with the trackers as edited.

import { EngineError } from '../../engine/errors.ts';
import { torrentFileFromInfo, torrentFileWithTrackers } from '../../engine/metainfo/torrent-file.ts';
import type { CommandOf, Replies } from '../protocol.ts';
import { validLabels, validTrackers } from './edits.ts';
import type { HostContext } from './host-context.ts';
import { validDisplayName } from './rename.ts';

export async function setLabels(c: HostContext, { infoHashHex, labels }: CommandOf<'set-labels'>): Promise<{ value: Replies['set-labels'] }> {
  const t = c.session.require(infoHashHex);
  const value = validLabels(labels, t.infoHashHex);
  const x = c.persistence.extras.get(t.infoHashHex);
  if (x) x.labels = value;
  else c.persistence.extras.set(t.infoHashHex, { addedAt: Date.now(), labels: value });
  c.changed(t);
  return { value: { labels: value } };
}

export async function rename(c: HostContext, { infoHashHex, name }: CommandOf<'rename'>): Promise<{ value: Replies['rename'] }> {
  const t = c.session.require(infoHashHex);
  const displayName = validDisplayName(name, t.name, t.infoHashHex);
  const x = c.persistence.extras.get(t.infoHashHex) ?? { addedAt: Date.now(), labels: [] };
  if (displayName === undefined) delete x.displayName;
  else x.displayName = displayName;
  c.persistence.extras.set(t.infoHashHex, x);
  c.persistence.save(t);
  c.snapshot();
  return { value: { displayName: displayName ?? null } };
}

export async function setTrackers(c: HostContext, { infoHashHex, trackers }: CommandOf<'set-trackers'>): Promise<{ value: Replies['set-trackers'] }> {
  const t = c.session.require(infoHashHex);
  t.trackers = validTrackers(trackers, t.infoHashHex);
  // An exported .torrent carries the list as edited (the file as added is kept otherwise, byte for byte).
  const x = c.persistence.extras.get(t.infoHashHex);
  if (x?.torrentBytes) x.torrentBytes = torrentFileWithTrackers(x.torrentBytes, t.trackers);
  c.changed(t);
  // The network layer swaps the list of a torrent it announces; a stopped one takes the new list when it starts.
  if (t.status !== 'paused') c.announce(t);
  return { value: { trackers: [...t.trackers] } };
}

export async function torrentFile(c: HostContext, { infoHashHex }: CommandOf<'torrent-file'>): Promise<{ value: Replies['torrent-file']; transfer: Transferable[] }> {
  const t = c.session.require(infoHashHex);
  const saved = c.persistence.extras.get(t.infoHashHex)?.torrentBytes;
  const meta = t.metainfo;
  if (!saved && !meta) throw new EngineError('TORRENT_NOT_FOUND', 'The torrent has no metadata yet', { infoHash: infoHashHex });
  const bytes = saved ? saved.slice() : torrentFileFromInfo(meta!.infoBytes, t.trackers);
  return { value: bytes, transfer: [bytes.buffer as ArrayBuffer] };
}

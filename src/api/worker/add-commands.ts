// The worker's side of adding a torrent (a magnet, a .torrent file) and of reading one before adding it: the same
// torrent added again with the user's files checks them into it; data kept by "remove, keep data" is found again.

import { EngineError } from '../../engine/errors.ts';
import { parseMagnet } from '../../engine/metainfo/magnet.ts';
import { parseTorrent } from '../../engine/metainfo/metainfo.ts';
import type { Torrent } from '../../engine/torrent.ts';
import type { CommandOf, Replies, SeedInput } from '../protocol.ts';
import { torrentInfo, validPriorities } from './edits.ts';
import type { HostContext } from './host-context.ts';

export async function addMagnet(c: HostContext, { uri, trackers, selectFirst, existing }: CommandOf<'add-magnet'>): Promise<{ value: Replies['add-magnet'] }> {
  const present = existing?.length ? await c.joined(parseMagnet(uri).infoHashHex) : undefined;
  if (present) {
    checkInto(c, present, existing!);
    c.snapshot();
    return { value: { infoHashHex: present.infoHashHex } };
  }
  const storageId = c.persistence.kept.get(parseMagnet(uri).infoHashHex);
  const t = await c.session.addMagnet(uri, { ...(trackers ? { trackers } : {}), ...(selectFirst ? { selectFirst } : {}), ...(storageId ? { storageId } : {}) });
  if (existing?.length) c.checks.start(t, existing);
  c.persistence.kept.delete(t.infoHashHex);
  return { value: { infoHashHex: c.added(t, storageId ? { storageId } : {}) } };
}

export async function addTorrentFile(c: HostContext, { bytes, trackers, filePriorities, existing }: CommandOf<'add-torrent-file'>): Promise<{ value: Replies['add-torrent-file'] }> {
  const meta = await parseTorrent(bytes, c.hasher);
  const present = await c.joined(meta.infoHashHex);
  if (present && existing?.length) {
    checkInto(c, present, existing);
    c.snapshot();
    return { value: { infoHashHex: present.infoHashHex } };
  }
  const all = [...new Set([...meta.announce.flat(), ...(trackers ?? [])])];
  const priorities = filePriorities ? { filePriorities: validPriorities(meta, filePriorities, meta.infoHashHex) } : {};
  const storageId = c.persistence.kept.get(meta.infoHashHex);
  const t = await c.session.addMetainfo(meta, { trackers: all, ...priorities, ...(storageId ? { storageId } : {}) });
  if (existing?.length) c.checks.start(t, existing);
  c.persistence.kept.delete(t.infoHashHex);
  c.streams.prefetchMedia(t);
  return { value: { infoHashHex: c.added(t, { torrentBytes: bytes, ...(storageId ? { storageId } : {}) }) } };
}

export async function parseTorrentFile(c: HostContext, { bytes }: CommandOf<'parse-torrent'>): Promise<{ value: Replies['parse-torrent'] }> {
  const meta = await parseTorrent(bytes, c.hasher);
  return { value: torrentInfo(meta, c.session.get(meta.infoHashHex) !== undefined) };
}

/** The user's files for a torrent already in the list. */
function checkInto(c: HostContext, t: Torrent, existing: readonly SeedInput[]): void {
  if (!c.checks.start(t, existing)) throw new EngineError('COMMAND_INVALID', 'This torrent is being checked already', { infoHash: t.infoHashHex });
}

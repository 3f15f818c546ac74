// The worker's side of a torrent's files: the user's file choice (ending a select-first hold), file priorities,
// and reads of a file's bytes.

import { EngineError } from '../../engine/errors.ts';
import type { CommandOf, Replies } from '../protocol.ts';
import { validPriorities } from './edits.ts';
import type { HostContext } from './host-context.ts';

export async function selectFiles(c: HostContext, { infoHashHex, priorities }: CommandOf<'select-files'>): Promise<{ value: Replies['select-files'] }> {
  const t = c.session.require(infoHashHex);
  const meta = t.metainfo;
  if (!meta) throw new EngineError('COMMAND_INVALID', 'The torrent has no metadata yet: its files are unknown', { infoHash: infoHashHex });
  t.confirmSelection(validPriorities(meta, priorities, t.infoHashHex));
  c.streams.prefetchMedia(t);
  c.session.lifecycle.update();
  c.changed(t);
  return { value: undefined };
}

export async function setFilePriority(c: HostContext, { infoHashHex, fileIndexes, priority }: CommandOf<'set-file-priority'>): Promise<{ value: Replies['set-file-priority'] }> {
  const t = c.session.require(infoHashHex);
  t.setFilePriorities(fileIndexes, priority);
  c.session.lifecycle.update();
  c.changed(t);
  return { value: undefined };
}

export async function readFile(c: HostContext, { infoHashHex, fileIndex, offset, length }: CommandOf<'read'>): Promise<{ value: Replies['read']; transfer: Transferable[] }> {
  const t = c.session.require(infoHashHex);
  const file = t.metainfo?.files[fileIndex];
  if (!file || file.pad || offset < 0 || length < 0 || offset + length > file.length) {
    throw new EngineError('STORAGE_OUT_OF_RANGE', 'Read outside the file', { fileIndex, offset, length, fileLength: file?.length ?? -1 });
  }
  const bytes = await t.read(file.offset + offset, length);
  return { value: bytes, transfer: [bytes.buffer as ArrayBuffer] };
}

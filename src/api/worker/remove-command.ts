// The worker's side of removing a torrent: its check stops, the session closes it (deleting its data or not), and
// data kept under an id of its own is remembered so adding the torrent again finds it.

import type { CommandOf, Replies } from '../protocol.ts';
import type { HostContext } from './host-context.ts';

export async function removeTorrent(c: HostContext, { infoHashHex, deleteData }: CommandOf<'remove'>): Promise<{ value: Replies['remove'] }> {
  const t = c.session.require(infoHashHex);
  c.checks.cancel(t.infoHashHex);
  const p = c.persistence;
  const storageId = p.extras.get(t.infoHashHex)?.storageId;
  await c.session.remove(t.infoHashHex, deleteData);
  // Data kept under an id of its own (created here) is remembered, so adding the torrent again finds it.
  if (!deleteData && storageId) await p.keep(t.infoHashHex, storageId, t.name);
  else await p.forget(t.infoHashHex);
  await p.saveRetiredTraffic(c.session.traffic.retiredTotals());
  c.scheduleSnapshot();
  return { value: undefined };
}

// How the worker reacts when a torrent completes or a check of it ends: the completion date is recorded, the change
// persisted and shown, and the window told.

import type { Torrent } from '../../engine/torrent.ts';
import type { CheckSummary } from '../protocol.ts';
import { errorInfo } from './error-info.ts';
import type { HostContext } from './host-context.ts';

export function onCompleted(c: HostContext, t: Torrent): void {
  const x = c.persistence.extras.get(t.infoHashHex);
  if (x) x.completedAt = Date.now();
  c.changed(t);
  c.emit({ type: 'completed', infoHashHex: t.infoHashHex, name: t.name });
}

/** A check ended (check-job.ts): the torrent downloads the rest, seeds, or stays paused as it was. */
export function onCheckDone(c: HostContext, t: Torrent, summary: CheckSummary | null, error?: unknown): void {
  if (c.session.get(t.infoHashHex) !== t) return;
  const x = c.persistence.extras.get(t.infoHashHex);
  if (x && t.complete && x.completedAt === undefined) x.completedAt = Date.now();
  c.changed(t);
  if (summary) c.emit({ type: 'check-done', infoHashHex: t.infoHashHex, summary });
  if (error !== undefined) c.emit({ type: 'error', infoHashHex: t.infoHashHex, error: errorInfo(error) });
}

// The lifecycle's rules written as checks (engine/STATE.md, "A torrent's lifecycle"): Lifecycle.checkInvariants
// runs them, tests call it after every step.

import { type Entry, type LifecycleTorrent, isRunning, lifecycleState, queueCandidate, shouldRun } from './entry.ts';
import { slotsTaken, type QueueCandidate } from './queue-plan.ts';
import { RUNNING_STATES, type QueueLimits } from './states.ts';

/**
 * Throws if the lifecycle disagrees with itself or with its torrents: `order` is the queue order, `run` the queue
 * plan for the current candidates.
 */
export function checkLifecycle(
  order: readonly string[],
  entries: ReadonlyMap<string, Entry<LifecycleTorrent>>,
  limits: QueueLimits,
  run: ReadonlySet<string>,
): void {
  const fail = (rule: string, id = ''): never => {
    throw new Error(`Lifecycle invariant broken: ${rule}${id ? ` (${id})` : ''}`);
  };
  if (order.length !== entries.size || new Set(order).size !== order.length) fail('the queue order holds every torrent once');
  for (const id of order) if (!entries.has(id)) fail('the queue order holds only known torrents', id);
  const auto: QueueCandidate[] = [];
  let position = 0;
  for (const id of order) {
    const e = entries.get(id)!;
    const running = isRunning(e.t.status);
    if (running !== e.running) fail('started/stopped was reported for every change', id);
    if (e.state !== lifecycleState(e)) fail('the reported state is the current one', id);
    if (RUNNING_STATES.has(e.state) !== running) fail('running exactly in the running states', id);
    if (e.checking && running) fail('checking => stopped', id);
    if (e.mode === 'paused' && running) fail('paused by the user => stopped', id);
    if (e.finished && (running || e.mode !== 'auto')) fail('finished => stopped and auto-managed', id);
    if (e.mode === 'forced' && !e.checking && e.t.status !== 'error' && !running) fail('forced => running', id);
    if (e.state === 'queued' && (e.mode !== 'auto' || e.finished || e.checking)) fail('queued => auto-managed, waiting for a slot', id);
    if (e.mode === 'auto' && running !== shouldRun(e, run)) fail('auto-managed torrents run exactly as the queue plan says', id);
    if (e.mode === 'auto' && running) auto.push(queueCandidate(e));
    if (e.position !== (e.t.complete ? undefined : ++position)) fail('positions are 1.. over incomplete torrents in queue order', id);
  }
  const taken = slotsTaken(auto);
  const cap = (n: number) => (n > 0 ? n : Number.POSITIVE_INFINITY);
  if (taken.downloads > cap(limits.maxActiveDownloads)) fail('active downloads <= maxActiveDownloads');
  if (taken.seeds > cap(limits.maxActiveSeeds)) fail('active seeds <= maxActiveSeeds');
  if (taken.total > cap(limits.maxActiveTorrents)) fail('active torrents <= maxActiveTorrents');
}

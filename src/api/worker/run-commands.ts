// The worker's side of stopping and starting a torrent by hand: pause and resume (the lifecycle decides what
// follows), and a recheck of its stored data.

import { EngineError } from '../../engine/errors.ts';
import type { CommandOf, Replies } from '../protocol.ts';
import type { HostContext } from './host-context.ts';

export async function pause(c: HostContext, { infoHashHex }: CommandOf<'pause'>): Promise<{ value: Replies['pause'] }> {
  c.session.lifecycle.pause(c.session.require(infoHashHex));
  return { value: undefined };
}

export async function resume(c: HostContext, { infoHashHex }: CommandOf<'resume'>): Promise<{ value: Replies['resume'] }> {
  c.session.lifecycle.resume(c.session.require(infoHashHex));
  return { value: undefined };
}

export async function recheck(c: HostContext, { infoHashHex }: CommandOf<'recheck'>): Promise<{ value: Replies['recheck'] }> {
  const t = c.session.require(infoHashHex);
  if (!c.checks.start(t)) throw new EngineError('COMMAND_INVALID', 'Only a torrent with metadata and no check running can be rechecked', { infoHash: infoHashHex });
  c.snapshot();
  return { value: undefined };
}

// The worker's side of the page's peer connections: a channel of an offer made ahead of time is parked until a
// torrent takes it; an attached channel joins its torrent, and its closing is reported to the page.

import type { CommandOf, Replies } from '../protocol.ts';
import { withCloseHook } from './close-hook.ts';
import type { HostContext } from './host-context.ts';

export async function parkPeer(c: HostContext, { channel, channelId }: CommandOf<'park-peer'>): Promise<{ value: Replies['park-peer'] }> {
  c.parked.park(channelId, channel);
  return { value: undefined };
}

export async function attachPeer(c: HostContext, { infoHashHex, channelId, remotePeerIdHex, ...a }: CommandOf<'attach-peer'>): Promise<{ value: Replies['attach-peer'] }> {
  const channel = a.channel ?? c.parked.take(channelId);
  if (!channel) return { value: undefined }; // its connection closed while parked: nothing to attach
  const peerChannel = withCloseHook(c.wrapChannel(channel), () => c.emit({ type: 'peer-closed', infoHashHex, channelId }));
  c.session.attachPeer(infoHashHex, peerChannel, 'webrtc', remotePeerIdHex ?? '');
  return { value: undefined };
}

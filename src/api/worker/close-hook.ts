// A peer channel that reports its first close: the engine closing a channel tells the network layer, so it can close
// the RTCPeerConnection behind it.

import type { PeerChannel } from '../../engine/ports.ts';

export function withCloseHook(channel: PeerChannel, onClose: () => void): PeerChannel {
  let closed = false;
  return {
    send: (data) => channel.send(data),
    // Dropping this made the engine build every batch of piece messages in a fresh buffer (page faults: ~8 ms per
    // MiB sent in the seeding worker) instead of its reused one.
    copiesOnSend: channel.copiesOnSend,
    get bufferedAmount() {
      return channel.bufferedAmount;
    },
    open: (events) => channel.open(events),
    close: () => {
      channel.close();
      if (!closed) {
        closed = true;
        onClose();
      }
    },
  };
}

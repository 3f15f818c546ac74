// Channels of offers made ahead of time (net/webrtc/offer-pool.ts), held in the engine worker until the window
// gives the offer to a torrent. Transferred at creation (Chromium transfers a channel only in the task that made
// it), so they wait here; one whose connection the window closes meanwhile is forgotten.

export class ParkedChannels {
  private readonly parked = new Map<number, RTCDataChannel>();

  park(channelId: number, channel: RTCDataChannel): void {
    this.parked.set(channelId, channel);
    channel.addEventListener('close', () => {
      if (this.parked.get(channelId) === channel) this.parked.delete(channelId);
    });
  }

  /** The parked channel, now leaving (undefined when it closed or was never parked). */
  take(channelId: number): RTCDataChannel | undefined {
    const channel = this.parked.get(channelId);
    this.parked.delete(channelId);
    return channel;
  }

  get size(): number {
    return this.parked.size;
  }

  clear(): void {
    for (const channel of this.parked.values()) channel.close();
    this.parked.clear();
  }
}

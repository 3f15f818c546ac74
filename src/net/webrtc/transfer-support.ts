// Whether this browser can transfer an RTCDataChannel to a worker (Chromium 130+, Firefox, Safari 15+ can);
// where it cannot, the app pumps channels over a MessagePort instead (port-channel.ts). Main thread.

let cached: boolean | undefined;

/**
 * Posts a throwaway channel through a MessageChannel: browsers without the feature throw DataCloneError at once.
 * The answer is cached; the probe's connection is closed before returning.
 */
export function canTransferDataChannel(): boolean {
  if (cached !== undefined) return cached;
  if (typeof RTCPeerConnection === 'undefined' || typeof MessageChannel === 'undefined') return (cached = false);
  const pc = new RTCPeerConnection({ iceServers: [] });
  const { port1, port2 } = new MessageChannel();
  try {
    const dc = pc.createDataChannel('transfer-probe');
    port1.postMessage(dc, [dc]);
    cached = true;
  } catch (e) {
    if (!(e instanceof DOMException && e.name === 'DataCloneError')) throw e;
    cached = false;
  } finally {
    port1.close();
    port2.close();
    pc.close();
  }
  return cached;
}

// Chromium's first RTCPeerConnection in a page pays for starting WebRTC's network side (interface enumeration,
// port allocation) during its ICE gathering: measured here (fresh page, 5 offers gathered at once, no STUN, loaded
// 2-core machine), 326 / 458 / 628 ms the first time against 142 / 153 / 327 ms the next. The first magnet a user
// adds made its offers exactly then, so that cost sat on the path to its metadata. One throwaway connection at
// start-up pays it before anyone waits. Where channels can be transferred, the offers made ahead of time
// (net/webrtc/offer-pool.ts) pay it instead, and this is not run.

/** Gathers ICE once on a connection that is closed right after (or after `timeoutMs`); never throws. */
export async function warmUpWebRtc(config: RTCConfiguration, timeoutMs = 3000): Promise<void> {
  if (typeof RTCPeerConnection === 'undefined') return;
  let pc: RTCPeerConnection | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    pc = new RTCPeerConnection(config);
    pc.createDataChannel('warm-up');
    await pc.setLocalDescription(await pc.createOffer());
    const gathering = pc;
    await new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
      if (gathering.iceGatheringState === 'complete') resolve();
      gathering.addEventListener('icegatheringstatechange', () => gathering.iceGatheringState === 'complete' && resolve());
    });
  } catch (e) {
    console.debug('[network] WebRTC warm-up failed (harmless)', e);
  } finally {
    clearTimeout(timer);
    pc?.close();
  }
}

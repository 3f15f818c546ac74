// The baseline: a bare RTCDataChannel between the same two pages, signalled through the test process, sending
// fixed-size messages with bufferedAmount backpressure. What our app is measured against in the same run.

import type { Page } from '@playwright/test';

interface Sdp {
  type: RTCSdpType;
  sdp: string;
}

/** Sends `bytes` from `a` to `b`; returns the receiver's MB/s from its first to its last byte. */
export async function rawChannelMBps(a: Page, b: Page, bytes: number, messageSize = 16384): Promise<number> {
  const offer = await a.evaluate(async () => {
    const w = window as unknown as Record<string, unknown>;
    const pc = new RTCPeerConnection({ iceServers: [] });
    const dc = pc.createDataChannel('raw-bench');
    dc.binaryType = 'arraybuffer';
    w['rawPc'] = pc;
    w['rawDc'] = dc;
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise<void>((r) => {
      if (pc.iceGatheringState === 'complete') r();
      pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && r();
    });
    return { type: pc.localDescription!.type, sdp: pc.localDescription!.sdp } as Sdp;
  });
  const answer = await b.evaluate(async ([o, total]) => {
    const w = window as unknown as Record<string, unknown>;
    const pc = new RTCPeerConnection({ iceServers: [] });
    w['rawPc'] = pc;
    w['rawDone'] = new Promise<number>((resolve) => {
      pc.ondatachannel = (ev) => {
        const dc = ev.channel;
        dc.binaryType = 'arraybuffer';
        let got = 0;
        let first = 0;
        dc.onmessage = (m: MessageEvent<ArrayBuffer>) => {
          if (got === 0) first = performance.now();
          got += m.data.byteLength;
          if (got >= total) resolve(total / ((performance.now() - first) * 1000));
        };
      };
    });
    await pc.setRemoteDescription(o);
    await pc.setLocalDescription(await pc.createAnswer());
    await new Promise<void>((r) => {
      if (pc.iceGatheringState === 'complete') r();
      pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && r();
    });
    return { type: pc.localDescription!.type, sdp: pc.localDescription!.sdp } as Sdp;
  }, [offer, bytes] as const);
  await a.evaluate(
    async ([ans, total, size]) => {
      const w = window as unknown as Record<string, unknown>;
      const pc = w['rawPc'] as RTCPeerConnection;
      const dc = w['rawDc'] as RTCDataChannel;
      await pc.setRemoteDescription(ans);
      if (dc.readyState !== 'open') await new Promise((r) => (dc.onopen = r));
      const chunk = new Uint8Array(size);
      let sent = 0;
      const HIGH = 4 * 1024 * 1024;
      dc.bufferedAmountLowThreshold = 1024 * 1024;
      await new Promise<void>((resolve) => {
        const pump = (): void => {
          while (sent < total && dc.bufferedAmount < HIGH) {
            dc.send(chunk);
            sent += size;
          }
          if (sent >= total) resolve();
        };
        dc.onbufferedamountlow = pump;
        // The event can go missing under load; a slow poll keeps the sender honest.
        const poll = setInterval(() => (sent >= total ? clearInterval(poll) : pump()), 20);
        pump();
      });
    },
    [answer, bytes, messageSize] as const,
  );
  const mbps = await b.evaluate(() => (window as unknown as Record<string, Promise<number>>)['rawDone']!);
  await Promise.all([a, b].map((p) => p.evaluate(() => ((window as unknown as Record<string, RTCPeerConnection>)['rawPc'])?.close())));
  return mbps;
}

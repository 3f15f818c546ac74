// The network layer's timers (net/timers.ts WorkerTimers), kept in a dedicated worker so a hidden page's throttling
// does not delay re-announces, reconnects and connection timeouts. Posts a timer's id back when it is due.

import type { TimerRequest } from '../net/timers.ts';

const timers = new Map<number, ReturnType<typeof setTimeout>>();

self.onmessage = (ev: MessageEvent<TimerRequest>) => {
  const r = ev.data;
  if ('cancel' in r) {
    clearTimeout(timers.get(r.id));
    timers.delete(r.id);
    return;
  }
  timers.set(
    r.id,
    setTimeout(() => {
      timers.delete(r.id);
      self.postMessage(r.id);
    }, r.ms),
  );
};

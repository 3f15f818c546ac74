import { describe, expect, it } from 'vitest';
import { withCloseHook } from '../../../../src/api/worker/close-hook.ts';
import type { PeerChannel, PeerChannelEvents } from '../../../../src/engine/ports.ts';

function channel() {
  const log: string[] = [];
  const inner: PeerChannel = {
    send: (data) => void log.push(`send ${data.length}`),
    bufferedAmount: 7,
    open: (_events: PeerChannelEvents) => void log.push('open'),
    close: () => void log.push('close'),
  };
  return { inner, log };
}

describe('withCloseHook', () => {
  it('passes sends, opens and the buffered amount through', () => {
    const { inner, log } = channel();
    const wrapped = withCloseHook(inner, () => log.push('hook'));
    wrapped.open({ data: () => {}, drain: () => {}, close: () => {} });
    wrapped.send(new Uint8Array(3));
    expect(wrapped.bufferedAmount).toBe(7);
    expect(log).toEqual(['open', 'send 3']);
  });

  it('keeps what the channel says of copying on send (the engine reuses its send buffer only then)', () => {
    const { inner } = channel();
    expect(withCloseHook(inner, () => {}).copiesOnSend).toBeFalsy();
    expect(withCloseHook({ ...inner, copiesOnSend: true }, () => {}).copiesOnSend).toBe(true);
  });

  it('reports the first close only, and closes the channel every time', () => {
    const { inner, log } = channel();
    const wrapped = withCloseHook(inner, () => log.push('hook'));
    wrapped.close();
    wrapped.close();
    expect(log).toEqual(['close', 'hook', 'close']);
  });
});

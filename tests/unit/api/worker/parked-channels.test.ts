import { describe, expect, it } from 'vitest';
import { ParkedChannels } from '../../../../src/api/worker/parked-channels.ts';

/** Just what ParkedChannels touches of an RTCDataChannel: its close event and close(). */
class FakeChannel extends EventTarget {
  closed = false;
  close(): void {
    this.closed = true;
    this.dispatchEvent(new Event('close'));
  }
}
const channel = () => new FakeChannel() as unknown as RTCDataChannel & FakeChannel;

describe('ParkedChannels', () => {
  it('hands a parked channel out once', () => {
    const p = new ParkedChannels();
    const a = channel();
    p.park(7, a);
    expect(p.take(7)).toBe(a);
    expect(p.take(7)).toBeUndefined();
    expect(p.size).toBe(0);
  });

  it('forgets a channel that closes while parked (its offer was discarded in the window)', () => {
    const p = new ParkedChannels();
    const a = channel();
    p.park(1, a);
    a.close();
    expect(p.take(1)).toBeUndefined();
  });

  it('a channel taken and closed later does not disturb another parked under the same id', () => {
    const p = new ParkedChannels();
    const a = channel();
    p.park(1, a);
    p.take(1);
    const b = channel();
    p.park(1, b);
    a.close();
    expect(p.take(1)).toBe(b);
  });

  it('closes what it still holds on clear', () => {
    const p = new ParkedChannels();
    const a = channel();
    p.park(1, a);
    p.clear();
    expect(a.closed).toBe(true);
    expect(p.size).toBe(0);
  });
});

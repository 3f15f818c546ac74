import { describe, expect, it } from 'vitest';
import { parseDock } from '../../../src/components/detail-dock.ts';
import { trackerReach } from '../../../src/components/rv-status-bar.ts';

describe('trackerReach', () => {
  it('counts each tracker once; any torrent hearing from it makes it reachable', () => {
    const r = (url: string, state: 'online' | 'error' | 'connecting' | 'offline') => ({ url, state, peersReceived: 0 });
    expect(trackerReach([[r('wss://a', 'online'), r('wss://b', 'error')], [r('wss://b', 'online'), r('wss://c', 'offline')]])).toEqual({ reachable: 2, total: 3 });
    expect(trackerReach([])).toEqual({ reachable: 0, total: 0 });
  });
});

describe('parseDock', () => {
  it('keeps what was saved and repairs the rest', () => {
    expect(parseDock(JSON.stringify({ placement: 'beside', below: 400, beside: 90, collapsed: true }))).toEqual({ placement: 'beside', below: 400, beside: 180, collapsed: true });
    expect(parseDock('{')).toEqual({ placement: 'below', below: 300, beside: 480, collapsed: false });
    expect(parseDock(JSON.stringify({ placement: 'sideways', below: 'x' }))).toEqual({ placement: 'below', below: 300, beside: 480, collapsed: false });
  });
});

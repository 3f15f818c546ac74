// Applying choke decisions to live peers: a choke round, and a free slot given at once to a newly interested peer.

import { describe, expect, it } from 'vitest';
import { Geometry } from '../../../../src/engine/metainfo/geometry.ts';
import { runChokeRound, unchokeIfRoom } from '../../../../src/engine/transfer/choking.ts';
import * as wire from '../../../../src/engine/wire/encoder.ts';
import { FakeChannel, FakeHost, REMOTE_ID, remoteHandshake } from '../peer/fakes.ts';
import { Peer } from '../../../../src/engine/peer/peer.ts';

const geometry = new Geometry(4 * 16384, 16384);

/** `n` ready peers with distinct ids; `interested` marks which have sent interested. */
function peers(interested: boolean[]): Peer[] {
  const host = new FakeHost(geometry);
  return interested.map((wants, i) => {
    const channel = new FakeChannel();
    const peer = new Peer(host, channel, 'pipe', '');
    peer.start();
    const id = REMOTE_ID.slice();
    id[19] = 0x30 + i;
    channel.receive(remoteHandshake({ peerId: id }));
    if (wants) channel.receive(wire.interested());
    return peer;
  });
}

describe('choking rounds on live peers', () => {
  it('unchokes the chosen peers and chokes the rest, returning the optimistic pick', () => {
    const [fast, slow, idle] = peers([true, true, false]);
    fast!.download.add(1_000_000, 1_000);
    const optimistic = runChokeRound({ peers: [fast!, slow!, idle!], slots: 1, seeding: false, now: 1_000, optimistic: null, rotateOptimistic: true, random: () => 0 });
    expect([fast!.amChoking, slow!.amChoking, idle!.amChoking]).toEqual([false, false, true]);
    expect(optimistic).toBe(slow!.remotePeerIdHex);
  });

  it('leaves peers that are not ready out of the round', () => {
    const host = new FakeHost(geometry);
    const connecting = new Peer(host, new FakeChannel(), 'pipe', '');
    connecting.start();
    runChokeRound({ peers: [connecting], slots: 4, seeding: false, now: 0, optimistic: null, rotateOptimistic: true, random: () => 0 });
    expect(connecting.amChoking).toBe(true);
  });

  it('gives a newly interested peer a free slot at once, but not beyond the slots', () => {
    const all = peers([true, true, true]);
    expect(unchokeIfRoom(all[0]!, all, 2)).toBe(true);
    expect(unchokeIfRoom(all[1]!, all, 2)).toBe(true);
    expect(unchokeIfRoom(all[2]!, all, 2)).toBe(false);
    expect(all.map((p) => p.amChoking)).toEqual([false, false, true]);
    expect(unchokeIfRoom(all[0]!, all, 2)).toBe(false); // already unchoked
  });

  it('does not unchoke a peer that is not interested', () => {
    const [p] = peers([false]);
    expect(unchokeIfRoom(p!, [p!], 4)).toBe(false);
    expect(p!.amChoking).toBe(true);
  });
});

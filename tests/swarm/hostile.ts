// A scriptable raw peer for hostile-input tests: speaks the wire protocol by hand through one end of a pipe.

import { WireDecoder, isHandshake } from '../../src/engine/wire/decoder.ts';
import * as wire from '../../src/engine/wire/encoder.ts';
import { encodeExtendedHandshake } from '../../src/engine/wire/extended.ts';
import { encodeHandshake } from '../../src/engine/wire/handshake.ts';
import type { ExtendedHandshake, Handshake, WireMessage } from '../../src/engine/wire/messages.ts';
import type { Channel } from './harness.ts';

export class RawPeer {
  readonly received: (Handshake | WireMessage)[] = [];
  closed = false;
  private readonly decoder = new WireDecoder({ handshake: true });

  constructor(
    readonly channel: Channel,
    readonly infoHash: Uint8Array,
    readonly peerId: Uint8Array,
    private readonly onMessage: (m: WireMessage, self: RawPeer) => void = () => {},
  ) {
    channel.open({
      data: (chunk) => {
        this.decoder.push(chunk);
        for (let m = this.decoder.next(); m; m = this.decoder.next()) {
          this.received.push(m);
          if (!isHandshake(m)) this.onMessage(m, this);
        }
      },
      drain: () => {},
      close: () => void (this.closed = true),
    });
  }

  handshake(extensions = true): void {
    const reserved = new Uint8Array(8);
    if (extensions) reserved[5] = 0x10;
    this.channel.send(encodeHandshake({ reserved, infoHash: this.infoHash, peerId: this.peerId }));
  }

  extendedHandshake(h: ExtendedHandshake): void {
    this.channel.send(wire.extended(0, encodeExtendedHandshake(h)));
  }

  send(bytes: Uint8Array): void {
    this.channel.send(bytes);
  }
}

export function rawPeerId(tag: string): Uint8Array {
  const id = new Uint8Array(20);
  id.set(new TextEncoder().encode(`-XX0000-${tag}`.padEnd(20, '0').slice(0, 20)));
  return id;
}

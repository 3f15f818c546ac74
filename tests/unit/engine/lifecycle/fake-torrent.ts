// A torrent as the lifecycle sees it (LifecycleTorrent), with its content and traffic set by the test.

import type { LifecycleTorrent } from '../../../../src/engine/lifecycle/lifecycle.ts';
import type { TorrentStatus } from '../../../../src/engine/torrent-types.ts';

export class FakeTorrent implements LifecycleTorrent {
  status: TorrentStatus = 'paused';
  complete = false;
  awaitingSelection = false;
  hasMetadata = true;
  uploaded = 0;
  downloaded = 0;
  lowPriority = false;
  sequential = false;
  length = 1000;
  rates = { down: 0, up: 0 };

  constructor(readonly infoHashHex: string) {}

  progress() {
    return { length: this.length, verified: this.complete ? this.length : 0 };
  }
  downloadRate() {
    return this.rates.down;
  }
  uploadRate() {
    return this.rates.up;
  }
  pause() {
    if (this.status !== 'paused') this.status = 'paused';
  }
  resume() {
    if (this.status !== 'paused' && this.status !== 'error') return;
    this.status = !this.hasMetadata ? 'metadata' : this.complete ? 'seeding' : 'downloading';
  }
  setSequential(on: boolean) {
    this.sequential = on;
  }
  /** Every wanted piece is here (the torrent's 'completed' event; the session then updates the lifecycle). */
  finish() {
    this.complete = true;
    if (this.status === 'downloading') this.status = 'seeding';
  }
  fail() {
    this.status = 'error';
  }
}

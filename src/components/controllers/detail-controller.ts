// Keeps one torrent's detail (files, peers, verified-piece bitfield) fresh for a Lit host: one `detail` call at a
// time, repeated every second while the host is connected; a change of torrent fetches at once.

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { EngineClient } from '../../api/client.ts';
import type { TorrentDetail } from '../../api/protocol.ts';
import { getDetail } from '../actions.ts';
import { errorText } from '../labels.ts';

export const DETAIL_REFRESH_MS = 1000;

export class DetailController implements ReactiveController {
  detail: TorrentDetail | null = null;
  error: string | null = null;
  /** The torrent `detail` belongs to. */
  private of: string | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight = false;
  private connected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly target: () => { client: EngineClient | undefined; infoHashHex: string | null },
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
    void this.fetch();
  }

  hostDisconnected(): void {
    this.connected = false;
    clearTimeout(this.timer);
  }

  /** A new torrent: drop the old detail and fetch now. */
  hostUpdated(): void {
    const { infoHashHex } = this.target();
    if (infoHashHex !== this.of && !this.inFlight) void this.fetch();
  }

  private async fetch(): Promise<void> {
    clearTimeout(this.timer);
    const { client, infoHashHex } = this.target();
    if (!this.connected) return;
    if (!client || !infoHashHex) {
      this.schedule();
      return;
    }
    if (infoHashHex !== this.of) {
      this.detail = null;
      this.of = infoHashHex;
    }
    this.inFlight = true;
    try {
      const detail = await getDetail(client, infoHashHex);
      if (this.of === infoHashHex) {
        this.detail = detail;
        this.error = null;
      }
    } catch (e) {
      if (this.of === infoHashHex) this.error = errorText(e);
    } finally {
      this.inFlight = false;
    }
    this.host.requestUpdate();
    this.schedule();
  }

  private schedule(): void {
    if (this.connected) this.timer = setTimeout(() => void this.fetch(), DETAIL_REFRESH_MS);
  }
}

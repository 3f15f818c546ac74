// Re-renders a Lit host when trackers answered (swarm counts, failures): those arrive on the main thread with no
// engine snapshot of their own, and an idle seed sends no snapshots at all, so a view that reads
// `AppServices.trackerStatus` only on snapshots would keep showing the counts from before the answer.

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AppServices } from '../services.ts';

/** Answers arriving within this window make one update: 1,000 torrents announcing must not mean 1,000 renders. */
export const REPORT_COALESCE_MS = 500;

export class TrackerReportController implements ReactiveController {
  /** Bumped once per coalesced batch of answers: a memo keyed on it knows the reports moved. */
  version = 0;
  private subscribedTo: AppServices | undefined;
  private off: (() => void) | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private connected = false;
  private owed = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly getServices: () => AppServices | undefined,
    /** Returns `false` when the answers change nothing the host shows: no update is requested then. */
    private readonly sees: () => boolean = () => true,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
    this.sync();
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  /** `services` is a property that may arrive after connection; each update checks it. */
  hostUpdate(): void {
    this.sync();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.release();
    document.removeEventListener('visibilitychange', this.onVisibility);
  }

  private readonly onVisibility = (): void => {
    if (document.visibilityState === 'hidden' || !this.owed) return;
    this.owed = false;
    this.host.requestUpdate();
  };

  private readonly onReport = (): void => {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.version++;
      if (!this.sees()) return;
      // A hidden page draws nothing: one update when it is shown again.
      if (document.visibilityState === 'hidden') this.owed = true;
      else this.host.requestUpdate();
    }, REPORT_COALESCE_MS);
  };

  private sync(): void {
    const services = this.connected ? this.getServices() : undefined;
    if (services === this.subscribedTo) return;
    this.release();
    if (!services?.onTrackerReport) return;
    this.subscribedTo = services;
    this.off = services.onTrackerReport(this.onReport);
  }

  private release(): void {
    this.off?.();
    this.off = undefined;
    this.subscribedTo = undefined;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

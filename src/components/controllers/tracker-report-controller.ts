// Re-renders a Lit host when trackers answered (swarm counts, failures): those arrive on the main thread with no
// engine snapshot of their own, and an idle seed sends no snapshots at all, so a view that reads
// `AppServices.trackerStatus` only on snapshots would keep showing the counts from before the answer.

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AppServices } from '../services.ts';
import { VisibleUpdates } from './visible-updates.ts';

/** Answers arriving within this window make one update: 1,000 torrents announcing must not mean 1,000 renders. */
export const REPORT_COALESCE_MS = 500;

export class TrackerReportController implements ReactiveController {
  /** Bumped once per coalesced batch of answers: a memo keyed on it knows the reports moved. */
  version = 0;
  private subscribedTo: AppServices | undefined;
  private off: (() => void) | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private connected = false;
  private readonly updates: VisibleUpdates;

  constructor(
    host: ReactiveControllerHost,
    private readonly getServices: () => AppServices | undefined,
    /** Returns `false` when the answers change nothing the host shows: no update is requested then. */
    private readonly sees: () => boolean = () => true,
  ) {
    this.updates = new VisibleUpdates(host);
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
    this.sync();
    this.updates.start();
  }

  /** `services` is a property that may arrive after connection; each update checks it. */
  hostUpdate(): void {
    this.sync();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.release();
    this.updates.stop();
  }

  private readonly onReport = (): void => {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.version++;
      if (this.sees()) this.updates.request();
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

// Re-renders a Lit host when trackers answered (swarm counts, failures): those arrive on the main thread with no
// engine snapshot of their own, and an idle seed sends no snapshots at all, so a view that reads
// `AppServices.trackerStatus` only on snapshots would keep showing the counts from before the answer.

import type { ReactiveControllerHost } from 'lit';
import type { AppServices } from '../services.ts';
import { SourceSubscription } from './source-subscription.ts';

/** Answers arriving within this window make one update: 1,000 torrents announcing must not mean 1,000 renders. */
export const REPORT_COALESCE_MS = 500;

export class TrackerReportController {
  /** Bumped once per coalesced batch of answers: a memo keyed on it knows the reports moved. */
  version = 0;
  private readonly subscription: SourceSubscription<AppServices>;

  constructor(
    host: ReactiveControllerHost,
    getServices: () => AppServices | undefined,
    /** Returns `false` when the answers change nothing the host shows: no update is requested then. */
    sees: () => boolean = () => true,
  ) {
    this.subscription = new SourceSubscription(host, getServices, (services, update) => {
      if (!services.onTrackerReport) return undefined;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const off = services.onTrackerReport(() => {
        timer ??= setTimeout(() => {
          timer = undefined;
          this.version++;
          if (sees()) update();
        }, REPORT_COALESCE_MS);
      });
      return () => {
        off();
        clearTimeout(timer);
      };
    });
  }
}

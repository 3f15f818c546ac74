// The engine worker's speed limits: the session-wide limits and the alternative ones, which of them applies now
// (the turtle clicked, or the weekly schedule), and per-torrent limits. Invalid settings are refused whole.

import { EngineError } from '../../engine/errors.ts';
import { AltSpeedSwitch, type UtcOffset } from '../../engine/rate/speed-schedule.ts';
import type { Limits } from '../../engine/rate/transfer-limiter.ts';
import type { Session } from '../../engine/session.ts';
import type { Torrent } from '../../engine/torrent.ts';
import type { EngineSettings, SpeedSchedule, SpeedStatus } from '../protocol.ts';
import { checkLimit, checkSpeedSettings, type SpeedProblem } from '../speed-settings.ts';

export interface WallClock {
  /** Epoch milliseconds. */
  now(): number;
  offset: UtcOffset;
}

/** The local time zone as the worker sees it (the same as the page's). */
export const localWallClock: WallClock = {
  now: () => Date.now(),
  offset: (ms) => -new Date(ms).getTimezoneOffset(),
};

export class SpeedControl {
  private normal: Limits = { download: null, upload: null };
  private alternative: Limits = { download: null, upload: null };
  private readonly alt = new AltSpeedSwitch(false);
  private lastManual: boolean | undefined;
  private lastSchedule = '';
  private scheduled = false;

  constructor(
    private readonly session: Session,
    private readonly clock: WallClock = localWallClock,
  ) {}

  /** Takes the speed fields of the settings; throws COMMAND_INVALID (and changes nothing) if one is wrong. */
  configure(settings: EngineSettings): void {
    const problem = checkSpeedSettings(settings);
    if (problem) throw invalid(problem);
    this.normal = { download: settings.downloadLimit ?? null, upload: settings.uploadLimit ?? null };
    this.alternative = { download: settings.altDownloadLimit ?? null, upload: settings.altUploadLimit ?? null };
    const manual = settings.altSpeedEnabled ?? false;
    if (manual !== this.lastManual) this.alt.set(manual);
    this.lastManual = manual;
    const schedule = settings.altSpeedSchedule?.enabled ? settings.altSpeedSchedule : undefined;
    const key = JSON.stringify(schedule ?? null);
    if (key !== this.lastSchedule) {
      this.lastSchedule = key;
      this.scheduled = schedule !== undefined;
      this.alt.setSchedule(schedule ? windowOf(schedule) : null, this.clock.now(), this.clock.offset);
    }
    this.apply();
  }

  /** The turtle: on or off by hand (until the schedule's next edge). */
  setAltSpeed(enabled: boolean): SpeedStatus {
    this.alt.set(enabled);
    this.apply();
    return this.status();
  }

  /** Follows the schedule (called from the host's tick); true when alternative speed switched. */
  tick(): boolean {
    if (!this.alt.update(this.clock.now(), this.clock.offset)) return false;
    this.apply();
    return true;
  }

  status(): SpeedStatus {
    const l = this.alt.active ? this.alternative : this.normal;
    return { downloadLimit: l.download, uploadLimit: l.upload, altSpeed: this.alt.active, scheduled: this.scheduled };
  }

  /** A torrent's own limits; throws COMMAND_INVALID for 0 or below. */
  setTorrentLimits(t: Torrent, download: number | null, upload: number | null): Limits {
    const problem = checkLimit('download', download) ?? checkLimit('upload', upload);
    if (problem) throw invalid(problem, t.infoHashHex);
    t.setLimits({ download, upload });
    return t.limits;
  }

  private apply(): void {
    this.session.setGlobalLimits(this.alt.active ? this.alternative : this.normal);
  }
}

function windowOf(s: SpeedSchedule) {
  return { days: s.days, from: s.from, to: s.to };
}

function invalid(p: SpeedProblem, infoHash?: string): EngineError {
  const details: Record<string, string | number> = { problem: p.kind, ...(infoHash ? { infoHash } : {}) };
  if (p.kind === 'limit-not-positive') Object.assign(details, { field: p.field, value: p.value });
  if (p.kind === 'schedule-empty') details['minute'] = p.minute;
  if (p.kind === 'schedule-bad-time') details['value'] = p.value;
  const message =
    p.kind === 'limit-not-positive'
      ? 'A speed limit must be above 0 (or unlimited)'
      : p.kind === 'schedule-empty'
        ? 'The schedule ends when it starts'
        : p.kind === 'schedule-no-days'
          ? 'The schedule has no days'
          : 'A schedule time is not a time of day';
  return new EngineError('COMMAND_INVALID', message, details);
}

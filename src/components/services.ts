// The window-side services the UI needs besides the engine client; the composition root (src/app/main.ts) builds it.

import type { SeedGoal, SpeedSchedule } from '../api/protocol.ts';

/** Why a tracker is not answering, as data (mirrors src/net/tracker/tracker-types.ts; tracker-problem.ts words it). */
export type TrackerProblem =
  | { readonly kind: 'invalid-url' }
  | { readonly kind: 'blocked' }
  | { readonly kind: 'connect-timeout'; readonly ms: number }
  | { readonly kind: 'unreachable'; readonly code: number; readonly reason?: string }
  | { readonly kind: 'lost'; readonly code: number; readonly reason?: string }
  | { readonly kind: 'refused'; readonly reason: string };

/** One tracker's state for a torrent, as the network layer reports it (main thread). */
export interface TrackerReport {
  readonly url: string;
  readonly state: 'connecting' | 'online' | 'error' | 'offline';
  readonly seeders?: number;
  readonly leechers?: number;
  readonly lastError?: string;
  readonly problem?: TrackerProblem;
  readonly warning?: string;
  /** Epoch ms of the next announce or reconnect attempt. */
  readonly nextAnnounceAt?: number;
  readonly peersReceived: number;
}

/** What the settings dialog shows and edits (src/app/settings.ts keeps these and what the UI never shows). */
export interface UserSettings {
  readonly trackers: readonly string[];
  readonly maxPeersPerTorrent: number;
  readonly uploadSlots: number;
  /** 0: no limit. */
  readonly maxActiveDownloads: number;
  readonly maxActiveSeeds: number;
  readonly maxActiveTorrents: number;
  /** Seconds without traffic after which a torrent holds no queue slot; 0: off. */
  readonly slowTorrentSeconds: number;
  /** The default seeding goal; null: seed forever. */
  readonly seedGoal: SeedGoal | null;
  readonly storage: 'auto' | 'opfs' | 'idb' | 'memory';
  /** 'auto' (the browser's languages) or one of `SettingsService.languages`. */
  readonly language: string;
  readonly notifyOnComplete: boolean;
  /** Speed limits in bytes/s (null = unlimited) and the alternative-speed switch and schedule. */
  readonly downloadLimit: number | null;
  readonly uploadLimit: number | null;
  readonly altDownloadLimit: number | null;
  readonly altUploadLimit: number | null;
  readonly altSpeedEnabled: boolean;
  readonly altSpeedSchedule: SpeedSchedule;
}

/** The whole-number settings (each with a range in `SettingsService.limits`). */
export type NumericSetting = 'maxPeersPerTorrent' | 'uploadSlots' | 'maxActiveDownloads' | 'maxActiveSeeds' | 'maxActiveTorrents' | 'slowTorrentSeconds';

export interface SettingsService {
  current(): UserSettings;
  defaults(): UserSettings;
  /** Inclusive ranges of the numeric settings (save() clamps to them). */
  readonly limits: Readonly<Record<NumericSetting, { readonly min: number; readonly max: number }>>;
  /** The interface languages: code and the language's own name. */
  readonly languages: readonly { readonly code: string; readonly name: string }[];
  /**
   * Validates (clamping numbers; invalid speed limits or schedule throw SpeedSettingsError, nothing saved), saves, and applies what applies at once: engine limits, trackers for torrents
   * added from now on, language. The storage backend applies at the next start. Resolves with what was saved.
   */
  save(next: UserSettings): Promise<UserSettings>;
}

export interface AppServices {
  settings: { trackers: string[] };
  /** Reading and changing the user's settings (absent in tests that mount the UI alone). */
  preferences?: SettingsService;
  /** The link that opens this app and starts downloading `magnet`. */
  shareUrl(magnet: string): string;
  /** What each tracker of a torrent reports (empty while the torrent is not announced, e.g. paused). */
  trackerStatus?(infoHashHex: string): readonly TrackerReport[];
  /** Calls `listener` whenever a tracker answered about a torrent (trackerStatus may read differently); returns the off switch. */
  onTrackerReport?(listener: (infoHashHex: string) => void): () => void;
  /** Force reannounce: every tracker of the torrent announces now (absent in tests that mount the UI alone). */
  reannounce?(infoHashHex: string): void;
  /** The page's WebRTC connection budget (net/webrtc/connection-budget.ts); null while no engine runs here. */
  connectionBudget?(): ConnectionBudgetReport | null;
}

/** 'full': every connection slot is taken; 'refused': the browser declines new connections. */
export interface ConnectionBudgetReport {
  readonly state: 'ok' | 'full' | 'refused';
  readonly connections: number;
  readonly limit: number;
}

/** The app URL with the magnet as its fragment: the fragment never reaches a server, so the link leaks nothing. */
export function shareUrlFor(location: { readonly origin: string; readonly pathname: string }, magnet: string): string {
  return `${location.origin}${location.pathname}#${magnet}`;
}

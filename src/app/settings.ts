// User settings kept in localStorage (the window needs them before the engine starts): trackers, WebRTC ICE
// servers, storage backend, peer limits, language, notifications. Unknown or damaged values fall back to defaults.

import type { EngineSettings, SeedGoal, SpeedSchedule } from '../api/protocol.ts';
import { checkSchedule, MAX_LIMIT } from '../api/speed-settings.ts';
import { isLanguageSetting, type LanguageSetting } from './locale-choice.ts';

export interface Settings {
  trackers: string[];
  iceServers: RTCIceServer[];
  storage: EngineSettings['storage'];
  maxPeersPerTorrent: number;
  /**
   * Connections of the page, all torrents together (qBittorrent's global maximum); absent: the connection budget's
   * own (net/webrtc/connector.ts, 200), which is also the most this may be (Chromium refuses past ~500 per page).
   */
  maxConnections?: number;
  uploadSlots: number;
  /** Downloads running at once (later ones are queued); 0: no limit. */
  maxActiveDownloads: number;
  /** Seeds, and torrents of either kind, running at once; 0: no limit. */
  maxActiveSeeds: number;
  maxActiveTorrents: number;
  /** A torrent without traffic this long holds no queue slot (qBittorrent's "do not count slow torrents"); 0: off. */
  slowTorrentSeconds: number;
  /** When a torrent without its own goal stops seeding; null: never. */
  seedGoal: SeedGoal | null;
  /** Interface language; 'auto' follows navigator.languages. */
  language: LanguageSetting;
  /** Show a system notification when a download completes (needs the Notification permission too). */
  notifyOnComplete: boolean;
  /** Speed limits in bytes/s, null = unlimited; the alternative ones apply while alternative speed is on. */
  downloadLimit: number | null;
  uploadLimit: number | null;
  altDownloadLimit: number | null;
  altUploadLimit: number | null;
  /** The turtle as last clicked (a schedule may move it at its edges). */
  altSpeedEnabled: boolean;
  altSpeedSchedule: SpeedSchedule;
}

const KEY = 'rivulet.settings';

/** The tracker `npm start` runs beside the app, on the same origin. */
export function sameOriginTracker(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/announce`;
}

export const PUBLIC_TRACKERS = ['wss://tracker.openwebtorrent.com', 'wss://tracker.webtorrent.dev', 'wss://tracker.btorrent.xyz'];
export const PUBLIC_ICE_SERVERS: RTCIceServer[] = [{ urls: 'stun:stun.l.google.com:19302' }, { urls: 'stun:global.stun.twilio.com:3478' }];

export function defaultSettings(): Settings {
  return {
    trackers: [sameOriginTracker(), ...PUBLIC_TRACKERS],
    iceServers: PUBLIC_ICE_SERVERS,
    storage: 'auto',
    maxPeersPerTorrent: 50,
    uploadSlots: 4,
    maxActiveDownloads: 0,
    maxActiveSeeds: 0,
    maxActiveTorrents: 0,
    slowTorrentSeconds: 60,
    seedGoal: null,
    language: 'auto',
    notifyOnComplete: false,
    downloadLimit: null,
    uploadLimit: null,
    // About Transmission's defaults for the turtle (50 kB/s each way), in the KiB/s the fields show.
    altDownloadLimit: 50 * 1024,
    altUploadLimit: 50 * 1024,
    altSpeedEnabled: false,
    // Weeknights 22:00 to 06:00, off until the user ticks it.
    altSpeedSchedule: { enabled: false, days: [1, 2, 3, 4, 5], from: 22 * 60, to: 6 * 60 },
  };
}

/** Ranges of the numeric settings (inclusive): beyond them a typo would starve or flood the engine. */
export const SETTING_LIMITS = {
  maxPeersPerTorrent: { min: 1, max: 500 },
  maxConnections: { min: 2, max: 200 },
  uploadSlots: { min: 1, max: 50 },
  maxActiveDownloads: { min: 0, max: 100 },
  maxActiveSeeds: { min: 0, max: 100 },
  maxActiveTorrents: { min: 0, max: 100 },
  slowTorrentSeconds: { min: 0, max: 3600 },
} as const;

export function loadSettings(): Settings {
  let saved: Partial<Settings> = {};
  try {
    saved = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Settings>;
  } catch {
    saved = {}; // damaged JSON: defaults
  }
  return normalizeSettings(saved);
}

/** Every field checked: the valid ones kept, numbers clamped to their range, anything else from the defaults. */
export function normalizeSettings(saved: Partial<Record<keyof Settings, unknown>>): Settings {
  const defaults = defaultSettings();
  return {
    trackers: Array.isArray(saved.trackers) ? saved.trackers.filter((t): t is string => typeof t === 'string' && /^wss?:\/\//.test(t)) : defaults.trackers,
    iceServers: Array.isArray(saved.iceServers) ? (saved.iceServers as RTCIceServer[]) : defaults.iceServers,
    storage: saved.storage === 'opfs' || saved.storage === 'idb' || saved.storage === 'memory' ? saved.storage : defaults.storage,
    maxPeersPerTorrent: clampInt(saved.maxPeersPerTorrent, SETTING_LIMITS.maxPeersPerTorrent, defaults.maxPeersPerTorrent),
    ...(saved.maxConnections !== undefined ? { maxConnections: clampInt(saved.maxConnections, SETTING_LIMITS.maxConnections, SETTING_LIMITS.maxConnections.max) } : {}),
    uploadSlots: clampInt(saved.uploadSlots, SETTING_LIMITS.uploadSlots, defaults.uploadSlots),
    maxActiveDownloads: clampInt(saved.maxActiveDownloads, SETTING_LIMITS.maxActiveDownloads, defaults.maxActiveDownloads),
    maxActiveSeeds: clampInt(saved.maxActiveSeeds, SETTING_LIMITS.maxActiveSeeds, defaults.maxActiveSeeds),
    maxActiveTorrents: clampInt(saved.maxActiveTorrents, SETTING_LIMITS.maxActiveTorrents, defaults.maxActiveTorrents),
    slowTorrentSeconds: clampInt(saved.slowTorrentSeconds, SETTING_LIMITS.slowTorrentSeconds, defaults.slowTorrentSeconds),
    seedGoal: seedGoalOf(saved.seedGoal),
    language: isLanguageSetting(saved.language) ? saved.language : defaults.language,
    notifyOnComplete: typeof saved.notifyOnComplete === 'boolean' ? saved.notifyOnComplete : defaults.notifyOnComplete,
    downloadLimit: limitOr(saved.downloadLimit, defaults.downloadLimit),
    uploadLimit: limitOr(saved.uploadLimit, defaults.uploadLimit),
    altDownloadLimit: limitOr(saved.altDownloadLimit, defaults.altDownloadLimit),
    altUploadLimit: limitOr(saved.altUploadLimit, defaults.altUploadLimit),
    altSpeedEnabled: typeof saved.altSpeedEnabled === 'boolean' ? saved.altSpeedEnabled : defaults.altSpeedEnabled,
    altSpeedSchedule: scheduleOr(saved.altSpeedSchedule, defaults.altSpeedSchedule),
  };
}

/** A saved limit: null (unlimited) or a positive number of bytes/s; anything else is the default. */
function limitOr(v: unknown, fallback: number | null): number | null {
  if (v === null) return null;
  return typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= MAX_LIMIT ? v : fallback;
}

function scheduleOr(v: unknown, fallback: SpeedSchedule): SpeedSchedule {
  if (typeof v !== 'object' || v === null) return fallback;
  const o = v as Record<string, unknown>;
  if (typeof o['enabled'] !== 'boolean' || !Array.isArray(o['days']) || typeof o['from'] !== 'number' || typeof o['to'] !== 'number') return fallback;
  const s: SpeedSchedule = { enabled: o['enabled'], days: o['days'].filter((d): d is number => Number.isInteger(d) && d >= 0 && d <= 6), from: o['from'], to: o['to'] };
  return checkSchedule(s) ? fallback : s;
}

export function saveSettings(s: Settings): void {
  localStorage.setItem(KEY, JSON.stringify(s));
}

export function engineSettings(s: Settings): EngineSettings {
  return {
    storage: s.storage,
    maxPeersPerTorrent: s.maxPeersPerTorrent,
    uploadSlots: s.uploadSlots,
    maxActiveDownloads: s.maxActiveDownloads,
    maxActiveSeeds: s.maxActiveSeeds,
    maxActiveTorrents: s.maxActiveTorrents,
    slowTorrentSeconds: s.slowTorrentSeconds,
    ...(s.seedGoal ? { seedGoal: s.seedGoal } : {}),
    downloadLimit: s.downloadLimit,
    uploadLimit: s.uploadLimit,
    altDownloadLimit: s.altDownloadLimit,
    altUploadLimit: s.altUploadLimit,
    altSpeedEnabled: s.altSpeedEnabled,
    altSpeedSchedule: s.altSpeedSchedule,
  };
}

/** A saved seeding goal, or null when absent or damaged (a negative ratio, say). */
function seedGoalOf(v: unknown): SeedGoal | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  const num = (x: unknown): number | undefined | false => (x === undefined ? undefined : typeof x === 'number' && Number.isFinite(x) && x >= 0 ? x : false);
  const ratio = num(o['ratio']);
  const seedingMinutes = num(o['seedingMinutes']);
  const idleMinutes = num(o['idleMinutes']);
  if (ratio === false || seedingMinutes === false || idleMinutes === false) return null;
  if (o['action'] !== 'pause' && o['action'] !== 'low-priority') return null;
  return { ...(ratio !== undefined ? { ratio } : {}), ...(seedingMinutes !== undefined ? { seedingMinutes } : {}), ...(idleMinutes !== undefined ? { idleMinutes } : {}), action: o['action'] };
}

function clampInt(v: unknown, { min, max }: { readonly min: number; readonly max: number }, fallback: number): number {
  return typeof v === 'number' && Number.isInteger(v) ? Math.min(max, Math.max(min, v)) : fallback;
}

// User settings kept in localStorage (the window needs them before the engine starts): trackers, WebRTC ICE
// servers, storage backend, peer limits, language, notifications. Unknown or damaged values fall back to defaults.

import type { EngineSettings } from '../api/protocol.ts';
import { isLanguageSetting, type LanguageSetting } from './locale-choice.ts';

export interface Settings {
  trackers: string[];
  iceServers: RTCIceServer[];
  storage: EngineSettings['storage'];
  maxPeersPerTorrent: number;
  uploadSlots: number;
  /** Downloads running at once (later ones are queued); 0: no limit. */
  maxActiveDownloads: number;
  /** Interface language; 'auto' follows navigator.languages. */
  language: LanguageSetting;
  /** Show a system notification when a download completes (needs the Notification permission too). */
  notifyOnComplete: boolean;
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
    language: 'auto',
    notifyOnComplete: false,
  };
}

/** Ranges of the numeric settings (inclusive): beyond them a typo would starve or flood the engine. */
export const SETTING_LIMITS = {
  maxPeersPerTorrent: { min: 1, max: 500 },
  uploadSlots: { min: 1, max: 50 },
  maxActiveDownloads: { min: 0, max: 100 },
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
    uploadSlots: clampInt(saved.uploadSlots, SETTING_LIMITS.uploadSlots, defaults.uploadSlots),
    maxActiveDownloads: clampInt(saved.maxActiveDownloads, SETTING_LIMITS.maxActiveDownloads, defaults.maxActiveDownloads),
    language: isLanguageSetting(saved.language) ? saved.language : defaults.language,
    notifyOnComplete: typeof saved.notifyOnComplete === 'boolean' ? saved.notifyOnComplete : defaults.notifyOnComplete,
  };
}

export function saveSettings(s: Settings): void {
  localStorage.setItem(KEY, JSON.stringify(s));
}

export function engineSettings(s: Settings): EngineSettings {
  return { storage: s.storage, maxPeersPerTorrent: s.maxPeersPerTorrent, uploadSlots: s.uploadSlots, maxActiveDownloads: s.maxActiveDownloads };
}

function clampInt(v: unknown, { min, max }: { readonly min: number; readonly max: number }, fallback: number): number {
  return typeof v === 'number' && Number.isInteger(v) ? Math.min(max, Math.max(min, v)) : fallback;
}

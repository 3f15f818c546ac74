// User settings kept in localStorage (the window needs them before the engine starts): trackers, WebRTC ICE
// servers, storage backend, peer limits. Unknown or damaged values fall back to defaults.

import type { EngineSettings } from '../api/protocol.ts';

export interface Settings {
  trackers: string[];
  iceServers: RTCIceServer[];
  storage: EngineSettings['storage'];
  maxPeersPerTorrent: number;
  uploadSlots: number;
  /** Downloads running at once (later ones are queued); 0: no limit. */
  maxActiveDownloads: number;
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
  };
}

export function loadSettings(): Settings {
  const defaults = defaultSettings();
  let saved: Partial<Settings> = {};
  try {
    saved = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Settings>;
  } catch {
    saved = {}; // damaged JSON: defaults
  }
  return {
    trackers: Array.isArray(saved.trackers) ? saved.trackers.filter((t) => typeof t === 'string' && /^wss?:\/\//.test(t)) : defaults.trackers,
    iceServers: Array.isArray(saved.iceServers) ? saved.iceServers : defaults.iceServers,
    storage: saved.storage === 'opfs' || saved.storage === 'idb' || saved.storage === 'memory' ? saved.storage : defaults.storage,
    maxPeersPerTorrent: clampInt(saved.maxPeersPerTorrent, 1, 500, defaults.maxPeersPerTorrent),
    uploadSlots: clampInt(saved.uploadSlots, 1, 50, defaults.uploadSlots),
    maxActiveDownloads: clampInt(saved.maxActiveDownloads, 0, 100, defaults.maxActiveDownloads),
  };
}

export function saveSettings(s: Settings): void {
  localStorage.setItem(KEY, JSON.stringify(s));
}

export function engineSettings(s: Settings): EngineSettings {
  return { storage: s.storage, maxPeersPerTorrent: s.maxPeersPerTorrent, uploadSlots: s.uploadSlots, maxActiveDownloads: s.maxActiveDownloads };
}

function clampInt(v: unknown, min: number, max: number, fallback: number): number {
  return typeof v === 'number' && Number.isInteger(v) ? Math.min(max, Math.max(min, v)) : fallback;
}

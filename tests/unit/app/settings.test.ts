import { afterAll, describe, expect, it, vi } from 'vitest';
import { SETTING_LIMITS, defaultSettings, normalizeSettings } from '../../../src/app/settings.ts';

// The default tracker is the page's own origin; the vector table below reads the defaults while tests are collected.
vi.stubGlobal('location', { protocol: 'https:', host: 'rivulet.example' });
afterAll(() => {
  vi.unstubAllGlobals();
});

describe('normalizeSettings', () => {
  it('gives the defaults for nothing saved: the same-origin tracker first, public trackers, no language chosen', () => {
    const s = normalizeSettings({});
    expect(s).toEqual(defaultSettings());
    expect(s.trackers[0]).toBe('wss://rivulet.example/announce');
    expect(s.trackers.length).toBeGreaterThan(1);
    expect(s.language).toBe('auto');
    expect(s.notifyOnComplete).toBe(false);
  });

  it('keeps valid saved values', () => {
    const s = normalizeSettings({
      trackers: ['ws://127.0.0.1:8000/announce'],
      storage: 'idb',
      maxPeersPerTorrent: 12,
      uploadSlots: 3,
      maxActiveDownloads: 2,
      language: 'de',
      notifyOnComplete: true,
    });
    expect(s).toMatchObject({ trackers: ['ws://127.0.0.1:8000/announce'], storage: 'idb', maxPeersPerTorrent: 12, uploadSlots: 3, maxActiveDownloads: 2, language: 'de', notifyOnComplete: true });
  });

  it('keeps queue limits and a seeding goal, and hands them to the engine', async () => {
    const { engineSettings } = await import('../../../src/app/settings.ts');
    const s = normalizeSettings({ maxActiveSeeds: 3, maxActiveTorrents: 5, slowTorrentSeconds: 30, seedGoal: { ratio: 2, idleMinutes: 10, action: 'low-priority' } });
    expect(s).toMatchObject({ maxActiveSeeds: 3, maxActiveTorrents: 5, slowTorrentSeconds: 30, seedGoal: { ratio: 2, idleMinutes: 10, action: 'low-priority' } });
    expect(engineSettings(s)).toMatchObject({ maxActiveSeeds: 3, maxActiveTorrents: 5, slowTorrentSeconds: 30, seedGoal: { ratio: 2, idleMinutes: 10, action: 'low-priority' } });
    expect(engineSettings(normalizeSettings({}))).not.toHaveProperty('seedGoal');
  });

  it('leaves the connection limit to the budget unless one is saved', () => {
    expect(normalizeSettings({})).not.toHaveProperty('maxConnections');
    expect(normalizeSettings({ maxConnections: 12 }).maxConnections).toBe(12);
  });

  it('keeps an empty tracker list (the user removed them all)', () => {
    expect(normalizeSettings({ trackers: [] }).trackers).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['non-WebSocket trackers dropped', { trackers: ['https://t.example/announce', 'udp://t.example:80', 'wss://ok.example', 7] }, { trackers: ['wss://ok.example'] }],
    ['a tracker list that is not a list', { trackers: 'wss://x' }, { trackers: defaultSettings().trackers }],
    ['peers clamped up', { maxPeersPerTorrent: 0 }, { maxPeersPerTorrent: SETTING_LIMITS.maxPeersPerTorrent.min }],
    ['peers clamped down', { maxPeersPerTorrent: 1e6 }, { maxPeersPerTorrent: SETTING_LIMITS.maxPeersPerTorrent.max }],
    ['connections above the browser budget', { maxConnections: 5000 }, { maxConnections: SETTING_LIMITS.maxConnections.max }],
    ['connections clamped up', { maxConnections: 0 }, { maxConnections: SETTING_LIMITS.maxConnections.min }],
    ['connections not a number', { maxConnections: 'many' }, { maxConnections: SETTING_LIMITS.maxConnections.max }],
    ['slots not an integer', { uploadSlots: 2.5 }, { uploadSlots: 4 }],
    ['slots a string', { uploadSlots: '8' }, { uploadSlots: 4 }],
    ['active downloads negative', { maxActiveDownloads: -3 }, { maxActiveDownloads: 0 }],
    ['an unknown storage', { storage: 'cloud' }, { storage: 'auto' }],
    ['an unknown language', { language: 'fr' }, { language: 'auto' }],
    ['a language tag instead of a code', { language: 'de-DE' }, { language: 'auto' }],
    ['notifications not a boolean', { notifyOnComplete: 'yes' }, { notifyOnComplete: false }],
    ['active seeds negative', { maxActiveSeeds: -1 }, { maxActiveSeeds: 0 }],
    ['slow delay clamped down', { slowTorrentSeconds: 1e9 }, { slowTorrentSeconds: SETTING_LIMITS.slowTorrentSeconds.max }],
    ['a seeding goal with a ratio below 0', { seedGoal: { ratio: -1, action: 'pause' } }, { seedGoal: null }],
    ['a seeding goal with an unknown action', { seedGoal: { ratio: 1, action: 'delete' } }, { seedGoal: null }],
  ])('repairs %s', (_name, saved, expected) => {
    expect(normalizeSettings(saved)).toMatchObject(expected);
  });
});

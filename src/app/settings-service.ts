// The settings the UI edits (components/services.ts SettingsService) over src/app/settings.ts: saves to
// localStorage and applies what can change while running (engine limits, trackers for new torrents, language).

import type { EngineClient } from '../api/client.ts';
import { checkSpeedSettings, SpeedSettingsError } from '../api/speed-settings.ts';
import type { SettingsService, UserSettings } from '../components/services.ts';
import { applyLocale } from './locale.ts';
import { LANGUAGE_NAMES, resolveLocale, type LocaleCode } from './locale-choice.ts';
import { SETTING_LIMITS, defaultSettings, engineSettings, normalizeSettings, saveSettings, type Settings } from './settings.ts';

export interface SettingsServiceDeps {
  readonly initial: Settings;
  readonly client: EngineClient;
  /** The object rv-app reads trackers from (AppServices.settings): updated in place, so new torrents get them. */
  readonly shared: { trackers: string[] };
  readonly browserLanguages: () => readonly string[];
}

export function createSettingsService(deps: SettingsServiceDeps): SettingsService {
  let current = deps.initial;
  return {
    current: () => current,
    defaults: () => defaultSettings(),
    limits: SETTING_LIMITS,
    languages: (Object.keys(LANGUAGE_NAMES) as LocaleCode[]).map((code) => ({ code, name: LANGUAGE_NAMES[code] })),
    async save(next: UserSettings): Promise<UserSettings> {
      const problem = checkSpeedSettings(next);
      if (problem) throw new SpeedSettingsError(problem);
      const before = current;
      // iceServers (and anything else the UI does not show) carry over from what is saved now.
      current = normalizeSettings({ ...current, ...next, trackers: [...next.trackers] });
      saveSettings(current);
      deps.shared.trackers.splice(0, deps.shared.trackers.length, ...current.trackers);
      if (current.language !== before.language) await applyLocale(resolveLocale(current.language, deps.browserLanguages()));
      await deps.client.call({ type: 'set-settings', settings: engineSettings(current) });
      return current;
    },
  };
}

// Which interface language to use: the saved choice, else the first of the browser's languages we translate, else
// the source language (English). Pure, so Node tests can run it.

import { allLocales, sourceLocale } from '../locales/locale-codes.ts';

export type LocaleCode = (typeof allLocales)[number];

/** The saved language setting: a locale, or 'auto' (follow the browser). */
export type LanguageSetting = LocaleCode | 'auto';

/** Each language named in itself, as language pickers do (a German speaker looks for "Deutsch"). */
export const LANGUAGE_NAMES: Readonly<Record<LocaleCode, string>> = { de: 'Deutsch', en: 'English' };

export function isLocale(value: unknown): value is LocaleCode {
  return typeof value === 'string' && (allLocales as readonly string[]).includes(value);
}

export function isLanguageSetting(value: unknown): value is LanguageSetting {
  return value === 'auto' || isLocale(value);
}

/**
 * The locale to show. `browserLanguages` is `navigator.languages` (BCP 47 tags such as "de-AT", "en-US"): the first
 * one whose primary language we have wins, so a user who prefers French, then German, gets German.
 */
export function resolveLocale(setting: LanguageSetting, browserLanguages: readonly string[]): LocaleCode {
  if (setting !== 'auto') return setting;
  for (const tag of browserLanguages) {
    const primary = tag.split('-')[0]?.toLowerCase();
    if (isLocale(primary)) return primary;
  }
  return sourceLocale;
}

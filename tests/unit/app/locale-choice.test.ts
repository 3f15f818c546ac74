import { describe, expect, it } from 'vitest';
import { LANGUAGE_NAMES, isLanguageSetting, isLocale, resolveLocale } from '../../../src/app/locale-choice.ts';
import { allLocales } from '../../../src/locales/locale-codes.ts';

describe('resolveLocale', () => {
  it.each<[string, readonly string[], string]>([
    // 'auto' follows the browser: the first language we have wins, by its primary subtag
    ['auto', ['de-DE', 'en-US'], 'de'],
    ['auto', ['de'], 'de'],
    ['auto', ['de-AT'], 'de'],
    ['auto', ['DE-ch'], 'de'],
    ['auto', ['en-GB', 'de'], 'en'],
    ['auto', ['fr-FR', 'de-DE', 'en'], 'de'],
    ['auto', ['fr-FR', 'es'], 'en'],
    ['auto', [], 'en'],
    ['auto', [''], 'en'],
    // 'deutsch' is not a tag; 'd' is not German
    ['auto', ['deutsch', 'd'], 'en'],
    // a saved choice wins over the browser
    ['en', ['de-DE'], 'en'],
    ['de', ['en-US'], 'de'],
  ])('setting %s with browser languages %j shows %s', (setting, browser, expected) => {
    expect(resolveLocale(setting as 'auto', browser)).toBe(expected);
  });
});

describe('isLanguageSetting', () => {
  it.each(['auto', 'en', 'de'])('accepts %s', (v) => expect(isLanguageSetting(v)).toBe(true));
  it.each(['fr', 'de-DE', '', 'AUTO', null, 1, undefined, {}])('refuses %j', (v) => expect(isLanguageSetting(v)).toBe(false));
});

it('names every locale in its own language, and only those', () => {
  expect(Object.keys(LANGUAGE_NAMES).sort()).toEqual([...allLocales].sort());
  expect(allLocales.every((l) => isLocale(l))).toBe(true);
  expect(LANGUAGE_NAMES.de).toBe('Deutsch');
});

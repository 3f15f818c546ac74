// The interface language at run time (@lit/localize runtime mode): loads a locale's generated module
// (src/locales/<code>.ts, from `npm run i18n`), sets <html lang>, and re-renders every Lit element on a switch.

import { LitElement } from 'lit';
import { configureLocalization } from '@lit/localize';
import { sourceLocale, targetLocales } from '../locales/locale-codes.ts';
import type { LocaleCode } from './locale-choice.ts';

// One lazy chunk per translation. locale-codes.ts is left out of the glob: it is imported statically above, and a
// dynamic import of it would do nothing (Vite's INEFFECTIVE_DYNAMIC_IMPORT warning).
type LocaleModule = Awaited<ReturnType<Parameters<typeof configureLocalization>[0]['loadLocale']>>;
const translations = import.meta.glob<LocaleModule>(['../locales/*.ts', '!../locales/locale-codes.ts']);

const { getLocale, setLocale } = configureLocalization({
  sourceLocale,
  targetLocales,
  loadLocale: async (locale) => {
    const load = translations[`../locales/${locale}.ts`];
    if (!load) throw new Error(`No translation module for locale ${locale}`);
    return load();
  },
});

export { getLocale };

/**
 * Switches the interface to `locale`. Elements render their msg() strings again: each one, because a parent's
 * render does not re-render children whose properties did not change.
 */
export async function applyLocale(locale: LocaleCode): Promise<void> {
  if (getLocale() !== locale) await setLocale(locale);
  document.documentElement.lang = locale;
  requestUpdateAll(document);
}

function requestUpdateAll(root: Document | ShadowRoot): void {
  for (const el of root.querySelectorAll('*')) {
    if (el instanceof LitElement) el.requestUpdate();
    if (el.shadowRoot) requestUpdateAll(el.shadowRoot);
  }
}

// Every msg() string has a translation in every target locale (xliff/<locale>.xlf), with the same placeholders, and
// the generated locale modules (src/locales/<locale>.ts) are up to date: a new string cannot ship untranslated.
// Fix a failure with `npm run i18n` (extract + build), then translate the new <trans-unit>s in the .xlf file.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { readConfigFileAndWriteSchema } from '@lit/localize-tools/lib/config.js';
import type { Message, ProgramMessage } from '@lit/localize-tools/lib/messages.js';
import { RuntimeLitLocalizer } from '@lit/localize-tools/lib/modes/runtime.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const config = readConfigFileAndWriteSchema(path.join(ROOT, 'lit-localize.json'));

/** Source strings that read the same in German: names, loanwords the German BitTorrent clients use. */
const SAME_IN = new Map<string, ReadonlySet<string>>([
  ['de', new Set(['Rivulet', 'Normal', 'Name', 'Peers', 'Status', 'Client', 'Pipe', 'Flags', 'Labels', 'Label', 'Torrents', 'Seeds', 'URL', 'Offline', 'Download', 'Upload'])],
]);

let messages: readonly ProgramMessage[] = [];
let translations = new Map<string, Message[]>();
let placeholderErrors: string[] = [];

beforeAll(() => {
  const localizer = new RuntimeLitLocalizer(config as ConstructorParameters<typeof RuntimeLitLocalizer>[0]);
  const extracted = localizer.extractSourceMessages();
  expect(extracted.errors.map((d) => String(d.messageText)), 'msg() calls the extractor cannot read').toEqual([]);
  messages = extracted.messages;
  translations = localizer.readTranslationsSync().translations;
  placeholderErrors = localizer.validateTranslations().errors;
}, 120_000);

function text(contents: Message['contents']): string {
  return contents.map((c) => (typeof c === 'string' ? c : '{}')).join('');
}

test('every translation keeps the placeholders of its source', () => {
  expect(placeholderErrors).toEqual([]);
});

test('the source has messages to translate (the extractor found the components)', () => {
  expect(messages.length).toBeGreaterThan(200);
});

describe.each(config.targetLocales)('locale %s', (locale) => {
  test('translates every msg() string', () => {
    const done = new Set((translations.get(locale) ?? []).map((m) => m.name));
    const missing = messages.filter((m) => !done.has(m.name)).map((m) => `${m.name}: ${text(m.contents)} (${m.file.fileName})`);
    expect(missing, `untranslated in xliff/${locale}.xlf; run \`npm run i18n\` and translate them`).toEqual([]);
  });

  test('has no translation that is only a copy of the English', () => {
    const same = SAME_IN.get(locale) ?? new Set<string>();
    const source = new Map(messages.map((m) => [m.name, text(m.contents)]));
    const copies = (translations.get(locale) ?? [])
      .filter((t) => source.has(t.name) && text(t.contents) === source.get(t.name) && !same.has(source.get(t.name)!))
      .map((t) => `${t.name}: ${text(t.contents)}`);
    expect(copies).toEqual([]);
  });

  test('its generated module is up to date with the source (npm run i18n was run)', () => {
    const out = config.output as { outputDir: string };
    const module = readFileSync(path.join(config.baseDir, out.outputDir, `${locale}.ts`), 'utf8');
    const keys = [...module.matchAll(/^\s*'([sh][0-9a-f]{16})':/gm)].map((m) => m[1]).sort();
    expect(keys).toEqual(messages.map((m) => m.name).sort());
  });
});

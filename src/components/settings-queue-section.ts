// The settings dialog's "Queue and seeding" section: how many torrents run at once, when a slow one stops holding a
// slot, and the default seeding goal. The template and the reading of the submitted form (checked: a problem
// in words, and nothing saved) live here; rv-settings-dialog places and calls them.

import { html, type TemplateResult } from 'lit';
import { msg } from '@lit/localize';
import type { NumericSetting, UserSettings } from './services.ts';
import { goalFieldLabel, parseSeedGoal, seedGoalFields, seedGoalProblemText } from './seed-goal-form.ts';

export const QUEUE_NUMBERS = ['maxActiveDownloads', 'maxActiveSeeds', 'maxActiveTorrents', 'slowTorrentSeconds'] as const satisfies readonly NumericSetting[];

export function queueNumberLabel(key: (typeof QUEUE_NUMBERS)[number]): string {
  switch (key) {
    case 'maxActiveDownloads':
      return msg('Downloads at once');
    case 'maxActiveSeeds':
      return msg('Seeds at once');
    case 'maxActiveTorrents':
      return msg('Torrents at once');
    case 'slowTorrentSeconds':
      return msg('Slow torrent delay (seconds)');
  }
}

export function queueNumberHint(key: (typeof QUEUE_NUMBERS)[number]): string {
  switch (key) {
    case 'maxActiveDownloads':
      return msg('Later ones wait in the queue. 0: no limit.');
    case 'maxActiveSeeds':
      return msg('Seeds beyond this wait. 0: no limit.');
    case 'maxActiveTorrents':
      return msg('Downloads and seeds together. 0: no limit.');
    case 'slowTorrentSeconds':
      return msg('A torrent without traffic this long stops holding a place. 0: never.');
  }
}

/** The section; `numberField` renders one whole-number field as the dialog does everywhere. */
export function queueSection(d: UserSettings, numberField: (key: (typeof QUEUE_NUMBERS)[number], hint: string) => TemplateResult): TemplateResult {
  const f = seedGoalFields(d.seedGoal);
  const goalField = (name: 'ratio' | 'seedingMinutes' | 'idleMinutes', mode: string) => html`<label class="field">${goalFieldLabel(name)}
    <input class="text" type="text" name=${`goal-${name}`} data-testid=${`settings-goal-${name}`} inputmode=${mode} autocomplete="off" value=${f[name]} />
  </label>`;
  return html`<fieldset>
    <legend>${msg('Queue and seeding')}</legend>
    <div class="grid">${QUEUE_NUMBERS.map((key) => numberField(key, queueNumberHint(key)))}</div>
    <label class="check"><input type="checkbox" name="goal-on" data-testid="settings-goal-on" ?checked=${d.seedGoal !== null} />
      ${msg('Stop seeding at a goal (torrents without their own)')}</label>
    <div class="grid">
      ${goalField('ratio', 'decimal')}${goalField('seedingMinutes', 'numeric')}${goalField('idleMinutes', 'numeric')}
      <label class="field">${msg('Then')}
        <select class="text" name="goal-action" data-testid="settings-goal-action">
          <option value="pause" ?selected=${f.action === 'pause'}>${msg('Stop seeding')}</option>
          <option value="low-priority" ?selected=${f.action === 'low-priority'}>${msg('Seed on at low priority')}</option>
        </select>
      </label>
    </div>
  </fieldset>`;
}

/** The default seeding goal from the submitted form, or the problem (and the field to focus). */
export function readSeedGoal(form: FormData): { ok: true; seedGoal: UserSettings['seedGoal'] } | { ok: false; problem: string; field: string } {
  if (form.get('goal-on') === null) return { ok: true, seedGoal: null };
  const parsed = parseSeedGoal({
    ratio: String(form.get('goal-ratio') ?? ''),
    seedingMinutes: String(form.get('goal-seedingMinutes') ?? ''),
    idleMinutes: String(form.get('goal-idleMinutes') ?? ''),
    action: String(form.get('goal-action') ?? 'pause'),
  });
  return parsed.ok ? { ok: true, seedGoal: parsed.goal } : { ok: false, problem: seedGoalProblemText(parsed), field: `goal-${parsed.field}` };
}

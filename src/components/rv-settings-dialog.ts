// <rv-settings-dialog>: the user's settings (trackers for new torrents, peer and download limits, storage backend,
// language, completion notifications) plus this device's storage and the magnet: link handler. Edits stay in a
// draft until Save; SettingsService.save persists and applies them. Raises `close` when dismissed.

import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import { checkTrackerUrl, normalizeTrackers } from '../api/torrent-edits.ts';
import { notifyError, notifyInfo } from './events.ts';
import { icons } from './icons.ts';
import { editProblemText, errorText } from './labels.ts';
import { registerMagnetHandler, requestNotificationAccess } from './platform.ts';
import type { AppServices, NumericSetting, SettingsService, UserSettings } from './services.ts';
import { QUEUE_NUMBERS, queueNumberLabel, queueSection, readSeedGoal } from './settings-queue-section.ts';
import { settingsStyles } from './rv-settings-dialog.styles.ts';
import { base, dialogStyles, iconButtonStyles } from './styles.ts';
import './rv-storage-info.ts';
import './rv-speed-schedule.ts';
import { checkSpeedSettings, SpeedSettingsError } from '../api/speed-settings.ts';
import type { SpeedSchedule } from '../api/protocol.ts';
import { limitInputValue, parseLimitInput, SPEED_LIMIT_KEYS, speedLimitLabel, speedProblemText } from './speed-limits.ts';

type NumericKey = NumericSetting;

@customElement('rv-settings-dialog')
export class RvSettingsDialog extends LitElement {
  static override styles = [base, dialogStyles, iconButtonStyles, settingsStyles];

  @property({ attribute: false }) services?: AppServices;
  @property({ type: Boolean }) open = false;
  /** Verified bytes of every torrent, for the storage section. */
  @property({ type: Number }) torrentBytes = 0;
  @state() private draft: UserSettings | null = null;
  @state() private trackerProblem: string | null = null;
  @state() private problem: string | null = null;
  @state() private notifyNote: string | null = null;
  @state() private magnetNote: string | null = null;
  @state() private saving = false;
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('#st-new-tracker') private newTracker?: HTMLInputElement;

  private get prefs(): SettingsService | undefined {
    return this.services?.preferences;
  }

  /** The draft is taken before rendering, so the form is there when showModal() picks what to focus. */
  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('open') && this.open && !this.dialog?.open) {
      this.draft = this.prefs?.current() ?? null;
      this.trackerProblem = this.problem = this.notifyNote = this.magnetNote = null;
    }
  }

  override updated(changed: PropertyValues<this>): void {
    if (!changed.has('open')) return;
    if (this.open && !this.dialog.open) this.dialog.showModal();
    else if (!this.open && this.dialog.open) this.dialog.close();
  }

  override render() {
    return html`<dialog data-testid="settings-dialog" aria-labelledby="st-title" @close=${this.onClose}>
      <form @submit=${this.onSubmit} novalidate>
        <!-- Focus starts on the title: the first control is a tracker's Remove button. -->
        <h2 id="st-title" tabindex="-1" autofocus>${msg('Settings')}</h2>
        ${this.draft && this.prefs ? this.renderSections(this.draft, this.prefs) : html`<p>${msg('Settings are not available yet.')}</p>`}
        ${this.problem ? html`<p class="problem" role="alert" data-testid="settings-problem">${this.problem}</p>` : nothing}
        <div class="dlg-actions">
          <button class="btn" type="button" data-testid="settings-cancel" @click=${() => this.dialog.close()}>${msg('Cancel')}</button>
          <button class="btn primary" type="submit" data-testid="settings-save" aria-disabled=${this.saving ? 'true' : 'false'}>${msg('Save')}</button>
        </div>
      </form>
    </dialog>`;
  }

  private renderSections(d: UserSettings, prefs: SettingsService) {
    return html`${this.renderTrackers(d, prefs)}
      <fieldset>
        <legend>${msg('Connections')}</legend>
        <div class="grid">
          ${this.numberField('maxPeersPerTorrent', msg('Most peers one torrent connects to.'), d, prefs)}
          ${this.numberField('uploadSlots', msg('Peers one torrent uploads to at once.'), d, prefs)}
        </div>
      </fieldset>
      ${queueSection(d, (key, hint) => this.numberField(key, hint, d, prefs))}
      ${this.renderSpeed(d)}
      <fieldset>
        <legend>${msg('Storage')}</legend>
        <label class="field">${msg('Where pieces are kept')}
          <select class="text" name="storage" data-testid="settings-storage">
            ${this.storageOptions(d).map(([value, text]) => html`<option value=${value} ?selected=${d.storage === value}>${text}</option>`)}
          </select>
        </label>
        <p class="hint muted">${msg('Applies the next time Rivulet starts. Torrents stored in the other place are not moved: they download again.')}</p>
        <rv-storage-info .torrentBytes=${this.torrentBytes}></rv-storage-info>
      </fieldset>
      <fieldset>
        <legend>${msg('Language')}</legend>
        <label class="field">${msg('Interface language')}
          <select class="text" name="language" data-testid="settings-language">
            <option value="auto" ?selected=${d.language === 'auto'}>${msg('Automatic (the browser\'s language)')}</option>
            ${prefs.languages.map((l) => html`<option value=${l.code} lang=${l.code} ?selected=${d.language === l.code}>${l.name}</option>`)}
          </select>
        </label>
      </fieldset>
      <fieldset>
        <legend>${msg('This device')}</legend>
        <label class="check"><input type="checkbox" name="notifyOnComplete" data-testid="settings-notify" .checked=${d.notifyOnComplete}
          @change=${this.onNotifyToggle} />${msg('Notify me when a download finishes')}</label>
        ${this.notifyNote ? html`<p class="hint" role="status" data-testid="settings-notify-note">${this.notifyNote}</p>` : nothing}
        <div class="row">
          <button class="btn small" type="button" data-testid="settings-magnet-handler" @click=${this.onMagnetHandler}>${icons.link}${msg('Open magnet links with Rivulet')}</button>
        </div>
        ${this.magnetNote ? html`<p class="hint" role="status" data-testid="settings-magnet-note">${this.magnetNote}</p>` : nothing}
      </fieldset>`;
  }

  /** Global and alternative speed limits (KiB/s, empty = unlimited) and the alternative-speed schedule. */
  private renderSpeed(d: UserSettings) {
    return html`<fieldset data-testid="settings-speed">
      <legend>${msg('Speed limits')}</legend>
      <p class="hint muted">${msg('In KiB/s; empty means no limit. The alternative limits apply while the turtle is on.')}</p>
      <div class="grid">
        ${SPEED_LIMIT_KEYS.map((key) => html`<label class="field">${speedLimitLabel(key)}
          <input class="text" type="text" inputmode="decimal" autocomplete="off" name=${key} data-testid=${`settings-${key}`}
            placeholder=${msg('Unlimited')} .value=${limitInputValue(d[key])} />
        </label>`)}
      </div>
      <rv-speed-schedule .schedule=${d.altSpeedSchedule}
        @change=${(e: CustomEvent<SpeedSchedule>) => this.patch({ altSpeedSchedule: e.detail })}></rv-speed-schedule>
    </fieldset>`;
  }

  private renderTrackers(d: UserSettings, prefs: SettingsService) {
    return html`<fieldset>
      <legend>${msg('Trackers')}</legend>
      <p class="hint muted">${msg('Torrents you add or create from now on announce to these. Browsers reach only WebSocket trackers (ws:// or wss://).')}</p>
      ${d.trackers.length === 0
        ? html`<p class="hint" data-testid="settings-no-trackers">${msg('No trackers: peers can only be found through trackers a torrent names itself.')}</p>`
        : html`<ul class="trackers">
            ${d.trackers.map((url) => html`<li data-testid="settings-tracker">
              <span class="url" data-testid="settings-tracker-url">${url}</span>
              <button class="btn icon ghost" type="button" data-testid="settings-tracker-remove" aria-label=${msg(str`Remove tracker ${url}`)}
                title=${msg('Remove tracker')} @click=${() => this.patch({ trackers: d.trackers.filter((t) => t !== url) })}>${icons.trash}</button>
            </li>`)}
          </ul>`}
      <div class="row">
        <label class="visually-hidden" for="st-new-tracker">${msg('Tracker URL to add')}</label>
        <input id="st-new-tracker" class="text grow" type="url" inputmode="url" spellcheck="false" autocomplete="off" placeholder="wss://tracker.example.org"
          data-testid="settings-tracker-input" @keydown=${this.onTrackerKey} />
        <button class="btn small" type="button" data-testid="settings-tracker-add" @click=${this.addTracker}>${icons.plus}${msg('Add')}</button>
        <button class="btn small" type="button" data-testid="settings-trackers-reset" @click=${() => this.patch({ trackers: prefs.defaults().trackers })}>${msg('Reset to defaults')}</button>
      </div>
      ${this.trackerProblem ? html`<p class="problem" role="alert" data-testid="settings-tracker-problem">${this.trackerProblem}</p>` : nothing}
    </fieldset>`;
  }

  private storageOptions(d: UserSettings): [UserSettings['storage'], string][] {
    const options: [UserSettings['storage'], string][] = [
      ['auto', msg('Automatic (Origin Private File System when available)')],
      ['opfs', msg('Origin Private File System (fastest)')],
      ['idb', msg('IndexedDB (slower; for browsers without OPFS)')],
    ];
    if (d.storage === 'memory') options.push(['memory', msg('Memory (lost on reload)')]);
    return options;
  }

  private numberLabel(key: NumericKey): string {
    switch (key) {
      case 'maxPeersPerTorrent':
        return msg('Peers per torrent');
      case 'uploadSlots':
        return msg('Upload slots');
      default:
        return queueNumberLabel(key);
    }
  }

  private numberField(key: NumericKey, hint: string, d: UserSettings, prefs: SettingsService) {
    const { min, max } = prefs.limits[key];
    return html`<label class="field">${this.numberLabel(key)}
      <input class="text" type="number" name=${key} data-testid=${`settings-${key}`} min=${min} max=${max} step="1" inputmode="numeric" .value=${String(d[key])} />
      <span class="hint muted">${hint}</span>
    </label>`;
  }

  private patch(p: Partial<UserSettings>): void {
    if (this.draft) this.draft = { ...this.draft, ...p };
    this.trackerProblem = null;
  }

  private readonly onTrackerKey = (e: KeyboardEvent): void => {
    if (e.key !== 'Enter') return;
    e.preventDefault(); // Enter here adds the tracker; it must not submit (save) the whole form
    this.addTracker();
  };

  private readonly addTracker = (): void => {
    const input = this.newTracker;
    if (!input || !this.draft) return;
    const checked = checkTrackerUrl(input.value);
    if (!checked.ok) {
      this.trackerProblem = editProblemText(checked.problem);
      return;
    }
    const all = normalizeTrackers([...this.draft.trackers, checked.value]);
    if (!all.ok) {
      this.trackerProblem = editProblemText(all.problem);
      return;
    }
    this.patch({ trackers: all.value });
    input.value = '';
  };

  private readonly onNotifyToggle = async (e: Event): Promise<void> => {
    const box = e.target as HTMLInputElement;
    this.notifyNote = null;
    if (!box.checked) {
      this.patch({ notifyOnComplete: false });
      return;
    }
    const access = await requestNotificationAccess();
    if (access === 'granted') {
      this.patch({ notifyOnComplete: true });
      return;
    }
    box.checked = false;
    this.patch({ notifyOnComplete: false });
    this.notifyNote =
      access === 'unsupported'
        ? msg('This browser cannot show notifications.')
        : access === 'denied'
          ? msg('Notifications are blocked for this site. Allow them in the browser\'s site settings, then tick this again.')
          : msg('Notifications were not allowed. Tick this again to be asked once more.');
  };

  private readonly onMagnetHandler = (): void => {
    try {
      this.magnetNote =
        registerMagnetHandler() === 'asked'
          ? msg('Your browser may ask you to confirm. Afterwards magnet: links you click open here.')
          : msg('This browser does not let web apps open magnet: links.');
    } catch (e) {
      this.magnetNote = errorText(e);
    }
  };

  private async onSubmit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const prefs = this.prefs;
    if (!prefs || !this.draft || this.saving) return;
    const form = new FormData(e.target as HTMLFormElement);
    const next: { -readonly [K in keyof UserSettings]: UserSettings[K] } = { ...this.draft };
    for (const key of ['maxPeersPerTorrent', 'uploadSlots', ...QUEUE_NUMBERS] as const) {
      const value = Number(form.get(key));
      const { min, max } = prefs.limits[key];
      if (!Number.isInteger(value) || value < min || value > max) {
        this.problem = msg(str`${this.numberLabel(key)}: enter a whole number from ${min} to ${max}.`);
        (this.renderRoot.querySelector(`[name="${key}"]`) as HTMLInputElement | null)?.focus();
        return;
      }
      next[key] = value;
    }
    const goal = readSeedGoal(form);
    if (!goal.ok) {
      this.problem = goal.problem;
      (this.renderRoot.querySelector(`[name="${goal.field}"]`) as HTMLInputElement | null)?.focus();
      return;
    }
    next.seedGoal = goal.seedGoal;
    for (const key of SPEED_LIMIT_KEYS) {
      const parsed = parseLimitInput(String(form.get(key) ?? ''), speedLimitLabel(key));
      if (!parsed.ok) {
        this.problem = parsed.text;
        (this.renderRoot.querySelector(`[name="${key}"]`) as HTMLInputElement | null)?.focus();
        return;
      }
      next[key] = parsed.value;
    }
    const speedProblem = checkSpeedSettings(next);
    if (speedProblem) {
      this.problem = speedProblemText(speedProblem);
      return;
    }
    next.storage = (form.get('storage') as UserSettings['storage'] | null) ?? next.storage;
    next.language = String(form.get('language') ?? next.language);
    const storageChanged = next.storage !== prefs.current().storage;
    this.saving = true;
    this.problem = null;
    try {
      await prefs.save(next);
      this.dialog.close();
      notifyInfo(this, storageChanged ? msg('Settings saved. The new storage applies after a reload.') : msg('Settings saved.'));
    } catch (err) {
      const text = err instanceof SpeedSettingsError ? speedProblemText(err.problem) : errorText(err);
      notifyError(this, text);
      this.problem = text;
    } finally {
      this.saving = false;
    }
  }

  private onClose(): void {
    // Unmounts the form: the next opening starts from what is saved, with a fresh storage estimate.
    this.draft = null;
    this.dispatchEvent(new CustomEvent('close'));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rv-settings-dialog': RvSettingsDialog;
  }
}

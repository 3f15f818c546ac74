// <rv-torrent-options>: a torrent's place in the download queue (move it, or start it ahead of the queue), its
// download order (sequential or rarest first) and its seeding goal (its own or the default). The detail panel's
// "Options" tab.

import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import type { EngineClient } from '../api/client.ts';
import type { QueueMove, SeedGoal, TorrentSnapshot } from '../api/protocol.ts';
import { notifyError } from './events.ts';
import { errorText } from './labels.ts';
import { goalFieldLabel, parseSeedGoal, seedGoalFields, seedGoalProblemText, type SeedGoalFields } from './seed-goal-form.ts';
import { base, iconButtonStyles } from './styles.ts';

const MOVES: readonly QueueMove[] = ['top', 'up', 'down', 'bottom'];

function moveLabel(to: QueueMove): string {
  switch (to) {
    case 'top':
      return msg('Move to top');
    case 'up':
      return msg('Move up');
    case 'down':
      return msg('Move down');
    case 'bottom':
      return msg('Move to bottom');
  }
}

@customElement('rv-torrent-options')
export class RvTorrentOptions extends LitElement {
  static override styles = [
    base,
    iconButtonStyles,
    css`
      :host {
        display: block;
      }
      section + section {
        margin-top: 1rem;
      }
      h3 {
        margin: 0 0 0.4rem;
        font-size: 0.875rem;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.4rem;
      }
      .fields {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr));
        gap: 0.5rem;
        margin: 0.5rem 0;
      }
      label.field {
        display: grid;
        gap: 0.2rem;
        font-size: 0.8125rem;
      }
      label.field input,
      label.field select {
        min-width: 0;
      }
      .problem {
        margin: 0.35rem 0 0;
        color: var(--rv-danger);
      }
      p {
        margin: 0 0 0.4rem;
      }
      .hint {
        font-size: 0.8125rem;
      }
      .check {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        font-size: 0.875rem;
      }
      .check input {
        width: 1.1rem;
        height: 1.1rem;
      }
    `,
  ];

  @property({ attribute: false }) client?: EngineClient;
  @property({ attribute: false }) torrent!: TorrentSnapshot;
  @state() private problem: string | null = null;
  @state() private saved = false;

  override render() {
    const t = this.torrent;
    return html`${this.renderQueue(t)}
      <section aria-labelledby="opt-order">
        <h3 id="opt-order">${msg('Download order')}</h3>
        <label class="check"><input type="checkbox" data-testid="options-sequential" .checked=${t.sequential === true}
          @change=${(e: Event) => this.setOptions({ sequential: (e.target as HTMLInputElement).checked })} />
          ${msg('In order (first and last pieces first), instead of rarest first')}</label>
      </section>
      ${this.renderGoal(t)}`;
  }

  private renderQueue(t: TorrentSnapshot) {
    const pos = t.queuePosition;
    return html`<section aria-labelledby="opt-queue">
      <h3 id="opt-queue">${msg('Queue')}</h3>
      <p data-testid="options-queue-position" data-position=${pos ?? ''}>
        ${pos !== undefined ? msg(str`Place ${pos} in the download queue.`) : msg('Complete: not in the download queue.')}
        ${t.forced ? msg('Started ahead of the queue.') : nothing}
      </p>
      <div class="row">
        ${MOVES.map((to) => html`<button class="btn small" type="button" data-testid=${`options-queue-${to}`} ?disabled=${pos === undefined}
          @click=${() => this.move(to)}>${moveLabel(to)}</button>`)}
        <button class="btn small" type="button" data-testid="options-force-start" ?disabled=${t.forced === true}
          title=${msg('Run now, whatever the queue limits, until paused')} @click=${this.forceStart}>${msg('Force start')}</button>
      </div>
    </section>`;
  }

  private renderGoal(t: TorrentSnapshot) {
    const own = t.seedGoal !== undefined;
    const f = seedGoalFields(t.seedGoal);
    return html`<section aria-labelledby="opt-goal">
      <h3 id="opt-goal">${msg('Seeding goal')}</h3>
      <form data-testid="options-goal-form" novalidate @submit=${this.onSubmit}>
        <label class="check"><input type="checkbox" name="own" data-testid="options-goal-own" ?checked=${own} />
          ${msg('Its own goal (otherwise the default from the settings)')}</label>
        <div class="fields">
          ${this.goalField('ratio', f, 'decimal')}
          ${this.goalField('seedingMinutes', f, 'numeric')}
          ${this.goalField('idleMinutes', f, 'numeric')}
          <label class="field">${msg('Then')}
            <select class="text" name="action" data-testid="options-goal-action">
              <option value="pause" ?selected=${f.action === 'pause'}>${msg('Stop seeding')}</option>
              <option value="low-priority" ?selected=${f.action === 'low-priority'}>${msg('Seed on at low priority')}</option>
            </select>
          </label>
        </div>
        <p class="hint muted">${msg('Empty: no limit of that kind. Without any limit it seeds until you stop it.')}</p>
        <button class="btn small primary" type="submit" data-testid="options-goal-save">${msg('Save goal')}</button>
        ${this.saved ? html`<span role="status" data-testid="options-goal-saved">${msg('Saved.')}</span>` : nothing}
        ${this.problem ? html`<p class="problem" role="alert" data-testid="options-goal-problem">${this.problem}</p>` : nothing}
      </form>
    </section>`;
  }

  private goalField(name: keyof SeedGoalFields & ('ratio' | 'seedingMinutes' | 'idleMinutes'), f: SeedGoalFields, mode: 'decimal' | 'numeric') {
    return html`<label class="field">${goalFieldLabel(name)}
      <input class="text" type="text" name=${name} data-testid=${`options-goal-${name}`} inputmode=${mode} autocomplete="off" value=${f[name]} />
    </label>`;
  }

  private async move(to: QueueMove): Promise<void> {
    try {
      await this.client?.call({ type: 'queue-move', infoHashHexes: [this.torrent.infoHashHex], to });
    } catch (e) {
      notifyError(this, errorText(e));
    }
  }

  private readonly forceStart = async (): Promise<void> => {
    try {
      await this.client?.call({ type: 'force-start', infoHashHex: this.torrent.infoHashHex });
    } catch (e) {
      notifyError(this, errorText(e));
    }
  };

  private async setOptions(options: { sequential?: boolean; seedGoal?: SeedGoal | null }): Promise<boolean> {
    try {
      await this.client?.call({ type: 'set-torrent-options', infoHashHex: this.torrent.infoHashHex, ...options });
      return true;
    } catch (e) {
      notifyError(this, errorText(e));
      return false;
    }
  }

  private async onSubmit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    this.saved = false;
    const form = new FormData(e.target as HTMLFormElement);
    if (form.get('own') === null) {
      this.problem = null;
      this.saved = await this.setOptions({ seedGoal: null });
      return;
    }
    const parsed = parseSeedGoal({
      ratio: String(form.get('ratio') ?? ''),
      seedingMinutes: String(form.get('seedingMinutes') ?? ''),
      idleMinutes: String(form.get('idleMinutes') ?? ''),
      action: String(form.get('action') ?? 'pause'),
    });
    if (!parsed.ok) {
      this.problem = seedGoalProblemText(parsed);
      this.renderRoot.querySelector<HTMLInputElement>(`[name="${parsed.field}"]`)?.focus();
      return;
    }
    this.problem = null;
    this.saved = await this.setOptions({ seedGoal: parsed.goal });
  }

  override willUpdate(changed: Map<string, unknown>): void {
    const before = changed.get('torrent') as TorrentSnapshot | undefined;
    if (before && before.infoHashHex !== this.torrent.infoHashHex) {
      this.problem = null;
      this.saved = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rv-torrent-options': RvTorrentOptions;
  }
}

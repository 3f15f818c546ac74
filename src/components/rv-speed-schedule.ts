// <rv-speed-schedule>: edits when the alternative speed limits switch on by themselves: on or off, the days, the
// start and end time (an end before the start crosses midnight), and a week grid that shows the hours covered.
// Clicking a day's row toggles that day. Raises `change` with the new schedule (a SpeedSchedule) on every edit.

import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import type { SpeedSchedule } from '../api/protocol.ts';
import { scheduleCovers } from '../api/speed-settings.ts';
import { parseTime, timeValue } from './speed-limits.ts';
import { base } from './styles.ts';

/** Monday first (ISO 8601), as the days are laid out in most of the locales we ship. */
const WEEK = [1, 2, 3, 4, 5, 6, 0] as const;
const HOURS = Array.from({ length: 24 }, (_, h) => h);

function dayName(day: number, style: 'short' | 'long'): string {
  // 2026-12-06 is a Sunday: day 0.
  return new Intl.DateTimeFormat(document.documentElement.lang || undefined, { weekday: style, timeZone: 'UTC' }).format(new Date(Date.UTC(2026, 11, 6 + day)));
}

@customElement('rv-speed-schedule')
export class RvSpeedSchedule extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
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
      .times {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        margin: 0.5rem 0;
      }
      .times label {
        display: grid;
        gap: 0.15rem;
        font-size: 0.8125rem;
      }
      .times input {
        min-height: 2.25rem;
        padding: 0.3rem 0.5rem;
        border: 1px solid var(--rv-border);
        border-radius: 8px;
        background: var(--rv-surface);
        color: inherit;
        font: inherit;
      }
      .grid {
        display: grid;
        grid-template-columns: minmax(3.25rem, auto) repeat(24, minmax(0, 1fr));
        gap: 2px;
        align-items: stretch;
        font-size: 0.75rem;
      }
      .grid[aria-disabled='true'] {
        opacity: 0.55;
      }
      .day {
        min-height: 1.75rem;
        padding: 0 0.35rem;
        border: 1px solid var(--rv-border);
        border-radius: 5px;
        background: var(--rv-surface);
        color: inherit;
        font: inherit;
        text-align: start;
        cursor: pointer;
      }
      .day[aria-pressed='true'] {
        border-color: var(--rv-accent);
        background: var(--rv-accent-soft);
        font-weight: 600;
      }
      .day:focus-visible,
      input:focus-visible {
        outline: none;
        box-shadow: var(--rv-focus);
      }
      .cell {
        min-height: 1.75rem;
        border-radius: 3px;
        background: var(--rv-surface-2);
      }
      .cell.on {
        background: var(--rv-ok);
      }
      .hours {
        color: var(--rv-muted);
        font-size: 0.625rem;
        text-align: center;
      }
      .legend {
        margin: 0.35rem 0 0;
        color: var(--rv-muted);
        font-size: 0.75rem;
      }
    `,
  ];

  @property({ attribute: false }) schedule: SpeedSchedule = { enabled: false, days: [], from: 22 * 60, to: 6 * 60 };

  override render() {
    const s = this.schedule;
    return html`<label class="check"><input type="checkbox" data-testid="schedule-enabled" .checked=${s.enabled}
        @change=${(e: Event) => this.patch({ enabled: (e.target as HTMLInputElement).checked })} />${msg('Switch to the alternative limits on a schedule')}</label>
      <div class="times">
        <label>${msg('From')}<input type="time" data-testid="schedule-from" .value=${timeValue(s.from)} required
          @change=${(e: Event) => this.onTime('from', e)} /></label>
        <label>${msg('To')}<input type="time" data-testid="schedule-to" .value=${timeValue(s.to)} required
          @change=${(e: Event) => this.onTime('to', e)} /></label>
      </div>
      <div class="grid" role="group" aria-label=${msg('Days of the week')} aria-disabled=${s.enabled ? 'false' : 'true'} data-testid="schedule-grid">
        <span></span>${HOURS.map((h) => html`<span class="hours" aria-hidden="true">${h % 6 === 0 ? h : ''}</span>`)}
        ${WEEK.map((day) => {
          const on = s.days.includes(day);
          return html`<button type="button" class="day" data-testid="schedule-day" data-day=${day} aria-pressed=${on ? 'true' : 'false'}
              title=${dayName(day, 'long')} @click=${() => this.toggleDay(day)}>${dayName(day, 'short')}</button>
            ${HOURS.map((h) => html`<span class="cell ${this.covers(day, h) ? 'on' : ''}" data-testid="schedule-cell" aria-hidden="true"></span>`)}`;
        })}
      </div>
      <p class="legend">${msg(str`Shaded hours use the alternative limits. A window ending before it starts runs past midnight into the next day.`)}</p>`;
  }

  /** Any quarter of the hour inside the window shades it. */
  private covers(day: number, hour: number): boolean {
    for (let m = 0; m < 60; m += 15) if (scheduleCovers(this.schedule, day, hour * 60 + m)) return true;
    return false;
  }

  private toggleDay(day: number): void {
    const days = this.schedule.days.includes(day) ? this.schedule.days.filter((d) => d !== day) : [...this.schedule.days, day].sort();
    this.patch({ days });
  }

  private onTime(which: 'from' | 'to', e: Event): void {
    const minutes = parseTime((e.target as HTMLInputElement).value);
    if (minutes !== null) this.patch({ [which]: minutes });
  }

  private patch(p: Partial<SpeedSchedule>): void {
    this.schedule = { ...this.schedule, ...p };
    this.dispatchEvent(new CustomEvent<SpeedSchedule>('change', { detail: this.schedule }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rv-speed-schedule': RvSpeedSchedule;
  }
}

// The per-file "download this" checkbox and priority menu (skip / low / normal / high), shared by the Files tab
// and the choose-files dialog. Unticking means priority 0; ticking a skipped file makes it normal.

import { css, html, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { msg, str } from '@lit/localize';
import type { FilePriority } from '../api/protocol.ts';
import { priorityLabel } from './labels.ts';
import { displayText } from './untrusted-text.ts';

export const PRIORITY_CHOICES: readonly FilePriority[] = [0, 1, 4, 7];

export const priorityStyles = css`
  .want {
    width: 1.15rem;
    height: 1.15rem;
    margin: 0;
    accent-color: var(--rv-accent);
  }
  select.prio {
    min-height: 2rem;
    padding: 0.15rem 0.35rem;
    border: 1px solid var(--rv-border);
    border-radius: 6px;
    background: var(--rv-surface);
    color: inherit;
    font: inherit;
    font-size: 0.8125rem;
  }
`;

interface NamedFile {
  readonly index: number;
  readonly name: string;
  readonly priority: FilePriority;
}

export function wantedCheckbox(f: NamedFile, onChange: (p: FilePriority) => void): TemplateResult {
  return html`<input class="want" type="checkbox" data-testid="file-wanted" .checked=${live(f.priority !== 0)}
    aria-label=${msg(str`Download ${displayText(f.name)}`)}
    @change=${(e: Event) => onChange((e.target as HTMLInputElement).checked ? 4 : 0)} />`;
}

export function prioritySelect(f: NamedFile, onChange: (p: FilePriority) => void): TemplateResult {
  return html`<select class="prio" data-testid="file-priority" aria-label=${msg(str`Priority of ${displayText(f.name)}`)}
    @change=${(e: Event) => onChange(Number((e.target as HTMLSelectElement).value) as FilePriority)}>
    ${PRIORITY_CHOICES.map((p) => html`<option value=${p} .selected=${live(p === f.priority)}>${priorityLabel(p)}</option>`)}
  </select>`;
}

// A share still being hashed, shown as a row at the top of the torrent list before the engine lists the torrent:
// its name, "Hashing 37%" with a progress bar, and a cancel button.

import { html } from 'lit';
import { msg, str } from '@lit/localize';
import { formatPercent } from './format.ts';
import { progressBar } from './progress-bar.ts';
import { jobProgress, type ShareJob } from './share-job.ts';
import { displayText, untrusted } from './untrusted-text.ts';

export function jobRow(job: ShareJob, rowIndex: number, cancel: () => void) {
  const pct = formatPercent(jobProgress(job));
  return html`<div class="job-row" role="row" aria-rowindex=${rowIndex} data-testid="job-row" data-status=${job.status}>
    <div role="cell" class="job-name">${untrusted(job.label)}</div>
    <div role="cell" class="job-progress">
      ${progressBar({ progress: jobProgress(job), label: msg(str`Hashing ${displayText(job.label)}`), testid: 'hash-progress' })}
      <span class="muted">${msg(str`Hashing ${pct}`)}</span>
    </div>
    <div role="cell" class="job-actions">
      <button class="btn small" type="button" data-testid="job-cancel" @click=${cancel}
        aria-label=${msg(str`Cancel sharing ${displayText(job.label)}`)}>${msg('Cancel')}</button>
    </div>
  </div>`;
}

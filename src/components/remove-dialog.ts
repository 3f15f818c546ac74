// The "Remove this torrent?" dialog (keep or delete data), shared by the row and the detail panel.

import { html, type TemplateResult } from 'lit';
import { msg } from '@lit/localize';

/** A closed <dialog>; `onClose` reads its returnValue: 'keep', 'delete', or anything else for cancel. */
export function removeDialog(name: string, onClose: (e: Event) => void, idPrefix = 'rm'): TemplateResult {
  return html`<dialog data-testid="remove-dialog" aria-labelledby=${`${idPrefix}-title`} aria-describedby=${`${idPrefix}-body`}
    @close=${onClose}>
    <form method="dialog">
      <h2 id=${`${idPrefix}-title`}>${msg('Remove this torrent?')}</h2>
      <p id=${`${idPrefix}-body`} class="dlg-name">${name}</p>
      <p class="muted" data-testid="remove-where">${msg('Kept data stays in this browser’s storage for this site (see Settings, Storage): add the same torrent or magnet link again and it is picked up, with nothing downloaded twice. Delete it to free the space.')}</p>
      <div class="dlg-actions">
        <button class="btn" value="cancel" autofocus data-testid="remove-cancel">${msg('Cancel')}</button>
        <button class="btn" value="keep" data-testid="remove-keep">${msg('Remove, keep data')}</button>
        <button class="btn danger solid" value="delete" data-testid="remove-delete">${msg('Remove and delete data')}</button>
      </div>
    </form>
  </dialog>`;
}

/** The choice a closed remove dialog holds, or null for cancel. */
export function removeChoice(dialog: HTMLDialogElement): 'keep' | 'delete' | null {
  const v = dialog.returnValue;
  return v === 'keep' || v === 'delete' ? v : null;
}

// The torrent list's two dialogs: one remove confirmation for the whole selection (keep or delete the data) and
// "add a label" for several torrents. Templates only: the list opens them and acts on how they closed.

import { html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import { untrusted } from './untrusted-text.ts';

/** At most this many names are listed when several torrents are to be removed. */
const NAMES_SHOWN = 5;

/** `names`: the torrents to remove, by name (their hash when they have none); untrusted text, shown as such. */
export function removeDialog(names: readonly string[], onClose: (e: Event) => void) {
  const n = names.length;
  return html`<dialog class="remove" data-testid="remove-dialog" aria-labelledby="rm-title" aria-describedby="rm-body" @close=${onClose}>
    ${n > 0
      ? html`<form method="dialog">
          <h2 id="rm-title">${n === 1 ? msg('Remove this torrent?') : msg(str`Remove ${n} torrents?`)}</h2>
          <p id="rm-body" class="dlg-name">${names.slice(0, NAMES_SHOWN).map((name, i) => html`${i > 0 ? ', ' : ''}${untrusted(name)}`)}${n > NAMES_SHOWN ? ' …' : ''}</p>
          <p class="muted">${msg('Keep the data to save files later, or delete it to free the space it uses in this browser.')}</p>
          <div class="dlg-actions">
            <button class="btn" value="cancel" autofocus data-testid="remove-cancel">${msg('Cancel')}</button>
            <button class="btn" value="keep" data-testid="remove-keep">${msg('Remove, keep data')}</button>
            <button class="btn danger solid" value="delete" data-testid="remove-delete">${msg('Remove and delete data')}</button>
          </div>
        </form>`
      : nothing}
  </dialog>`;
}

/** `count`: torrents to label; `known`: labels in use, offered as suggestions. */
export function labelDialog(count: number, known: readonly string[], onClose: (e: Event) => void) {
  return html`<dialog class="label" data-testid="label-dialog" aria-labelledby="lb-title" @close=${onClose}>
    <form method="dialog">
      <h2 id="lb-title">${msg(str`Add a label to ${count} torrents`)}</h2>
      <input class="text" name="label" data-testid="bulk-label-input" list="known-labels" maxlength="40" required
        aria-label=${msg('Label')} autocomplete="off" />
      <datalist id="known-labels">${known.map((l) => html`<option .value=${l}></option>`)}</datalist>
      <div class="dlg-actions">
        <button class="btn" value="cancel" formnovalidate data-testid="label-cancel">${msg('Cancel')}</button>
        <button class="btn solid" value="ok" data-testid="label-ok">${msg('Add label')}</button>
      </div>
    </form>
  </dialog>`;
}

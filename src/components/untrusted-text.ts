// Untrusted text (torrent and file names, comments, tracker messages) shown to the user. Lit already keeps it text,
// never markup; this keeps it from disguising itself: bidi controls ("invoice\u202Egpj.exe" reading "invoiceexe.jpg")
// and other invisible format characters are removed and a visible marker stands where they were, and the result is
// rendered inside <bdi> so a right-to-left name cannot reorder the text around it.

import { html, type TemplateResult } from 'lit';

/** Shown where an invisible or direction-changing character was removed. */
export const REMOVED_MARKER = '\u25c6';

// Bidi embeddings/overrides/isolates and marks (LRM, RLM, ALM), C0/C1 controls, zero-width space, word joiner and
// invisible operators, BOM, interlinear annotations, Mongolian vowel separator, soft hyphen, tags; lone surrogates.
// ZWNJ/ZWJ (U+200C/D) stay: Persian, Indic scripts and emoji sequences need them and they cannot reorder text.
const HIDDEN =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]|\udb40[\udc00-\udc7f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export interface CleanText {
  readonly text: string;
  /** How many hidden characters were replaced by the marker. */
  readonly removed: number;
}

/** Removes hidden characters; each run of them becomes one visible marker. Tabs and newlines become spaces. */
export function cleanText(raw: string): CleanText {
  let removed = 0;
  const text = raw.replace(/[\t\n]/g, ' ').replace(new RegExp(`(?:${HIDDEN.source})+`, 'g'), (run) => {
    removed += [...run].length;
    return REMOVED_MARKER;
  });
  return { text, removed };
}

/** The display form of an untrusted string, as plain text (for `title`, `aria-label`, notifications). */
export function displayText(raw: string): string {
  return cleanText(raw).text;
}

/** Untrusted text as a bidi-isolated element; `title` carries the whole (cleaned) text for names that ellipsize. */
export function untrusted(raw: string, className = 'untrusted'): TemplateResult {
  const { text } = cleanText(raw);
  return html`<bdi class=${className} title=${text}>${text}</bdi>`;
}

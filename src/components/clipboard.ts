// Copies text to the clipboard, with a fallback for contexts where the async Clipboard API is refused.

/** True when the text reached the clipboard. */
export async function copyText(text: string): Promise<boolean> {
  if (navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (e) {
      // Refused (no permission, document not focused): fall through to the legacy path below.
      console.debug('clipboard.writeText refused, trying execCommand', e);
    }
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  try {
    return document.execCommand('copy');
  } finally {
    area.remove();
  }
}

// One-line descriptions of thrown values and error events for warnings and close reasons. Realm-free.

/** `Name: message` for an Error (DOMExceptions included), String(e) for anything else thrown. */
export function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** The RTCError an RTCDataChannel `error` event carries, or just the event type. */
export function errorEventText(ev: Event): string {
  const error = (ev as Event & { error?: unknown }).error;
  return error instanceof Error ? errorText(error) : ev.type;
}

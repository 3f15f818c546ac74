// Browser features behind the settings and notices: storage estimate and persistence, notification permission and
// display, the magnet: protocol handler. Each is feature-detected: a browser without it gets 'unsupported', not a throw.

export interface StorageUse {
  /** Bytes this origin stores (all of it: torrents, the app shell cache, the resume database). */
  readonly usage: number;
  /** Bytes the browser lets this origin store. */
  readonly quota: number;
  /** Whether the browser keeps the data under storage pressure; null when it cannot say. */
  readonly persisted: boolean | null;
}

export async function storageUse(): Promise<StorageUse | null> {
  const storage = navigator.storage as StorageManager | undefined;
  if (!storage?.estimate) return null;
  const { usage = 0, quota = 0 } = await storage.estimate();
  const persisted = storage.persisted ? await storage.persisted() : null;
  return { usage, quota, persisted };
}

/** Asks to keep this origin's data under storage pressure (browsers may grant it silently or decline). */
export async function requestPersistence(): Promise<boolean | 'unsupported'> {
  const storage = navigator.storage as StorageManager | undefined;
  if (!storage?.persist) return 'unsupported';
  return storage.persist();
}

export type NotificationAccess = NotificationPermission | 'unsupported';

export function notificationAccess(): NotificationAccess {
  return 'Notification' in window ? Notification.permission : 'unsupported';
}

/** Must run in a user gesture in some browsers (a click on the setting's checkbox). */
export async function requestNotificationAccess(): Promise<NotificationAccess> {
  if (!('Notification' in window)) return 'unsupported';
  if (Notification.permission !== 'default') return Notification.permission;
  return Notification.requestPermission();
}

/**
 * Shows a system notification when permitted. Through the service worker where there is one (Android and installed
 * apps allow no other way; a click then focuses the app), else with the page's Notification constructor.
 */
export async function showNotification(title: string, options: NotificationOptions): Promise<boolean> {
  if (notificationAccess() !== 'granted') return false;
  const registration = 'serviceWorker' in navigator ? await navigator.serviceWorker.getRegistration() : undefined;
  if (registration?.active) {
    await registration.showNotification(title, options);
    return true;
  }
  new Notification(title, options);
  return true;
}

/**
 * The URL the browser opens for a magnet: link: this app with the link as its fragment. The browser replaces %s with
 * the whole link percent-encoded ("#magnet%3A%3Fxt%3D…"), which magnetFromFragment decodes; the fragment never
 * reaches a server. The manifest's protocol_handlers entry says the same.
 */
export function magnetHandlerUrl(location: { readonly origin: string; readonly pathname: string }): string {
  return `${location.origin}${location.pathname}#%s`;
}

/** Offers this app as the handler of magnet: links (the browser asks the user). Throws what the browser throws. */
export function registerMagnetHandler(): 'asked' | 'unsupported' {
  if (typeof navigator.registerProtocolHandler !== 'function') return 'unsupported';
  navigator.registerProtocolHandler('magnet', magnetHandlerUrl(location));
  return 'asked';
}

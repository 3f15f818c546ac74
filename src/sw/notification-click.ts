// A click on a "download complete" notification brings the app forward: its open window if there is one (the
// engine runs there), else a new one.

/// <reference lib="webworker" />

export function onNotificationClick(event: NotificationEvent, clients: Clients, scope: string): void {
  event.notification.close();
  event.waitUntil(
    (async () => {
      const windows = await clients.matchAll({ type: 'window', includeUncontrolled: true });
      const open = windows.find((w) => w.url.startsWith(scope));
      if (open) await open.focus();
      else await clients.openWindow(scope);
    })(),
  );
}

// One engine per browser profile: OPFS sync access handles are exclusive, so a second tab of the app must not run
// a second engine on the same files. The newest tab takes over; the older one is told it moved.

const LOCK = 'rivulet-engine';

/**
 * Takes the engine lock (stealing it from an older tab). Resolves false once held; calls `onLost` if a newer tab
 * steals it later. Resolves true only when locks are unsupported and another engine may be running (we run anyway).
 */
export function holdEngineLock(onLost: () => void): Promise<boolean> {
  if (!('locks' in navigator)) return Promise.resolve(false);
  return new Promise((resolve) => {
    navigator.locks
      .request(LOCK, { steal: true }, () => {
        resolve(false);
        return new Promise<void>(() => {}); // held for the life of the page
      })
      .catch(() => onLost());
  });
}

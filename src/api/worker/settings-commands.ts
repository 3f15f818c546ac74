// The worker's side of the speed limits (a torrent's own, the alternative speed) and of the engine settings:
// checked first, so a refused setting changes nothing, then shown in the next snapshot.

import type { CommandOf, Replies } from '../protocol.ts';
import type { HostContext } from './host-context.ts';
import { applyLifecycleSettings } from './lifecycle-commands.ts';

export async function setTorrentLimits(c: HostContext, { infoHashHex, download, upload }: CommandOf<'set-torrent-limits'>): Promise<{ value: Replies['set-torrent-limits'] }> {
  const t = c.session.require(infoHashHex);
  const value = c.speed.setTorrentLimits(t, download, upload);
  c.changed(t);
  return { value };
}

export async function setAltSpeed(c: HostContext, { enabled }: CommandOf<'set-alt-speed'>): Promise<{ value: Replies['set-alt-speed'] }> {
  const value = c.speed.setAltSpeed(enabled);
  c.snapshot();
  return { value };
}

export async function setSettings(c: HostContext, { settings }: CommandOf<'set-settings'>): Promise<{ value: Replies['set-settings'] }> {
  // First: both check what they are given, and a refused setting changes nothing.
  applyLifecycleSettings(c.session, settings);
  c.speed.configure(settings);
  c.session.settings.maxPeers = settings.maxPeersPerTorrent;
  c.session.settings.uploadSlots = settings.uploadSlots;
  c.scheduleSnapshot();
  return { value: undefined };
}

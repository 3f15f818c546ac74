// The selection's actions as the toolbar, the context menu and the keyboard offer them: the menu's items (with what
// the engine cannot do yet disabled) and one dispatcher that runs an item on a set of torrents through actions.ts.

import { msg, str } from '@lit/localize';
import type { EngineClient } from '../api/client.ts';
import type { TorrentSnapshot } from '../api/protocol.ts';
import {
  labelTorrents,
  moveInQueue,
  pauseTorrents,
  PENDING_ACTIONS,
  reannounceTorrents,
  recheckTorrents,
  resumeTorrents,
  type BulkAction,
} from './actions.ts';
import { copyText } from './clipboard.ts';
import { emit, notifyError, notifyInfo } from './events.ts';
import { errorText } from './labels.ts';
import type { MenuItem } from './rv-context-menu.ts';

/** What runs the actions: the list (it owns the confirmations). */
export interface ActionHost extends HTMLElement {
  readonly client?: EngineClient;
  torrentsFor(hashes: readonly string[]): TorrentSnapshot[];
  askRemove(hashes: readonly string[]): void;
  askLabel(hashes: readonly string[]): void;
  /** The network layer's force reannounce (absent where the UI runs without one). */
  readonly reannounce?: (infoHashHex: string) => void;
}

export type MenuActionId = BulkAction | 'details' | 'share' | 'remove' | 'label-add' | 'label-clear';

function pending(id: BulkAction): { disabled?: boolean; hint?: string } {
  return PENDING_ACTIONS.has(id) ? { disabled: true, hint: msg('Not available in this version yet') } : {};
}

/** The context menu for `hashes` (one or many torrents). */
export function selectionMenu(hashes: readonly string[]): MenuItem[] {
  const one = hashes.length === 1;
  return [
    ...(one ? [{ id: 'details', label: msg('Details') }, { id: 'share', label: msg('Share link and QR code') }] : []),
    { id: 'resume', label: msg('Resume'), separated: one },
    { id: 'pause', label: msg('Pause') },
    { id: 'recheck', label: msg('Force recheck'), separated: true, ...pending('recheck') },
    { id: 'reannounce', label: msg('Reannounce now'), ...pending('reannounce') },
    { id: 'queue-up', label: msg('Move up in queue'), separated: true, ...pending('queue-up') },
    { id: 'queue-down', label: msg('Move down in queue'), ...pending('queue-down') },
    { id: 'label-add', label: msg('Add label…'), separated: true },
    { id: 'label-clear', label: msg('Clear labels') },
    { id: 'copy-magnets', label: one ? msg('Copy magnet link') : msg('Copy magnet links') },
    { id: 'remove', label: msg('Remove…'), danger: true, separated: true },
  ];
}

/** Runs a menu item on `hashes`; failures become one notice naming how many torrents it failed for. */
export async function runAction(host: ActionHost, id: string, hashes: readonly string[], arg?: string): Promise<void> {
  const client = host.client;
  if (hashes.length === 0) return;
  if (id === 'remove') return host.askRemove(hashes);
  if (id === 'label-add' && arg === undefined) return host.askLabel(hashes);
  if (id === 'details') return emit(host, 'rv-select-torrent', { infoHashHex: hashes[0]! });
  if (id === 'share') return emit(host, 'rv-show-share', { infoHashHex: hashes[0]! });
  if (!client) return notifyError(host, msg('The engine is not ready yet. Try again in a moment.'));
  try {
    switch (id as MenuActionId) {
      case 'resume':
        return await resumeTorrents(client, hashes);
      case 'pause':
        return await pauseTorrents(client, hashes);
      case 'recheck':
        return await recheckTorrents(client, hashes);
      case 'reannounce':
        return await reannounceTorrents(host.reannounce, hashes);
      case 'queue-up':
        return await moveInQueue(client, hashes, 'up');
      case 'queue-down':
        return await moveInQueue(client, hashes, 'down');
      case 'label-add':
        return await labelTorrents(client, host.torrentsFor(hashes), arg ?? '');
      case 'label-clear':
        return await labelTorrents(client, host.torrentsFor(hashes), null);
      case 'copy-magnets': {
        const links = host.torrentsFor(hashes).map((t) => t.magnet);
        if (await copyText(links.join('\n'))) notifyInfo(host, links.length === 1 ? msg('Magnet link copied.') : msg(str`${links.length} magnet links copied.`));
        else notifyError(host, msg('Could not copy to the clipboard.'));
        return;
      }
      default:
        return;
    }
  } catch (e) {
    notifyError(host, errorText(e));
  }
}

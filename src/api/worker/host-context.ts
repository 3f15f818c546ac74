// What a command handler that lives outside host.ts may use of the engine host: the session, the persisted extras,
// the check jobs and streams, and the host's reactions to a change. host.ts builds it per command.

import type { Hasher } from '../../engine/ports.ts';
import type { Session } from '../../engine/session.ts';
import type { Torrent } from '../../engine/torrent.ts';
import type { Command, CommandOf, Replies } from '../protocol.ts';
import type { CheckJobs } from './checks.ts';
import type { Persistence } from './persistence.ts';
import type { StreamHost } from './stream-host.ts';

/** A command's handler: its reply value, and the buffers to transfer with it. */
export type Handler<T extends Command['type']> = (command: CommandOf<T>) => Promise<{ value: Replies[T]; transfer?: Transferable[] }>;

export interface HostContext {
  readonly session: Session;
  readonly persistence: Persistence;
  readonly hasher: Hasher;
  readonly checks: CheckJobs;
  readonly streams: StreamHost;
  /** The one reaction to any change of a torrent: persist its record and show it soon. */
  changed(t: Torrent): void;
  /** A snapshot now (the reply shows the change at once). */
  snapshot(): void;
  /** One snapshot for every change made in this turn (before the command's reply goes out). */
  scheduleSnapshot(): void;
  /** Tells the network layer to announce it (with its current trackers). */
  announce(t: Torrent): void;
  /** The torrent with this info hash once it has joined the lifecycle (waiting for an add under way), if any. */
  joined(infoHashHex: string): Promise<Torrent | undefined>;
  /** A torrent was added: its extras are recorded; returns its info hash. */
  added(t: Torrent, extras: { torrentBytes?: Uint8Array; storageId?: string }): string;
}

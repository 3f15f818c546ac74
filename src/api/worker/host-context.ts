// What a command handler that lives outside host.ts may use of the engine host: the session, the persisted extras,
// the check jobs and streams, and the host's reactions to a change. host.ts builds it per command.

import type { Hasher, PeerChannel, StoreFactory } from '../../engine/ports.ts';
import type { Session } from '../../engine/session.ts';
import type { Torrent } from '../../engine/torrent.ts';
import type { Command, CommandOf, EngineEvent, Replies } from '../protocol.ts';
import type { CheckJobs } from './checks.ts';
import type { ParkedChannels } from './parked-channels.ts';
import type { Persistence, TorrentExtras } from './persistence.ts';
import type { SpeedControl } from './speed-control.ts';
import type { StreamHost } from './stream-host.ts';

/** A command's handler: its reply value, and the buffers to transfer with it. */
export type Handler<T extends Command['type']> = (command: CommandOf<T>) => Promise<{ value: Replies[T]; transfer?: Transferable[] }>;

export interface HostContext {
  readonly session: Session;
  readonly persistence: Persistence;
  readonly hasher: Hasher;
  readonly checks: CheckJobs;
  readonly streams: StreamHost;
  readonly storeFactory: StoreFactory;
  /** The speed limits (speed-control.ts). */
  readonly speed: SpeedControl;
  /** Seeding jobs under way, by job id, so `cancel-job` can abort one. */
  readonly jobs: Map<string, { aborted: boolean }>;
  /** Channels of offers made ahead of time, until a torrent takes them (parked-channels.ts). */
  readonly parked: ParkedChannels;
  /** Wraps a page's data channel (or a port standing in for one) as an engine peer channel. */
  wrapChannel(channel: RTCDataChannel | MessagePort): PeerChannel;
  /** Sends an event to the window. */
  emit(event: EngineEvent): void;
  /** The torrent's persisted extras (a fresh record if it has none). */
  extrasOf(t: Torrent): TorrentExtras;
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

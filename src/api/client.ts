// The window's side of the engine API: typed calls with replies, and event subscriptions (comlink-style ids).

import type { Command, CommandType, EngineEvent, ErrorInfo, FromWorker, Replies, ToWorker } from './protocol.ts';

export class EngineCallError extends Error {
  override readonly name = 'EngineCallError';
  readonly code: string;
  readonly details: ErrorInfo['details'];
  constructor(info: ErrorInfo) {
    super(info.message);
    this.code = info.code;
    this.details = info.details;
  }
}

type EventOf<T extends EngineEvent['type']> = Extract<EngineEvent, { type: T }>;
type Listener<T extends EngineEvent['type']> = (event: EventOf<T>) => void;

/** Anything with postMessage + message events: a Worker, or a MessagePort. */
export interface Endpoint {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (ev: MessageEvent) => void): void;
}

export class EngineClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private readonly listeners = new Map<string, Set<(e: EngineEvent) => void>>();
  private lastSnapshot: EventOf<'snapshot'> | undefined;

  constructor(private readonly endpoint: Endpoint) {
    endpoint.addEventListener('message', (ev) => this.onMessage(ev.data as FromWorker));
  }

  /** Sends a command; `transfer` lists buffers/channels to move rather than copy. */
  call<T extends CommandType>(command: Extract<Command, { type: T }>, transfer: Transferable[] = []): Promise<Replies[T]> {
    const id = this.nextId++;
    const message: ToWorker = { id, command };
    return new Promise<Replies[T]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.endpoint.postMessage(message, transfer);
    });
  }

  on<T extends EngineEvent['type']>(type: T, listener: Listener<T>): () => void {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    const l = listener as (e: EngineEvent) => void;
    set.add(l);
    // A late subscriber to snapshots gets the latest one at once rather than waiting for the next tick.
    if (type === 'snapshot' && this.lastSnapshot) queueMicrotask(() => set?.has(l) && l(this.lastSnapshot!));
    return () => set?.delete(l);
  }

  get snapshot(): EventOf<'snapshot'> | undefined {
    return this.lastSnapshot;
  }

  private onMessage(msg: FromWorker): void {
    if (msg.kind === 'reply') {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.value);
      else p.reject(new EngineCallError(msg.error));
      return;
    }
    const event = msg.event;
    if (event.type === 'snapshot') this.lastSnapshot = event;
    const set = this.listeners.get(event.type);
    if (set) for (const l of set) l(event);
  }
}

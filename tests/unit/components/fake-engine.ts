// A scripted engine worker endpoint for EngineClient: records commands, answers them, and emits events.

import { EngineClient, type Endpoint } from '../../../src/api/client.ts';
import type { Command, EngineEvent, ErrorInfo, FromWorker, ToWorker } from '../../../src/api/protocol.ts';

export interface Sent {
  readonly id: number;
  readonly command: Command;
  readonly transfer: Transferable[];
}

export class FakeEngine implements Endpoint {
  readonly sent: Sent[] = [];
  /** Answers each command as it is posted; return undefined to leave it pending. */
  respond: (command: Command) => { value: unknown } | { error: ErrorInfo } | undefined = () => ({ value: undefined });
  private listener: ((ev: MessageEvent) => void) | undefined;
  readonly client: EngineClient;

  constructor() {
    this.client = new EngineClient(this);
  }

  postMessage(message: unknown, transfer: Transferable[]): void {
    const { id, command } = message as ToWorker;
    this.sent.push({ id, command, transfer });
    const answer = this.respond(command);
    if (answer) queueMicrotask(() => ('error' in answer ? this.fail(id, answer.error) : this.reply(id, answer.value)));
  }

  addEventListener(_type: 'message', listener: (ev: MessageEvent) => void): void {
    this.listener = listener;
  }

  reply(id: number, value: unknown): void {
    this.deliver({ kind: 'reply', id, ok: true, value });
  }

  fail(id: number, error: ErrorInfo): void {
    this.deliver({ kind: 'reply', id, ok: false, error });
  }

  emit(event: EngineEvent): void {
    this.deliver({ kind: 'event', event });
  }

  commandsOf<T extends Command['type']>(type: T): Extract<Command, { type: T }>[] {
    return this.sent.filter((s) => s.command.type === type).map((s) => s.command as Extract<Command, { type: T }>);
  }

  private deliver(data: FromWorker): void {
    this.listener?.({ data } as MessageEvent);
  }
}

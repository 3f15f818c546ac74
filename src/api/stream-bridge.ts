// The window's part in file streaming: it owns the engine worker, so it makes the MessageChannel that links the
// service worker to it, handing one port to each. Again after a reload (new worker), when a new service worker
// takes over (app update), and whenever a service worker asks (it was stopped and restarted, losing its port).

import type { EngineClient } from './client.ts';
import { STREAM_PORT_OFFER, isStreamPortRequest, type StreamPortOffer } from './file-stream.ts';

/** What the bridge needs of `navigator.serviceWorker` (tests pass a fake). */
export interface WorkerContainer {
  readonly controller: ServiceWorker | null;
  addEventListener(type: 'message' | 'controllerchange', listener: (ev: Event) => void): void;
  removeEventListener(type: 'message' | 'controllerchange', listener: (ev: Event) => void): void;
  startMessages(): void;
}

/** Links the engine behind `client` to the service workers of `container`; returns a function that stops it. */
export function bridgeStreams(client: EngineClient, container: WorkerContainer): () => void {
  let stopped = false;
  const handOver = (target: ServiceWorker | MessageEventSource | null): void => {
    if (stopped || !target || !('postMessage' in target)) return;
    const { port1, port2 } = new MessageChannel();
    client.call({ type: 'stream-port', port: port1 }, [port1]).catch((e: unknown) => console.warn('Could not give the engine a stream port', e));
    const offer: StreamPortOffer = { type: STREAM_PORT_OFFER };
    (target as ServiceWorker).postMessage(offer, [port2]);
  };
  const onMessage = (ev: Event): void => {
    const { data, source } = ev as MessageEvent;
    if (isStreamPortRequest(data)) handOver(source);
  };
  const onControllerChange = (): void => handOver(container.controller);
  container.addEventListener('message', onMessage);
  container.addEventListener('controllerchange', onControllerChange);
  // Messages from the service worker are queued until this is called (or onmessage is set).
  container.startMessages();
  handOver(container.controller);
  return () => {
    stopped = true;
    container.removeEventListener('message', onMessage);
    container.removeEventListener('controllerchange', onControllerChange);
  };
}

/** True when a service worker controls this page, so /stream/ URLs reach it. */
export function streamingAvailable(container: Pick<WorkerContainer, 'controller'> | undefined): boolean {
  return container?.controller != null;
}

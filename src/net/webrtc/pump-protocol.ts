// Messages between the main-thread pump and the worker's PortPeerChannel (the fallback when an RTCDataChannel
// cannot be transferred). Types only; every payload is an ArrayBuffer moved with a transfer list.

export type PumpToWorker =
  /** The data channel opened. */
  | { readonly t: 'open' }
  /** One message received from the peer. */
  | { readonly t: 'data'; readonly b: ArrayBuffer }
  /** Total bytes the main side has handed to the transport so far: the worker's bufferedAmount is sent - n. */
  | { readonly t: 'ack'; readonly n: number }
  | { readonly t: 'close'; readonly reason: string };

export type WorkerToPump =
  | { readonly t: 'send'; readonly b: ArrayBuffer }
  | { readonly t: 'close' };

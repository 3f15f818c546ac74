// Composition root of the engine worker: real storage (OPFS, else IndexedDB), SHA-1 in WebAssembly (else WebCrypto),
// data channels.

import type { EngineSettings, FromWorker, ToWorker, WorkerWireMessage } from '../api/protocol.ts';
import { snapshotCostMeter } from '../api/snapshot-cost.ts';
import { SnapshotEncoder, isEmptyPatch } from '../api/snapshot-patch.ts';
import { EngineHost } from '../api/worker/host.ts';
import { DataChannelPeerChannel } from '../net/webrtc/worker-channel.ts';
import { PortPeerChannel } from '../net/webrtc/worker-port-channel.ts';
import { subtleHasher } from '../platform/subtle-hasher.ts';
import { wasmHasher } from '../platform/wasm-hasher.ts';
import type { Hasher } from '../engine/ports.ts';
import { IdbResumeDb } from '../storage/idb-resume-db.ts';
import { IdbStoreFactory } from '../storage/idb-store.ts';
import { MemoryStoreFactory } from '../storage/memory-store.ts';
import { chooseStoreFactory } from '../storage/select-store.ts';
import { MemoryResumeDb } from '../storage/memory-resume-db.ts';

declare const self: DedicatedWorkerGlobalScope;

async function openStore(preference: EngineSettings['storage']) {
  if (preference === 'memory') return new MemoryStoreFactory();
  if (preference === 'idb') return new IdbStoreFactory();
  return chooseStoreFactory();
}

let memoryMode = false;
// Snapshots go out as patches (only what changed): cloning 1,000 whole snapshots cost more than building them.
const snapshots = new SnapshotEncoder();
// Build + encode + post per snapshot, read by bench/scale.bench.ts.
const snapshotCost = snapshotCostMeter();
const post = (message: FromWorker, transfer?: Transferable[]): void => {
  if (message.kind === 'event' && message.event.type === 'snapshot') {
    const started = performance.now();
    const patch = snapshots.encode(message.event.torrents, message.event.speed);
    // Nothing changed: nothing to send (the page keeps what it has).
    if (!isEmptyPatch(patch)) self.postMessage({ kind: 'snapshot-patch', patch } satisfies WorkerWireMessage);
    snapshotCost.add(performance.now() - started + (message.event.builtMs ?? 0));
    return;
  }
  self.postMessage(message satisfies WorkerWireMessage, transfer ?? []);
};
// The WebAssembly module compiles while the host starts; any hash asked before waits for it.
const wasm = wasmHasher();
const hasher: Hasher = { sha1: async (data) => ((await wasm) ?? subtleHasher).sha1(data) };
const host = new EngineHost(post, {
  hasher,
  openStore: async (preference) => {
    memoryMode = preference === 'memory';
    return openStore(preference);
  },
  // A memory-only engine (a private session) keeps no resume records either.
  openResumeDb: async () => (memoryMode ? new MemoryResumeDb() : new IdbResumeDb()),
  wrapChannel: (channel) => (channel instanceof MessagePort ? new PortPeerChannel(channel) : new DataChannelPeerChannel(channel)),
});

// Held for the worker's whole life, taken before any message is handled: the page learns the moment this worker is
// gone from the lock's release (app/engine-life.ts). Messages wait on one promise, so their order is kept.
const alive = new Promise<void>((held) => {
  if (!('locks' in navigator) || !self.name) return held();
  void navigator.locks.request(self.name, () => {
    held();
    return new Promise<never>(() => {});
  });
});
self.onmessage = (ev: MessageEvent<ToWorker>) => void alive.then(() => host.handle(ev.data));

// How many block requests to keep outstanding with a peer: enough to cover about a second of its measured rate, so
// the link never idles waiting for our next request (a fixed tiny queue caps speed at queue / round trip).

import { BLOCK_SIZE } from '../metainfo/geometry.ts';

/** A new peer starts here: 512 KiB in flight before any rate is measured. */
export const MIN_PIPELINE = 32;
/** Our own ceiling whatever the peer allows: 1000 blocks is 16 MiB in flight. */
export const MAX_PIPELINE = 1000;
/** Seconds of the peer's rate to keep requested. */
const PIPELINE_SECONDS = 1;

export function pipelineDepth(downloadRate: number, remoteReqq: number): number {
  const wanted = Math.ceil((downloadRate * PIPELINE_SECONDS) / BLOCK_SIZE);
  const cap = Math.max(1, Math.min(remoteReqq, MAX_PIPELINE));
  return Math.min(cap, Math.max(MIN_PIPELINE, wanted));
}

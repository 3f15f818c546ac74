// Request pipeline depth: about one second of the peer's rate, within [MIN_PIPELINE, min(reqq, MAX_PIPELINE)].

import { describe, expect, it } from 'vitest';
import { BLOCK_SIZE } from '../../../../src/engine/metainfo/geometry.ts';
import { MAX_PIPELINE, MIN_PIPELINE, pipelineDepth } from '../../../../src/engine/transfer/pipeline.ts';

describe('pipelineDepth', () => {
  it.each([
    { name: 'a new peer (no rate yet) starts at the minimum', rate: 0, reqq: 250, depth: MIN_PIPELINE },
    { name: 'a slow peer keeps the minimum', rate: 100 * 1024, reqq: 250, depth: MIN_PIPELINE },
    { name: 'a fast peer gets one second of its rate', rate: 100 * BLOCK_SIZE, reqq: 250, depth: 100 },
    { name: 'a partial block rounds up', rate: 100 * BLOCK_SIZE + 1, reqq: 250, depth: 101 },
    { name: 'the peer\u2019s reqq caps it', rate: 10_000 * BLOCK_SIZE, reqq: 250, depth: 250 },
    { name: 'our own ceiling caps it', rate: 10_000 * BLOCK_SIZE, reqq: 5000, depth: MAX_PIPELINE },
    { name: 'a reqq below the minimum wins', rate: 0, reqq: 10, depth: 10 },
    { name: 'a reqq of 0 still allows one request', rate: 1e9, reqq: 0, depth: 1 },
  ])('$name', ({ rate, reqq, depth }) => {
    expect(pipelineDepth(rate, reqq)).toBe(depth);
  });

  it('keeps a 30 MB/s peer (the speed target) supplied across any round trip under half a second', () => {
    const seconds = (pipelineDepth(30e6, 1000) * BLOCK_SIZE) / 30e6;
    expect(seconds).toBeGreaterThan(0.5);
    expect(pipelineDepth(30e6, 1000) * BLOCK_SIZE).toBe(16_384_000); // and never more than 16 MB in flight
  });
});

// The engine worker's running checks (check-job.ts): one per torrent, its progress for the snapshot, cancelled on
// remove, and the user's files of a magnet kept until its metadata says what to check them against.

import type { Hasher } from '../../engine/ports.ts';
import type { Torrent } from '../../engine/torrent.ts';
import type { CheckSummary, SeedInput } from '../protocol.ts';
import { checkGivenFiles, recheckStored } from './check-job.ts';

export interface CheckHooks {
  readonly hasher: Hasher;
  /** The torrent entered 'checking' (its peers are gone; it finds new ones once `done`). */
  started(t: Torrent): void;
  /** A check ended (summary null when it was cancelled or failed with `error`). The torrent has left 'checking'. */
  done(t: Torrent, summary: CheckSummary | null, error?: unknown): void;
}

export class CheckJobs {
  private readonly running = new Map<string, { progress: number; signal: { aborted: boolean } }>();
  private readonly awaitingMetadata = new Map<string, readonly SeedInput[]>();

  constructor(private readonly hooks: CheckHooks) {}

  /** 0..1 while the torrent is being checked, else undefined. */
  progress(infoHashHex: string): number | undefined {
    return this.running.get(infoHashHex)?.progress;
  }

  /**
   * Checks the user's files into the torrent (`inputs`), or rechecks its stored pieces (no `inputs`). A magnet
   * without metadata keeps the files until `metadataArrived`. False when nothing can start (a recheck without
   * metadata, or a check already running).
   */
  start(t: Torrent, inputs?: readonly SeedInput[]): boolean {
    if (!t.metainfo) {
      if (!inputs) return false;
      this.awaitingMetadata.set(t.infoHashHex, inputs);
      return true;
    }
    if (this.running.has(t.infoHashHex) || !t.beginCheck()) return false;
    const job = { progress: 0, signal: { aborted: false } };
    this.running.set(t.infoHashHex, job);
    this.hooks.started(t);
    const options = { hasher: this.hooks.hasher, signal: job.signal, onProgress: (done: number, total: number) => (job.progress = total ? done / total : 1) };
    const run = inputs ? checkGivenFiles(t, inputs, options) : recheckStored(t, options);
    run.then(
      (summary) => this.finish(t, job.signal.aborted ? null : summary),
      (e: unknown) => this.finish(t, null, e),
    );
    return true;
  }

  /** The magnet's metadata is here: check the files the user gave with it. */
  metadataArrived(t: Torrent): void {
    const inputs = this.awaitingMetadata.get(t.infoHashHex);
    if (!inputs) return;
    this.awaitingMetadata.delete(t.infoHashHex);
    this.start(t, inputs);
  }

  /** The torrent is removed: its check stops at the next batch. */
  cancel(infoHashHex: string): void {
    this.awaitingMetadata.delete(infoHashHex);
    const job = this.running.get(infoHashHex);
    if (job) job.signal.aborted = true;
  }

  private finish(t: Torrent, summary: CheckSummary | null, error?: unknown): void {
    this.running.delete(t.infoHashHex);
    t.endCheck();
    this.hooks.done(t, summary, error);
  }
}

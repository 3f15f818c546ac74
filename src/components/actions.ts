// The UI's only way to talk to the engine: one small typed function per user intent, over EngineClient.call.

import { msg, str } from '@lit/localize';
import type { EngineClient } from '../api/client.ts';
import type { CreateOptions, FilePriority, Replies, SeedInput, TorrentDetail, TorrentInfo } from '../api/protocol.ts';

/** Real .torrent files are kilobytes to a few MiB; this stops a mislabelled huge file from being read into memory. */
export const MAX_TORRENT_FILE_BYTES = 32 * 1024 * 1024;

export function newJobId(): string {
  return crypto.randomUUID();
}

/** `selectFirst`: once the metadata arrives the engine waits for `selectFiles` before downloading anything. */
export async function addMagnet(client: EngineClient, uri: string, trackers?: readonly string[], selectFirst = false): Promise<string> {
  const reply = await client.call({ type: 'add-magnet', uri, ...(trackers?.length ? { trackers } : {}), ...(selectFirst ? { selectFirst } : {}) });
  return reply.infoHashHex;
}

/** The bytes of a picked or dropped .torrent, refusing files too big to be one. */
export async function readTorrentFile(file: Blob): Promise<Uint8Array> {
  if (file.size > MAX_TORRENT_FILE_BYTES) {
    throw new RangeError(msg(str`This .torrent file is ${file.size} bytes; the limit is ${MAX_TORRENT_FILE_BYTES}.`));
  }
  return new Uint8Array(await file.arrayBuffer());
}

/** Reads a .torrent without adding it (a copy goes to the engine: the caller keeps `bytes` to add it later). */
export function parseTorrentBytes(client: EngineClient, bytes: Uint8Array): Promise<TorrentInfo> {
  const copy = bytes.slice();
  return client.call({ type: 'parse-torrent', bytes: copy }, [copy.buffer]);
}

/** Adds .torrent bytes (moved to the engine) with optional per-file priorities (`priorities[fileIndex]`). */
export async function addTorrentBytes(
  client: EngineClient,
  bytes: Uint8Array,
  trackers?: readonly string[],
  filePriorities?: readonly FilePriority[],
  existing?: readonly SeedInput[],
): Promise<string> {
  const reply = await client.call(
    {
      type: 'add-torrent-file',
      bytes,
      ...(trackers?.length ? { trackers } : {}),
      ...(filePriorities ? { filePriorities } : {}),
      ...(existing?.length ? { existing } : {}),
    },
    [bytes.buffer],
  );
  return reply.infoHashHex;
}

/**
 * "I already have the files" for a torrent in the list (or a magnet to add): the engine checks them against its
 * pieces (state 'checking'), keeps what matches and downloads the rest.
 */
export async function checkExistingFiles(client: EngineClient, magnet: string, existing: readonly SeedInput[]): Promise<string> {
  return (await client.call({ type: 'add-magnet', uri: magnet, existing })).infoHashHex;
}

/** Force recheck: the engine hashes the stored pieces again and downloads the ones that fail. */
export function recheckTorrent(client: EngineClient, infoHashHex: string): Promise<void> {
  return client.call({ type: 'recheck', infoHashHex });
}

export function selectFiles(client: EngineClient, infoHashHex: string, priorities: readonly FilePriority[]): Promise<void> {
  return client.call({ type: 'select-files', infoHashHex, priorities });
}

export function setFilePriority(client: EngineClient, infoHashHex: string, fileIndexes: readonly number[], priority: FilePriority): Promise<void> {
  return client.call({ type: 'set-file-priority', infoHashHex, fileIndexes, priority });
}

export async function setLabels(client: EngineClient, infoHashHex: string, labels: readonly string[]): Promise<readonly string[]> {
  return (await client.call({ type: 'set-labels', infoHashHex, labels })).labels;
}

export async function setTrackers(client: EngineClient, infoHashHex: string, trackers: readonly string[]): Promise<readonly string[]> {
  return (await client.call({ type: 'set-trackers', infoHashHex, trackers })).trackers;
}

export function torrentFileOf(client: EngineClient, infoHashHex: string): Promise<Uint8Array> {
  return client.call({ type: 'torrent-file', infoHashHex });
}

export async function addTorrentFile(client: EngineClient, file: Blob, trackers?: readonly string[]): Promise<string> {
  if (file.size > MAX_TORRENT_FILE_BYTES) {
    throw new RangeError(msg(str`This .torrent file is ${file.size} bytes; the limit is ${MAX_TORRENT_FILE_BYTES}.`));
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const reply = await client.call(
    { type: 'add-torrent-file', bytes, ...(trackers?.length ? { trackers } : {}) },
    [bytes.buffer], // moved, not copied: the window has no further use for it
  );
  return reply.infoHashHex;
}

/**
 * Hashes and seeds `inputs` as one torrent. `onProgress` gets the engine's job-progress for this job only.
 * Aborting `signal` asks the engine to cancel; the returned promise then rejects with the engine's error.
 */
export async function seedFiles(
  client: EngineClient,
  inputs: readonly SeedInput[],
  options: CreateOptions,
  onProgress?: (done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<Replies['seed']> {
  const jobId = newJobId();
  const off = client.on('job-progress', (e) => {
    if (e.jobId === jobId) onProgress?.(e.done, e.total);
  });
  const onAbort = (): void => {
    client.call({ type: 'cancel-job', jobId }).catch((e: unknown) => {
      // The seed call still settles on its own; a failed cancel only means the job ran to its end.
      console.warn('cancel-job failed', jobId, e);
    });
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await client.call({ type: 'seed', jobId, inputs, options });
  } finally {
    off();
    signal?.removeEventListener('abort', onAbort);
  }
}

export function pauseTorrent(client: EngineClient, infoHashHex: string): Promise<void> {
  return client.call({ type: 'pause', infoHashHex });
}

export function resumeTorrent(client: EngineClient, infoHashHex: string): Promise<void> {
  return client.call({ type: 'resume', infoHashHex });
}

export function removeTorrent(client: EngineClient, infoHashHex: string, deleteData: boolean): Promise<void> {
  return client.call({ type: 'remove', infoHashHex, deleteData });
}

export function getDetail(client: EngineClient, infoHashHex: string): Promise<TorrentDetail> {
  return client.call({ type: 'detail', infoHashHex });
}

export function readFileRange(
  client: EngineClient,
  infoHashHex: string,
  fileIndex: number,
  offset: number,
  length: number,
): Promise<Uint8Array> {
  return client.call({ type: 'read', infoHashHex, fileIndex, offset, length });
}

// Actions on a selection: the list's toolbar, its context menu, its keyboard shortcuts and the detail panel all
// call these, so one torrent or fifty behave alike. Each runs the command per torrent and reports how many failed.

/** What the selection's actions can do; `MenuAction`s the engine does not have yet are marked in `PENDING_ACTIONS`. */
export type BulkAction =
  | 'resume'
  | 'pause'
  | 'remove-keep'
  | 'remove-delete'
  | 'recheck'
  | 'reannounce'
  | 'queue-up'
  | 'queue-down'
  | 'copy-magnets';

/** Thrown for an action this build's engine has no command for (a page newer than its worker, mid-update). */
export class ActionUnavailableError extends Error {
  readonly code = 'ACTION_UNAVAILABLE';
  constructor(readonly action: string) {
    super(msg(str`This version cannot do "${action}" yet.`));
  }
}

/** Runs `one` for every hash (all at once: each is one small message), rejecting with the first failure's error. */
async function each(hashes: readonly string[], one: (h: string) => Promise<unknown>): Promise<void> {
  const results = await Promise.allSettled(hashes.map(one));
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed.length > 0) throw failed[0]!.reason;
}

export function pauseTorrents(client: EngineClient, hashes: readonly string[]): Promise<void> {
  return each(hashes, (h) => pauseTorrent(client, h));
}

export function resumeTorrents(client: EngineClient, hashes: readonly string[]): Promise<void> {
  return each(hashes, (h) => resumeTorrent(client, h));
}

export function removeTorrents(client: EngineClient, hashes: readonly string[], deleteData: boolean): Promise<void> {
  return each(hashes, (h) => removeTorrent(client, h, deleteData));
}

/** Adds `label` to every torrent (kept once, case-insensitively), or with null clears their labels. */
export function labelTorrents(client: EngineClient, torrents: readonly { infoHashHex: string; labels: readonly string[] }[], label: string | null): Promise<void> {
  return each(
    torrents.map((t) => t.infoHashHex),
    (h) => {
      const t = torrents.find((x) => x.infoHashHex === h)!;
      if (label === null) return setLabels(client, h, []);
      const has = t.labels.some((l) => l.toLocaleLowerCase() === label.toLocaleLowerCase());
      return setLabels(client, h, has ? t.labels : [...t.labels, label]);
    },
  );
}

/** Force recheck of every torrent (each one is checked by the engine in turn). */
export function recheckTorrents(client: EngineClient, hashes: readonly string[]): Promise<void> {
  return each(hashes, (h) => recheckTorrent(client, h));
}

/** Force reannounce: the network layer (main thread) announces each torrent to all its trackers now. */
export function reannounceTorrents(reannounce: ((infoHashHex: string) => void) | undefined, hashes: readonly string[]): Promise<void> {
  if (!reannounce) return Promise.reject(new ActionUnavailableError('reannounce'));
  for (const h of hashes) reannounce(h);
  return Promise.resolve();
}

/** Moves the torrents in the download queue, as a block (one command). */
export async function moveInQueue(client: EngineClient, hashes: readonly string[], to: 'up' | 'down' | 'top' | 'bottom'): Promise<void> {
  await client.call({ type: 'queue-move', infoHashHexes: hashes, to });
}

/** Actions whose command this build lacks: shown disabled. Every action is wired now. */
export const PENDING_ACTIONS: ReadonlySet<BulkAction> = new Set<BulkAction>();

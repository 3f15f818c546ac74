// Parses .torrent files and BEP 9 info dicts into Metainfo (BEP 3, 12, 19, 27, 47; BEP 52 hybrids by v1 hash).

import { decode, decodeWithSpans, getBytes, getDict, getInt, getList, isBytes, isDict, isList } from '../bencode/index.ts';
import type { BDict, BValue, Span } from '../bencode/index.ts';
import { fromUtf8, fromUtf8Strict, toHex } from '../bytes.ts';
import { EngineError, isEngineError } from '../errors.ts';
import type { EngineErrorCode, ErrorDetails } from '../errors.ts';
import type { Hasher } from '../ports.ts';
import { distinctSafePaths } from './distinct-paths.ts';
import { isPowerOfTwo } from './piece-length.ts';
import { safePathComponent } from './safe-path.ts';
import type { Metainfo, TorrentFile } from './types.ts';

/** Real torrents stay far below this; the cap keeps a hostile "torrent" from pinning a huge buffer and parse. */
export const MAX_TORRENT_BYTES = 64 * 1024 * 1024;
/** Each in-flight piece is held whole in memory until verified, so a bigger piece length could exhaust it. */
export const MAX_PIECE_LENGTH = 128 * 1024 * 1024;
/** BEP 52 (and libtorrent for v2): a piece is a power of two of at least one 16 KiB block. */
export const MIN_PIECE_LENGTH = 16 * 1024;
/** Name prefix older clients (BitComet) gave pad files before BEP 47's attr existed. */
export const LEGACY_PAD_PREFIX = '_____padding_file_';

const HASH_SIZE = 20;

/** Trackers and web seeds known from outside the info dict (a magnet link's tr= and ws=). */
export interface MetainfoExtras {
  /** Tiers, or a flat list (each URL its own tier). */
  readonly announce?: readonly (readonly string[])[] | readonly string[];
  readonly urlList?: readonly string[];
}

/** Who the user should blame in error messages. */
interface Ctx {
  readonly subject: string;
}

const FILE_CTX: Ctx = { subject: 'This torrent file' };
const PEER_CTX: Ctx = { subject: 'The torrent metadata received from peers' };

function damaged(ctx: Ctx, code: EngineErrorCode, what: string, details: ErrorDetails = {}): never {
  throw new EngineError(code, `${ctx.subject} is damaged: ${what}.`, details);
}

function checkSize(ctx: Ctx, bytes: Uint8Array): void {
  if (bytes.length > MAX_TORRENT_BYTES) {
    throw new EngineError(
      'METAINFO_TOO_LARGE',
      `${ctx.subject} is ${Math.ceil(bytes.length / 1048576)} MiB, more than the ${MAX_TORRENT_BYTES / 1048576} MiB a torrent may be.`,
      { size: bytes.length, max: MAX_TORRENT_BYTES },
    );
  }
}

/** Bencode errors keep their code; the message gains who is damaged so a user can read it. */
function rethrowBencode(ctx: Ctx, e: unknown): never {
  if (isEngineError(e) && e.code.startsWith('BENCODE_')) {
    const m = e.message;
    damaged(ctx, e.code, `it is not valid bencode: ${m.charAt(0).toLowerCase()}${m.slice(1).replace(/\.$/, '')}`, e.details);
  }
  throw e;
}

/** Parses a whole .torrent file. The info hash is SHA-1 over the exact `info` bytes as found in the file. */
export async function parseTorrent(bytes: Uint8Array, hasher: Hasher): Promise<Metainfo> {
  checkSize(FILE_CTX, bytes);
  let root: BValue;
  let span: Span | undefined;
  try {
    const r = decodeWithSpans(bytes, ['info']);
    root = r.value;
    span = r.spans.get('info');
  } catch (e) {
    rethrowBencode(FILE_CTX, e);
  }
  if (!isDict(root)) {
    throw new EngineError('METAINFO_NOT_A_DICT', 'This is not a torrent file: it does not start with a dictionary.', {
      size: bytes.length,
    });
  }
  const info = root.get('info');
  if (!isDict(info) || !span) {
    throw new EngineError('METAINFO_MISSING_INFO', 'This torrent file is damaged: it has no info dictionary.', {
      present: info !== undefined,
    });
  }
  // A copy, so the kept info bytes do not pin (or change with) the caller's whole file buffer.
  const infoBytes = bytes.slice(span.start, span.end);
  return build(FILE_CTX, info, infoBytes, hasher, parseAnnounceList(root), parseUrlList(root.get('url-list')), root);
}

/** Builds Metainfo from a bare info dict (BEP 9 metadata from peers) plus what the magnet link knew. */
export async function metainfoFromInfo(infoBytes: Uint8Array, hasher: Hasher, extras?: MetainfoExtras): Promise<Metainfo> {
  checkSize(PEER_CTX, infoBytes);
  let info: BValue;
  try {
    info = decode(infoBytes);
  } catch (e) {
    rethrowBencode(PEER_CTX, e);
  }
  if (!isDict(info)) {
    throw new EngineError('METAINFO_NOT_A_DICT', `${PEER_CTX.subject} is damaged: it is not a dictionary.`, {
      size: infoBytes.length,
    });
  }
  const tiers = normalizeTiers(extras?.announce ?? []);
  const urls = dedupeUrls(extras?.urlList ?? []);
  return build(PEER_CTX, info, infoBytes.slice(), hasher, tiers, urls, null);
}

async function build(
  ctx: Ctx,
  info: BDict,
  infoBytes: Uint8Array,
  hasher: Hasher,
  announce: string[][],
  urlList: string[],
  root: BDict | null,
): Promise<Metainfo> {
  const metaVersion = getInt(info, 'meta version');
  const pieces = info.get('pieces');
  if (pieces === undefined && (metaVersion !== undefined || info.has('file tree'))) {
    throw new EngineError(
      'METAINFO_V2_ONLY',
      'This is a BitTorrent v2-only torrent, which is not supported yet: it has no v1 piece hashes. ' +
        'A hybrid (v1 + v2) torrent or a v1 magnet link of the same content will work.',
      { metaVersion: metaVersion ?? 0 },
    );
  }
  if (!isBytes(pieces)) damaged(ctx, 'METAINFO_BAD_PIECES', 'the piece hashes are missing', { present: pieces !== undefined });

  const pieceLength = info.get('piece length');
  if (typeof pieceLength !== 'number' || pieceLength <= 0) {
    damaged(ctx, 'METAINFO_BAD_FIELD', 'the piece length is missing or not a positive number', {
      field: 'piece length',
      value: typeof pieceLength === 'number' ? pieceLength : -1,
    });
  }
  if (pieceLength > MAX_PIECE_LENGTH) {
    damaged(ctx, 'METAINFO_BAD_FIELD', `its pieces are ${mib(pieceLength)} MiB each, more than the ${mib(MAX_PIECE_LENGTH)} MiB supported`, {
      field: 'piece length',
      value: pieceLength,
      max: MAX_PIECE_LENGTH,
    });
  }
  // Stricter than libtorrent 2.0.8 for v1 (it takes any length below 2 GiB): every tool that makes torrents picks
  // a power of two, and block and piece arithmetic elsewhere is only exercised with those.
  if (pieceLength < MIN_PIECE_LENGTH || !isPowerOfTwo(pieceLength)) {
    damaged(ctx, 'METAINFO_BAD_FIELD', `its piece length of ${pieceLength} bytes is not a power of two of at least 16 KiB`, {
      field: 'piece length',
      value: pieceLength,
      min: MIN_PIECE_LENGTH,
    });
  }

  const nameBytes = utf8Variant(info, 'name');
  if (!nameBytes) damaged(ctx, 'METAINFO_BAD_FIELD', 'it has no name', { field: 'name' });
  const name = fromUtf8(nameBytes);
  // libtorrent refuses these too ("missing name in torrent file"): each would be saved as the folder it is put in.
  if (name === '' || name === '.' || name === '..') {
    damaged(ctx, 'METAINFO_BAD_FIELD', name === '' ? 'its name is empty' : `its name is "${name}", which cannot name a file or folder`, {
      field: 'name',
      value: name,
    });
  }

  const { files, length, multiFile } = parseFiles(ctx, info, name);
  if (length === 0) damaged(ctx, 'METAINFO_BAD_FIELD', 'it contains no data (every file is empty)', { field: 'length', files: files.length });

  const pieceCount = Math.ceil(length / pieceLength);
  const expected = pieceCount * HASH_SIZE;
  if (pieces.length !== expected) {
    const diff = expected - pieces.length;
    const how = diff > 0 ? `${diff} bytes short` : `${-diff} bytes too long`;
    damaged(ctx, 'METAINFO_BAD_PIECES', `the piece hashes are ${how} (${pieceCount} pieces need ${expected} bytes)`, {
      expected,
      actual: pieces.length,
      pieceCount,
      pieceLength,
      length,
    });
  }

  const infoHash = await hasher.sha1(infoBytes);
  const privateFlag = getInt(info, 'private');
  const meta: Metainfo = {
    infoHash,
    infoHashHex: toHex(infoHash),
    infoBytes,
    name,
    pieceLength,
    pieceCount,
    // A copy: `pieces` is a view into the decoded buffer; this keeps Metainfo self-contained.
    pieceHashes: pieces.slice(),
    length,
    files,
    multiFile,
    // BEP 27: private is the integer 1; libtorrent also takes -1 or 2, but any other value is not a promise we read.
    private: privateFlag === 1,
    announce,
    urlList,
    hybrid: metaVersion === 2,
    ...optionalRootFields(root),
  };
  return meta;
}

function mib(n: number): number {
  return Math.round((n / 1048576) * 10) / 10;
}

function optionalRootFields(root: BDict | null): { comment?: string; createdBy?: string; creationDate?: number } {
  const out: { comment?: string; createdBy?: string; creationDate?: number } = {};
  if (!root) return out;
  const comment = utf8Variant(root, 'comment');
  if (comment) out.comment = fromUtf8(comment);
  const createdBy = getBytes(root, 'created by');
  if (createdBy) out.createdBy = fromUtf8(createdBy);
  const date = getInt(root, 'creation date');
  if (date !== undefined) out.creationDate = date;
  return out;
}

/** `key.utf-8` when it is a byte string (BEP 3 leaves `key` in the creator's encoding), else `key`. */
function utf8Variant(dict: BDict, key: string): Uint8Array | undefined {
  return getBytes(dict, `${key}.utf-8`) ?? getBytes(dict, key);
}

function parseFiles(ctx: Ctx, info: BDict, name: string): { files: TorrentFile[]; length: number; multiFile: boolean } {
  const list = info.get('files');
  if (list === undefined) {
    const length = info.get('length');
    if (typeof length !== 'number' || length < 0) {
      damaged(ctx, 'METAINFO_BAD_FIELD', 'it has neither a file length nor a file list', { field: 'length' });
    }
    const attr = attrOf(info);
    return { files: [makeFile([name], length, 0, attr, new Map())], length, multiFile: false };
  }
  if (!isList(list) || list.length === 0) {
    damaged(ctx, 'METAINFO_BAD_FIELD', 'its file list is empty or not a list', { field: 'files' });
  }
  const files: TorrentFile[] = [];
  // Folder names (and the torrent name, first in every path) repeat across thousands of files.
  const safeCache = new Map<string, string>();
  let offset = 0;
  for (let i = 0; i < list.length; i++) {
    const entry = list[i]!;
    if (!isDict(entry)) damaged(ctx, 'METAINFO_BAD_FIELD', `file ${i + 1} is not a dictionary`, { field: 'files', index: i });
    const length = entry.get('length');
    if (typeof length !== 'number' || length < 0) {
      damaged(ctx, 'METAINFO_BAD_FIELD', `file ${i + 1} has no valid length`, { field: 'length', index: i });
    }
    const path = pathOf(ctx, entry, i);
    if (offset + length > Number.MAX_SAFE_INTEGER) {
      damaged(ctx, 'METAINFO_BAD_FIELD', 'its files add up to an impossible size', { field: 'length', index: i });
    }
    files.push(makeFile([name, ...path], length, offset, attrOf(entry), safeCache));
    offset += length;
  }
  const distinct = distinctSafePaths(
    files.map((f) => f.safePath),
    (i) => files[i]!.pad,
  );
  for (let i = 0; i < files.length; i++) {
    if (distinct[i] !== files[i]!.safePath) files[i] = { ...files[i]!, safePath: distinct[i]! };
  }
  return { files, length: offset, multiFile: true };
}

/** `path.utf-8` when it is a well-formed path, else `path`, which must be a list of non-empty byte strings. */
function pathOf(ctx: Ctx, entry: BDict, index: number): string[] {
  const preferred = getList(entry, 'path.utf-8');
  if (preferred && preferred.length > 0 && preferred.every((c) => isBytes(c) && c.length > 0)) {
    return (preferred as Uint8Array[]).map((c) => fromUtf8(c));
  }
  const raw = entry.get('path');
  if (!isList(raw) || raw.length === 0) {
    damaged(ctx, 'METAINFO_BAD_PATH', `file ${index + 1} has no path`, { index });
  }
  const out: string[] = [];
  for (let j = 0; j < raw.length; j++) {
    const c = raw[j]!;
    if (!isBytes(c) || c.length === 0) {
      damaged(ctx, 'METAINFO_BAD_PATH', `file ${index + 1} has an empty or invalid folder or file name`, { index, component: j });
    }
    out.push(fromUtf8(c));
  }
  return out;
}

function attrOf(dict: BDict): string {
  const attr = getBytes(dict, 'attr');
  return attr ? (fromUtf8Strict(attr) ?? '') : '';
}

function makeFile(path: string[], length: number, offset: number, attr: string, safeCache: Map<string, string>): TorrentFile {
  const last = path[path.length - 1]!;
  const pad = attr.includes('p') || last.startsWith(LEGACY_PAD_PREFIX);
  const safe = path.map((c) => {
    let s = safeCache.get(c);
    if (s === undefined) safeCache.set(c, (s = safePathComponent(c)));
    return s;
  });
  return { path, safePath: safe, name: path.join('/'), length, offset, pad, attr };
}

/** BEP 12 tiers; with no usable announce-list, `announce` alone is one tier of one. Junk entries are skipped. */
function parseAnnounceList(root: BDict): string[][] {
  const seen = new Set<string>();
  const tiers: string[][] = [];
  const list = getList(root, 'announce-list');
  if (list) {
    for (const tier of list) {
      if (!isList(tier)) continue;
      const urls: string[] = [];
      for (const u of tier) {
        const url = isBytes(u) ? cleanUrl(u) : null;
        if (url && !seen.has(url)) {
          seen.add(url);
          urls.push(url);
        }
      }
      if (urls.length > 0) tiers.push(urls);
    }
  }
  if (tiers.length === 0) {
    const a = getBytes(root, 'announce');
    const url = a ? cleanUrl(a) : null;
    if (url) tiers.push([url]);
  }
  return tiers;
}

/** BEP 19: a single string (possibly empty, as some clients write) or a list of strings. */
function parseUrlList(v: BValue | undefined): string[] {
  const items = isBytes(v) ? [v] : isList(v) ? v : [];
  const urls: string[] = [];
  for (const u of items) {
    const url = isBytes(u) ? cleanUrl(u) : null;
    if (url) urls.push(url);
  }
  return dedupeUrls(urls);
}

function cleanUrl(bytes: Uint8Array): string | null {
  const s = fromUtf8(bytes).trim();
  return s === '' ? null : s;
}

function normalizeTiers(announce: readonly (readonly string[])[] | readonly string[]): string[][] {
  const seen = new Set<string>();
  const tiers: string[][] = [];
  for (const t of announce) {
    const urls: string[] = [];
    for (const raw of typeof t === 'string' ? [t] : t) {
      const url = raw.trim();
      if (url !== '' && !seen.has(url)) {
        seen.add(url);
        urls.push(url);
      }
    }
    if (urls.length > 0) tiers.push(urls);
  }
  return tiers;
}

function dedupeUrls(urls: readonly string[]): string[] {
  return [...new Set(urls.map((u) => u.trim()).filter((u) => u !== ''))];
}

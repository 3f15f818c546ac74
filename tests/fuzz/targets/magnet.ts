// Fuzz target: magnet links (BEP 9, BEP 53 so=) and toMagnet. Mutated and structure-aware links must parse or
// throw a MAGNET_ EngineError; a parsed link must be a fixed point of parse(toMagnet(m)); toMagnet must never
// throw on stored names and trackers (lone surrogates included) other than for a missing info hash.

import { isEngineError } from '../../../src/engine/errors.ts';
import { MAX_SELECT_ONLY, parseMagnet, parseTorrentId, toMagnet } from '../../../src/engine/metainfo/magnet.ts';
import type { MagnetInput } from '../../../src/engine/metainfo/magnet.ts';
import type { MagnetLink } from '../../../src/engine/metainfo/types.ts';
import { check, mutateText, nastyString, preview } from '../harness.ts';
import type { FuzzTarget, Outcome, Rand } from '../harness.ts';

type Input = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'compose'; readonly magnet: MagnetInput };

const HEX = 'c12fe1c06bba254a9dc9f519b335aa7c1367a88a';
const ALPHABET = '%&=+?:.,-#0123456789abcdefxtrwsodnlXZ \u00e9\ud83d\ude00\ud800\udc00';
const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const td = new TextDecoder();

function selectOnly(r: Rand): string {
  const items = Array.from({ length: r.int(5) }, () =>
    r.pick<() => string>([
      () => `${r.int(20)}`,
      () => `${r.int(20)}-${r.int(20)}`,
      () => `0-${r.pick(['99999999999', `${MAX_SELECT_ONLY}`, `${MAX_SELECT_ONLY - 1}`, '9007199254740993', '9'.repeat(30)])}`,
      () => r.pick(['', '-', '1-', '-1', '1-2-3', 'x', ' 1', '1.5']),
    ])(),
  );
  return items.join(',');
}

/** A link assembled from parts: repeated and numbered keys, raw and %-escaped nasty values, so= edge cases. */
function structured(r: Rand): string {
  const parts = [`xt=urn:btih:${r.chance(0.9) ? HEX : r.pick(['', HEX.slice(1), 'YEX6DQDLXISUVHOJ6UM3GNNKPQJWPKEK', 'g'.repeat(40)])}`];
  for (let n = r.int(8); n > 0; n--) {
    const key = r.pick(['dn', 'tr', 'ws', 'xl', 'so', 'x.pe', 'tr.1', 'xt', 'kt', '']);
    const raw = nastyString(r);
    const value =
      key === 'so' ? selectOnly(r)
      : key === 'xl' ? r.pick(['0', '-5', '9007199254740993', '99999999999999999999', `${r.int(1e9)}`])
      : key === 'xt' ? `urn:btmh:1220${'ab'.repeat(32)}`
      : r.chance(0.5) ? raw : encodeURIComponent(raw.replace(LONE, '\ufffd').replace(/[\ud800-\udfff]/g, 'x'));
    parts.push(`${key}=${value}`);
  }
  for (let i = parts.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [parts[i], parts[j]] = [parts[j]!, parts[i]!];
  }
  return `magnet:?${parts.join('&')}`;
}

function checkLink(m: MagnetLink): void {
  check(m.infoHash.length === 20 && /^[0-9a-f]{40}$/.test(m.infoHashHex), 'bad info hash');
  for (const s of [m.name ?? '', ...m.trackers, ...m.webSeeds, ...m.peers]) check(!LONE.test(s), `lone surrogate kept in ${preview(s)}`);
  if (m.selectOnly) {
    check(m.selectOnly.length > 0, 'an empty selection instead of none');
    check(m.selectOnly.every((i, k) => Number.isSafeInteger(i) && i >= 0 && i < MAX_SELECT_ONLY && (k === 0 || i > m.selectOnly![k - 1]!)), 'selection not sorted, unique, in bounds');
  }
  if (m.length !== undefined) check(Number.isSafeInteger(m.length) && m.length >= 0, 'bad xl');
}

function sameLink(a: MagnetLink, b: MagnetLink): boolean {
  return JSON.stringify({ ...a, infoHash: [...a.infoHash] }) === JSON.stringify({ ...b, infoHash: [...b.infoHash] });
}

export const magnetTarget: FuzzTarget<Input> = {
  name: 'magnet',
  generate(r, corpus) {
    const roll = r.int(10);
    if (roll < 2) {
      const magnet: MagnetInput = {
        infoHashHex: r.chance(0.95) ? HEX : nastyString(r),
        name: nastyString(r),
        trackers: [nastyString(r), nastyString(r)],
        webSeeds: [nastyString(r)],
        peers: [nastyString(r)],
        selectOnly: Array.from({ length: r.int(6) }, () => r.pick([r.int(30), MAX_SELECT_ONLY, -1, 1.5, 2 ** 53])),
        ...(r.chance(0.5) ? { length: r.pick([0, 1, -1, 2 ** 53, 1.5]) } : {}),
      };
      return { kind: 'compose', magnet };
    }
    if (roll < 6) return { kind: 'text', text: structured(r) };
    return { kind: 'text', text: mutateText(r, td.decode(r.pick(corpus)), ALPHABET) };
  },
  run(input): Outcome {
    if (input.kind === 'compose') {
      let uri: string;
      try {
        uri = toMagnet(input.magnet);
      } catch (e) {
        if (isEngineError(e, 'MAGNET_BAD_INFO_HASH')) return 'typed';
        throw e;
      }
      const m = parseMagnet(uri);
      checkLink(m);
      const name = input.magnet.name?.replace(new RegExp(LONE.source, 'g'), '\ufffd');
      check(m.name === (name === '' ? undefined : name), 'toMagnet lost or changed the name');
      return 'ok';
    }
    let m: MagnetLink;
    try {
      m = r2(input.text);
    } catch (e) {
      if (isEngineError(e) && e.code.startsWith('MAGNET_')) return 'typed';
      throw e;
    }
    checkLink(m);
    check(sameLink(parseMagnet(toMagnet(m)), m), 'parse(toMagnet(m)) differs from m');
    return 'ok';
  },
  show: (input) => (input.kind === 'compose' ? `toMagnet ${preview(JSON.stringify(input.magnet))}` : preview(input.text)),
};

/** parseTorrentId takes what parseMagnet takes plus bare hashes: both must agree on links. */
function r2(text: string): MagnetLink {
  const m = parseTorrentId(text);
  if (/^\s*magnet:/i.test(text)) check(sameLink(m, parseMagnet(text)), 'parseTorrentId and parseMagnet disagree');
  return m;
}

// A WebTorrent 3 browser peer driven by the interop specs: seeds generated files, or downloads a magnet and reports
// the bytes' SHA-256, where the metadata came from, and timings. Served from its own origin (WebTorrent clears its
// origin's OPFS `chunks` folder on load). Types for the specs live in ../support/webtorrent-peer.ts.

import WebTorrent from '/webtorrent.min.js';

/** @type {any} */
let client = null;
const errors = [];

function getClient() {
  if (!client) {
    // No STUN: every candidate stays on loopback (shared/BROWSER-TESTING.md).
    client = new WebTorrent({ tracker: { rtcConfig: { iceServers: [] } } });
    client.on('error', (err) => errors.push(String(err?.message ?? err)));
    window.__wtClient = client; // for ad-hoc diagnosis from a spec
  }
  return client;
}

const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
const sha256 = async (bytes) => hex(await crypto.subtle.digest('SHA-256', bytes));

/** Pseudo-random bytes (xorshift32): random-looking content, cheap for tens of MiB. */
function generate(length, seed) {
  const words = new Uint32Array(Math.ceil(length / 4));
  let x = seed >>> 0 || 1;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  return new Uint8Array(words.buffer, 0, length);
}

/** Rejects after `ms` with a message naming what did not happen. */
function within(ms, what, promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms; client errors: ${errors.join('; ') || 'none'}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Counts bytes uploaded to peers, with the time of the first and of the last one, every peer that connected, and
 * requests for a block the same peer already has pending with us. bittorrent-protocol answers a request by pulling
 * the first pending match from `peerRequests`, so two pending requests for one block answered out of order are
 * both dropped: the requester waits for its request timeout. A well-behaved downloader never sends such a pair.
 */
function uploadMeter(torrent) {
  const m = { bytes: 0, firstMs: 0, lastMs: 0, peerIds: new Set(), duplicateRequests: [] };
  // 'wire' fires after the BitTorrent handshake, so the remote peer id is known (hex).
  torrent.on('wire', (wire) => {
    m.peerIds.add(wire.peerId);
    // 'request' is emitted after the new request was queued in wire.peerRequests.
    wire.on('request', (index, offset, length) => {
      let same = 0;
      for (const r of wire.peerRequests) if (r.piece === index && r.offset === offset && r.length === length) same++;
      if (same > 1 && m.duplicateRequests.length < 20) m.duplicateRequests.push(`${index}:${offset}:${length}`);
    });
  });
  torrent.on('upload', (n) => {
    const now = performance.now();
    if (m.bytes === 0) m.firstMs = now;
    m.bytes += n;
    m.lastMs = now;
  });
  return m;
}

const seeded = new Map();

window.wtPeer = {
  /** Chromium gathers loopback ICE candidates only for a page holding a media permission (test harness only). */
  async grantLoopbackIce() {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    for (const t of stream.getTracks()) t.stop();
  },

  /** Seeds generated files (paths with '/' make a multi-file torrent with folders) and announces to `trackerUrl`. */
  async seed({ files, trackerUrl, name, pieceLength, timeoutMs }) {
    const inputs = [];
    const out = [];
    for (const f of files) {
      const bytes = generate(f.length, f.seed);
      const file = new File([bytes], f.path.split('/').pop(), { type: 'application/octet-stream' });
      if (f.path.includes('/')) file.fullPath = f.path; // create-torrent takes the folders from fullPath
      inputs.push(file);
      out.push({ path: f.path, length: f.length, sha256: await sha256(bytes) });
    }
    const started = performance.now();
    const torrent = await within(timeoutMs, 'WebTorrent seeding (hashing + announce)', new Promise((resolve) => {
      const opts = { announce: [trackerUrl], announceList: [[trackerUrl]] };
      if (name) opts.name = name;
      if (pieceLength) opts.pieceLength = pieceLength;
      getClient().seed(inputs.length === 1 ? inputs[0] : inputs, opts, resolve);
    }));
    seeded.set(torrent.infoHash, { torrent, upload: uploadMeter(torrent) });
    let torrentFileB64 = '';
    for (const b of torrent.torrentFile) torrentFileB64 += String.fromCharCode(b);
    return {
      infoHash: torrent.infoHash,
      magnetURI: torrent.magnetURI,
      torrentFileBase64: btoa(torrentFileB64),
      pieceLength: torrent.pieceLength,
      length: torrent.length,
      metadataBytes: torrent.infoBuffer.length, // the bencoded info dictionary
      // Metainfo order, which is the engine's file index order.
      files: torrent.files.map((f) => ({ path: f.path, length: f.length })),
      generated: out,
      seedMs: performance.now() - started,
    };
  },

  /** Bytes the seeding torrent has uploaded so far, over what time span, and to which peers (hex ids, ever). */
  uploaded(infoHash) {
    const s = seeded.get(infoHash);
    if (!s) throw new Error(`not seeding ${infoHash}`);
    const { bytes, firstMs, lastMs, peerIds, duplicateRequests } = s.upload;
    return { bytes, spanMs: lastMs - firstMs, peerIds: [...peerIds], duplicateRequests: [...duplicateRequests] };
  },

  /**
   * Adds a magnet (nothing else: no torrent file, no metadata) and waits until done; returns the files' SHA-256 and
   * which peer sent the metadata over ut_metadata (BEP 9).
   */
  async download({ magnet, timeoutMs }) {
    const t0 = performance.now();
    const torrent = getClient().add(magnet);
    const r = { metadataFrom: null, metadataWireExtensions: null, metadataMs: 0, firstByteMs: 0, doneMs: 0, downloaded: 0 };
    const peerIds = new Set();
    torrent.on('wire', (wire) => {
      peerIds.add(wire.peerId);
      wire.ut_metadata?.on('metadata', () => {
        r.metadataFrom ??= wire.peerId;
        r.metadataWireExtensions ??= Object.keys(wire.peerExtendedHandshake?.m ?? {});
      });
    });
    torrent.on('download', (n) => {
      if (r.downloaded === 0) r.firstByteMs = performance.now() - t0;
      r.downloaded += n;
    });
    const failed = new Promise((_, reject) => torrent.on('error', (e) => reject(new Error(`torrent error: ${e?.message ?? e}`))));
    await within(timeoutMs, 'WebTorrent metadata from the magnet', Promise.race([failed, new Promise((resolve) => {
      if (torrent.metadata) resolve();
      else torrent.once('metadata', resolve);
    })]));
    r.metadataMs = performance.now() - t0;
    await within(timeoutMs, `WebTorrent download of ${torrent.length} bytes (got ${r.downloaded})`, Promise.race([failed, new Promise((resolve) => {
      if (torrent.done) resolve();
      else torrent.once('done', resolve);
    })]));
    r.doneMs = performance.now() - t0;
    const files = [];
    for (const f of torrent.files) {
      files.push({ path: f.path, length: f.length, sha256: await sha256(await f.arrayBuffer()) });
    }
    return {
      ...r,
      infoHash: torrent.infoHash,
      name: torrent.name,
      metadataBytes: torrent.infoBuffer.length, // the bencoded info dictionary
      files,
      peerIds: [...peerIds],
      errors: [...errors],
    };
  },

  /** Per-wire state of a torrent (for failure messages and diagnosis). */
  wires(infoHash) {
    const t = getClient().torrents.find((x) => x.infoHash === infoHash);
    if (!t) return [];
    return t.wires.map((w) => ({
      peerId: w.peerId,
      amChoking: w.amChoking,
      peerChoking: w.peerChoking,
      amInterested: w.amInterested,
      peerInterested: w.peerInterested,
      requests: w.requests.length,
      peerRequests: w.peerRequests.length,
      uploaded: w.uploaded,
      downloaded: w.downloaded,
    }));
  },

  errors: () => [...errors],

  async destroy() {
    if (client) await new Promise((resolve) => client.destroy(resolve));
    client = null;
  },
};

// A readable client name from an Azureus-style peer id ("-qB4630-..." -> "qBittorrent 4.6.3", "-WW0300-..." ->
// "WebTorrent 3.0"), used until the peer's extension handshake tells us its own `v`.

const CLIENTS: Readonly<Record<string, string>> = {
  WW: 'WebTorrent',
  WD: 'WebTorrent Desktop',
  LT: 'libtorrent',
  lt: 'libTorrent (rakshasa)',
  qB: 'qBittorrent',
  TR: 'Transmission',
  DE: 'Deluge',
  UT: 'µTorrent',
  BT: 'BitTorrent',
  RV: 'Rivulet',
  AZ: 'Vuze',
  BI: 'BiglyBT',
};

/** Clients writing two decimal digits per version part (WebTorrent: '0300' is 3.0, '0102' is 1.2). */
const TWO_DIGIT_VERSIONS: ReadonlySet<string> = new Set(['WW', 'WD']);

export function clientName(peerId: Uint8Array): string {
  if (peerId.length === 20 && peerId[0] === 0x2d && peerId[7] === 0x2d) {
    const code = String.fromCharCode(peerId[1]!, peerId[2]!);
    const version = String.fromCharCode(...peerId.subarray(3, 7));
    const name = CLIENTS[code];
    if (name && TWO_DIGIT_VERSIONS.has(code) && /^\d{4}$/.test(version)) return `${name} ${Number(version.slice(0, 2))}.${Number(version.slice(2))}`;
    if (name && /^[0-9A-Za-z]{4}$/.test(version)) return `${name} ${[...version.replace(/0+$/, '') || '0'].join('.')}`;
    if (name) return name;
    return `Unknown (${code.replace(/[^\x20-\x7e]/g, '?')})`;
  }
  return 'Unknown';
}

// A readable client name from an Azureus-style peer id ("-WW0300-..." -> "WebTorrent 0.3.0"), used until the
// peer's extension handshake tells us its own `v`.

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

export function clientName(peerId: Uint8Array): string {
  if (peerId.length === 20 && peerId[0] === 0x2d && peerId[7] === 0x2d) {
    const code = String.fromCharCode(peerId[1]!, peerId[2]!);
    const version = String.fromCharCode(...peerId.subarray(3, 7));
    const name = CLIENTS[code];
    if (name && /^[0-9A-Za-z]{4}$/.test(version)) return `${name} ${[...version.replace(/0+$/, '') || '0'].join('.')}`;
    if (name) return name;
    return `Unknown (${code.replace(/[^\x20-\x7e]/g, '?')})`;
  }
  return 'Unknown';
}

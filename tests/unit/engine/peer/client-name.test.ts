// Client names from Azureus-style peer ids (BEP 20 conventions), as shown until a peer's BEP 10 `v` arrives.

import { describe, expect, it } from 'vitest';
import { clientName } from '../../../../src/engine/peer/client-name.ts';

function id(prefix: string): Uint8Array {
  const bytes = new Uint8Array(20).fill(0x41);
  for (let i = 0; i < prefix.length; i++) bytes[i] = prefix.charCodeAt(i);
  return bytes;
}

describe('clientName', () => {
  it.each([
    // WebTorrent writes major and minor as two decimal digits each (webtorrent/index.js VERSION_STR).
    { prefix: '-WW0300-', name: 'WebTorrent 3.0' },
    { prefix: '-WW0102-', name: 'WebTorrent 1.2' },
    { prefix: '-WW0016-', name: 'WebTorrent 0.16' },
    { prefix: '-WD0021-', name: 'WebTorrent Desktop 0.21' },
    // Everyone else: one character per version part, trailing zeros dropped.
    { prefix: '-qB4630-', name: 'qBittorrent 4.6.3' },
    { prefix: '-TR2940-', name: 'Transmission 2.9.4' },
    { prefix: '-LT1230-', name: 'libtorrent 1.2.3' },
    { prefix: '-lt0D80-', name: 'libTorrent (rakshasa) 0.D.8' },
    { prefix: '-UT3550-', name: 'µTorrent 3.5.5' },
    { prefix: '-RV0100-', name: 'Rivulet 0.1' },
    { prefix: '-BI0000-', name: 'BiglyBT 0' },
    { prefix: '-DE211s-', name: 'Deluge 2.1.1.s' },
    // A known code with an odd version keeps just the name.
    { prefix: '-qB4.6.-', name: 'qBittorrent' },
    { prefix: '-WW3.0x-', name: 'WebTorrent' },
    // Unknown codes are named by their code; non-printable characters are masked.
    { prefix: '-ZZ1000-', name: 'Unknown (ZZ)' },
    { prefix: '-\u0001Z1000-', name: 'Unknown (?Z)' },
    // Not Azureus style at all.
    { prefix: 'M7-2-2--', name: 'Unknown' },
    { prefix: 'exbc', name: 'Unknown' },
  ])('names $prefix as "$name"', ({ prefix, name }) => {
    expect(clientName(id(prefix))).toBe(name);
  });

  it('calls a peer id of the wrong length Unknown', () => {
    expect(clientName(id('-qB4630-').subarray(0, 19))).toBe('Unknown');
    expect(clientName(new Uint8Array(0))).toBe('Unknown');
  });
});

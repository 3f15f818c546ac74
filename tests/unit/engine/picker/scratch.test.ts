import { it, expect } from 'vitest';
import { Bitfield } from '../../../../src/engine/bitfield.ts';
import { Geometry } from '../../../../src/engine/metainfo/geometry.ts';
import { PiecePicker, type BlockRequest } from '../../../../src/engine/picker/piece-picker.ts';
import { connect, content, newSession, seed, until } from '../../../swarm/harness.ts';

it('scratch', () => {
  const g = new Geometry(4 * 32768, 32768);
  const p = new PiecePicker(g, new Bitfield(4), new Uint8Array([4,4,4,4]));
  const out: BlockRequest[] = [];
  const n = p.pick({ has: null, outstanding: new Map() }, 32, out);
  console.log(n, out.map(r => r.key));
});
it('swarm traffic', async () => {
  const a = newSession(); const b = newSession();
  const { meta } = await seed(a.session, a.store, 'x', [{ path: ['x'], data: content(1_000_000, 3) }], 32768);
  const t = await b.session.addMetainfo(meta);
  connect(a.session, b.session, meta.infoHashHex);
  await until([a.session, b.session], () => t.complete, 'dl');
  console.log('length', meta.length, 'received', t.receivedThisSession, 'uploaded', a.session.get(meta.infoHashHex)!.uploaded);
  await a.session.close(); await b.session.close();
});

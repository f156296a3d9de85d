// `tapipkt catalog NAME`'s renderer: the layout text shares its rows with the hover's table, and
// the packet skeleton of every layout in the catalog encodes as it stands, with no diagnostic.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinCatalog, builtinScope } from '../../../../src/catalog/index.js';
import { layoutRows, layoutTable, layoutText, packetSkeleton } from '../../../../src/language/index.js';
import { serviceWith } from '../../helpers.js';

describe('layout text and packet skeletons', () => {
  it('the skeleton of every layout (242) encodes with no error and no warning', () => {
    const bad: string[] = [];
    const s = serviceWith('');
    for (const L of builtinCatalog.layouts) {
      s.s.update(s.uri, packetSkeleton(L, builtinScope()));
      const d = s.s.getDiagnostics(s.uri);
      const packets = s.s.getPackets(s.uri);
      if (d.length || packets.length !== 1 || !packets[0]!.bytes) bad.push(`${L.name}: ${d.map((x) => `${x.code} ${x.message}`).join('; ') || 'no bytes'}`);
    }
    assert.equal(builtinCatalog.layouts.length, 242);
    assert.deepEqual(bad, []);
  });
  it('the skeleton picks values that keep the rules (@min, @oneOf, @nonzero)', () => {
    const sk = packetSkeleton(builtinScope().layout('GetDevCaps')!, builtinScope());
    assert.match(sk, /\n {2}dwTSPIVersion = 0x00010003 +\/\/ u32 @oneOf\(65539, /);
    assert.match(sk, /\n {2}lpLineDevCaps = 292 +\/\/ u32 @room @min\(292\)\n/);
  });
  it('the text has one row per row of the hover table, in the same order', () => {
    for (const name of ['CreateAgentSession', 'LINEPROXYREQUEST', 'LINECALLPARAMS']) {
      const L = builtinScope().layout(name)!;
      const rows = layoutRows(L);
      const text = layoutText(L);
      const table = layoutTable(L, 1000).split('\n').slice(2);
      assert.equal(table.length, rows.length, name);
      let at = 0;
      for (const r of rows) {
        const i = text.indexOf(r.name, at);
        assert.ok(i > at, `${name}: ${r.field} in order`);
        if (r.arm) assert.ok(text.lastIndexOf(`when ${r.arm.selector} = ${r.arm.name}:`, i) > 0, r.field);
        at = i;
      }
    }
  });
});

// The layout view's model (Show Layout) and decode blocks as first-class: their CodeLens and
// inlay hint, and a short block's error at its start.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { open } from './helpers.js';

const WORKED_HEX =
  '93000000000000000000000034120000020001000700000000000000000000000c00000010000000420000000000000000000000000000000000000034003700310031000000000040fc296b47ca6710b31d00dd010662da';

describe('layout view model', () => {
  it('a pinned offset aiming into varData gets a labelled row with the bytes it aims at', () => {
    const { s, uri } = open(`packet p: CreateAgentSession {
  lpszAgentPIN = raw 0
  lpGroupID = raw 8
  dwSize = raw 16
  varData = hex { 34 00 37 00 00 00 00 00 40 fc 29 6b 47 ca 67 10 b3 1d 00 dd 01 06 62 da }
}
`);
    const m = s.getLayout(uri, { packet: 'p' })!;
    assert.equal(m.bytes!.length, 84);
    const group = m.rows.find((r) => r.path === 'lpGroupID → item');
    assert.deepEqual(group && { offset: group.offset, size: group.size, kind: group.kind, note: group.note }, { offset: 68, size: 16, kind: 'target', note: 'pinned offset 8 (guid)' });
    assert.equal(group!.hex, '40fc296b47ca6710b31d00dd010662da');
    const pin = m.rows.find((r) => r.path === 'lpszAgentPIN → item');
    assert.deepEqual(pin && [pin.offset, pin.size], [60, 6]);
    // The raw VarData itself is a row too: every byte of the packet is explained by some row.
    assert.ok(m.rows.some((r) => r.kind === 'gap' && r.offset === 60 && r.size === 24));
  });
  it('the worked example: padding after the PIN is a row, and each field keeps its offset', () => {
    const { s, uri } = open(`decode { ${WORKED_HEX} }\n`);
    const m = s.getLayout(uri, { decode: 0 })!;
    assert.equal(m.type, 'CreateAgentSession');
    assert.equal(m.rows.find((r) => r.path === 'lpGroupID' && r.kind === 'field')!.offset, 32);
    assert.ok(m.rows.some((r) => r.kind === 'gap' && r.offset === 70 && r.size === 2 && r.note === 'zero padding'));
  });
  it('a file with only decode blocks has a layout target; a broken packet has errors and no rows', () => {
    const { s, uri } = open(`// capture\ndecode { ${WORKED_HEX} }\n`);
    assert.deepEqual(s.layoutTargetAt(uri, 0), { decode: 0 });
    const b = open('packet p: CreateAgentSession {\n  = 7\n  lpGroupID = null\n}\n');
    const m = b.s.getLayout(b.uri, { packet: 'p' })!;
    assert.equal(m.bytes, undefined);
    assert.deepEqual(m.rows, []);
    assert.deepEqual(m.errors.map((e) => [e.line, e.code]), [[1, 'TP1001']]);
  });
});

describe('decode blocks are first-class', () => {
  it('a CodeLens names the layout and the size; the inlay hint says the same; Problems get no Info', () => {
    const text = `decode { ${WORKED_HEX} }\n`;
    const { s, uri } = open(text);
    const [lens] = s.getCodeLenses(uri);
    assert.deepEqual(
      { kind: lens!.kind, packet: lens!.packet, size: lens!.size, ok: lens!.ok, index: lens!.decode?.index },
      { kind: 'decode', packet: 'CreateAgentSession', size: 88, ok: true, index: 0 },
    );
    const hints = s.getInlayHints(uri, { start: 0, end: text.length });
    assert.ok(hints.some((h) => h.offset === 'decode'.length && h.label === ' CreateAgentSession · 88 B'), JSON.stringify(hints));
  });
  it('a short block\'s error sits at the start of the block, not at its last byte', () => {
    const text = '// cut short\ndecode { 93000000 00000000 00000000 00000000 00000000 }\n';
    const { s, uri } = open(text);
    const e = s.getDiagnostics(uri).find((d) => d.code === 'TP2101')!;
    assert.equal(e.start, text.indexOf('decode'));
    assert.deepEqual(e.range.start, { line: 1, character: 0 });
    const [lens] = s.getCodeLenses(uri);
    assert.deepEqual({ ok: lens!.ok, errors: lens!.errors }, { ok: false, errors: 1 });
  });
});

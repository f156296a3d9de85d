// The checker: one table of documents and the diagnostic codes they must (and must not) give.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serviceWith } from '../helpers.js';

const GUID = '{6B29FC40-CA47-1067-B31D-00DD010662DA}';
const ok = `packet p: CreateAgentSession { lpszAgentPIN = "1" lpGroupID = ${GUID} }`;

const cases: { name: string; text: string; codes: string[] }[] = [
  { name: 'a valid packet has no diagnostics', text: ok, codes: [] },
  { name: 'unknown type', text: 'packet p: CreateAgentSesion { }', codes: ['TP1101'] },
  { name: 'unknown field, with a suggestion', text: `packet p: CreateAgentSession { hAgnet = 1 lpGroupID = ${GUID} }`, codes: ['TP1102'] },
  { name: 'unknown constant', text: `packet p: LINE_REPLY { dwParam2 = LINEERR_INVALPARM }`, codes: ['TP1103'] },
  { name: 'duplicate field', text: `packet p: CreateAgentSession { hAgent = 1 hAgent = 2 lpGroupID = ${GUID} }`, codes: ['TP1104'] },
  { name: 'value out of range', text: `packet p: CreateAgentSession { hAgent = 0x1_0000_0000 lpGroupID = ${GUID} }`, codes: ['TP2004'] },
  { name: 'missing required item', text: 'packet p: CreateAgentSession { hAgent = 1 }', codes: ['TP1106'] },
  { name: 'type mismatch: string for a number', text: `packet p: CreateAgentSession { hAgent = "7" lpGroupID = ${GUID} }`, codes: ['TP1107'] },
  { name: 'type mismatch: number for a GUID item', text: 'packet p: CreateAgentSession { lpGroupID = 5 }', codes: ['TP1107'] },
  { name: 'constant of another table warns', text: `packet p: LINE_REPLY { dwParam2 = LINEMEDIAMODE_UNKNOWN }`, codes: ['TP1107'] },
  { name: 'duplicate packet name', text: `${ok}\n${ok}`, codes: ['TP1104'] },
  { name: 'pinned size below the minimum warns twice (the pin and the rule)', text: `packet p: CreateAgentSession { lpGroupID = ${GUID} dwSize = raw 8 }`, codes: ['TP3001', 'TP3008'] },
  { name: '@keep silences warnings on that value', text: `packet p: CreateAgentSession { lpGroupID = ${GUID} dwSize = raw 8 @keep }`, codes: [] },
  { name: 'non-zero reserved field', text: `packet p: CreateAgentSession { lpGroupID = ${GUID} Reserved1 = 1 }`, codes: ['TP3003'] },
  { name: 'misaligned pinned offset', text: `packet p: CreateAgentSession { lpGroupID = raw 13 }`, codes: ['TP3004', 'TP3005', 'TP3008'] },
  { name: 'null for a required item warns (TAPI_NO_DATA sent)', text: 'packet p: CreateAgentSession { lpGroupID = null }', codes: ['TP3008', 'TP3011'] },
  { name: 'fixed value changed warns', text: `packet p: MakeCall { dwCallParamsCodePage = 0 lpszDestAddress = "1" }`, codes: ['TP3002'] },
  { name: 'user definition and packet', text: 'request R = 200 { a: u16 b: u16 Reserved2..Reserved13: ignored }\npacket p: R { a = 1 b = 0x10000 }', codes: ['TP2004'] },
  { name: 'bad definition: unknown type', text: 'struct S { a: u33 }', codes: ['TP1101'] },
  { name: 'decode block reports what it chose', text: 'decode { 0c000000 }', codes: ['TP2101'] },
];

describe('checker diagnostics', () => {
  for (const c of cases) {
    it(c.name, () => {
      const { s, uri } = serviceWith(c.text);
      const codes = [...new Set(s.getDiagnostics(uri).filter((d) => d.severity !== 'info').map((d) => d.code))].sort();
      assert.deepEqual(codes, [...c.codes].sort());
    });
  }
  it('diagnostics point at the offending text', () => {
    const text = `packet p: CreateAgentSession {\n  hAgnet = 1\n  lpGroupID = ${GUID}\n}`;
    const { s, uri } = serviceWith(text);
    const d = s.getDiagnostics(uri).find((x) => x.code === 'TP1102')!;
    assert.deepEqual(d.range.start, { line: 1, character: 2 });
    assert.match(d.message, /did you mean hAgent/);
  });
});

describe('encode through the language', () => {
  it('the worked example encodes to 88 bytes', () => {
    const text = `packet supportLogin: CreateAgentSession {
  lpContext = 0x1234
  hLine = 0x00010002
  hAgent = 7
  lpszAgentPIN = "4711"
  lpGroupID = ${GUID}
  lphAgentSessionContext = 0x42
}`;
    const { s, uri } = serviceWith(text);
    const p = s.encodeAt(uri, 10)!;
    assert.equal(p.bytes!.length, 88);
    assert.equal(p.request!.packet, 'CreateAgentSession');
  });
  it('decodeToText prints a packet that encodes back to the same bytes', () => {
    const { s, uri } = serviceWith(ok);
    const bytes = s.getPackets(uri)[0]!.bytes!;
    const text = s.decodeToText(bytes).text;
    const again = serviceWith(text, 'file:///w/b.tapipkt');
    assert.deepEqual(again.s.getPackets('file:///w/b.tapipkt')[0]!.bytes, bytes);
  });
  it('imports: definitions of an imported file are visible; cycles and escapes are errors', () => {
    const files: Record<string, string> = {
      'file:///w/defs.tapipkt': 'request Mine = 300 { a: u32 Reserved2..Reserved13: ignored }',
      'file:///w/loop.tapipkt': 'import "main.tapipkt"',
    };
    const host = { readFile: (u: string) => files[u], rootOf: () => 'file:///w' };
    const { createLanguageServiceCore } = require('../../../src/language/index.js') as typeof import('../../../src/language/index.js');
    const { builtinCatalog } = require('../../../src/catalog/index.js') as typeof import('../../../src/catalog/index.js');
    const s = createLanguageServiceCore({ catalog: builtinCatalog, host });
    s.update('file:///w/main.tapipkt', 'import "defs.tapipkt"\nimport "loop.tapipkt"\nimport "../etc/passwd"\npacket p: Mine { a = 1 }');
    const codes = s.getDiagnostics('file:///w/main.tapipkt').map((d) => d.code).sort();
    assert.deepEqual(codes, ['TP1201', 'TP1203']);
    assert.equal(s.getPackets('file:///w/main.tapipkt')[0]!.bytes!.length, 60);
  });
  it('an import chain too deep shows at the top file, not only 16 files down', () => {
    const files: Record<string, string> = {};
    for (let i = 1; i <= 20; i++) files[`file:///w/f${i}.tapipkt`] = i < 20 ? `import "f${i + 1}.tapipkt"` : '';
    const { createLanguageServiceCore } = require('../../../src/language/index.js') as typeof import('../../../src/language/index.js');
    const { builtinCatalog } = require('../../../src/catalog/index.js') as typeof import('../../../src/catalog/index.js');
    const s = createLanguageServiceCore({ catalog: builtinCatalog, host: { readFile: (u: string) => files[u], rootOf: () => 'file:///w' } });
    s.update('file:///w/top.tapipkt', 'import "f1.tapipkt"');
    const d = s.getDiagnostics('file:///w/top.tapipkt');
    assert.equal(d.length, 1);
    assert.match(d[0]!.message, /'f1\.tapipkt' has 1 error \(in it or in the files it imports\)/);
  });
});

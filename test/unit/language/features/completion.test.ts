import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { open } from './helpers.js';

function labels(src: string): string[] {
  const d = open(src);
  assert.ok(d.offset >= 0, 'test needs a cursor');
  return d.s.getCompletions(d.uri, d.offset).map((c) => c.label);
}

describe('completion', () => {
  const cases: { name: string; src: string; has: string[]; not?: string[]; only?: (l: string) => boolean }[] = [
    { name: 'packet types after the colon', src: 'packet p: ‸', has: ['CreateAgentSession', '147 CreateAgentSession', 'LINECALLPARAMS', 'TAPI32_MSG'], not: ['packet (request)'] },
    { name: 'packet types while typing the name', src: 'packet p: Crea‸', has: ['CreateAgentSession'] },
    { name: 'fields not yet set, at a new line', src: 'packet p: CreateAgentSession {\n  hAgent = 7\n  ‸\n  lpContext = 1\n}', has: ['lpGroupID', 'hLine', 'varData', 'padTo'], not: ['hAgent', 'lpContext', 'LINEBEARERMODE_VOICE'] },
    { name: 'fields in an unclosed packet at the end of the file', src: 'packet p: CreateAgentSession {\n  hAgent = 7\n  ‸', has: ['lpGroupID'], not: ['hAgent'] },
    { name: 'constants of the field table only', src: 'packet p: MakeCall { lpCallParams = { dwBearerMode = ‸ } }', has: ['LINEBEARERMODE_VOICE', 'LINEBEARERMODE_DATA'], not: ['LINEMEDIAMODE_UNKNOWN', 'dwMinRate'] },
    { name: 'remaining flags after |', src: 'packet p: MakeCall { lpCallParams = { dwMediaMode = LINEMEDIAMODE_UNKNOWN | ‸ } }', has: ['LINEMEDIAMODE_INTERACTIVEVOICE'], not: ['LINEMEDIAMODE_UNKNOWN', 'LINEBEARERMODE_VOICE'] },
    { name: 'nested structure fields in an unclosed brace', src: 'packet p: MakeCall {\n  lpCallParams = { dwBe‸', has: ['dwBearerMode', 'dwMediaMode', 'DialParams'], not: ['lpCallParams', 'varData'] },
    { name: 'inline structure fields', src: 'packet p: MakeCall { lpCallParams = { DialParams = { dwDialPause = 1\n ‸ } } }', has: ['dwDialSpeed'], not: ['dwDialPause', 'dwBearerMode'] },
    { name: 'null for optional offsets, raw for pins', src: 'packet p: CreateAgentSession { lpszAgentPIN = ‸ }', has: ['null', 'raw', '""'] },
    { name: 'GUID snippet for guid items', src: 'packet p: CreateAgentSession { lpGroupID = ‸ }', has: ['{GUID}', 'raw'], not: ['hex { }'] },
    { name: 'raw for computed sizes', src: 'packet p: CreateAgentSession { dwSize = ‸ }', has: ['raw'] },
    { name: 'hex for bytes', src: 'struct B { data: bytes[4] }\npacket p: B { data = ‸ }', has: ['hex { }', 'raw'] },
    { name: 'keyword snippets at top level', src: 'packet a: Close { }\n‸', has: ['packet (request)', 'packet (response)', 'packet (struct)', 'decode', 'import', 'request', 'struct'] },
    { name: 'top level of an empty file', src: '‸', has: ['packet (request)', 'decode'] },
    { name: 'types after a field colon in a definition', src: 'struct S {\n  a: ‸\n}', has: ['u32', 'HLINE', 'LINEDIALPARAMS', 'LINEMEDIAMODE_Constants', 'offset<...>'] },
    { name: 'layout names after decode', src: 'decode ‸', has: ['CreateAgentSession'] },
    { name: 'keep after @', src: 'packet p: CreateAgentSession { dwSize = raw 8 @‸ }', has: ['keep'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const ls = labels(c.src);
      for (const x of c.has) assert.ok(ls.includes(x), `missing ${x}; got ${ls.slice(0, 30).join(', ')}`);
      for (const x of c.not ?? []) assert.ok(!ls.includes(x), `unexpected ${x}`);
    });
  }

  it('nothing inside comments and strings', () => {
    assert.deepEqual(labels('// packet p: ‸'), []);
    assert.deepEqual(labels('packet p: CreateAgentSession { lpszAgentPIN = "ab‸'), []);
  });

  it('request labels with Req_Func insert the name; details carry type, offset and section', () => {
    const d = open('packet p: ‸');
    const items = d.s.getCompletions(d.uri, d.offset);
    const byId = items.find((c) => c.label === '147 CreateAgentSession')!;
    assert.equal(byId.insertText, 'CreateAgentSession');
    assert.match(items.find((c) => c.label === 'CreateAgentSession')!.detail!, /Req_Func 147/);
    const f = open('packet p: CreateAgentSession {\n  ‸\n}');
    const g = f.s.getCompletions(f.uri, f.offset).find((c) => c.label === 'lpGroupID')!;
    assert.match(g.detail!, /offset<guid>.*@32.*2\.2\.4\.1\.3\.11/);
    assert.ok(g.documentation && g.documentation.length > 0);
    assert.equal(g.insertText, 'lpGroupID = ');
  });

  it('the GUID snippet and the replace range', () => {
    const d = open('packet p: CreateAgentSession { lpGroupID = ‸ }');
    const g = d.s.getCompletions(d.uri, d.offset).find((c) => c.label === '{GUID}')!;
    assert.equal(g.insertText, '{${1:00000000-0000-0000-0000-000000000000}}');
    assert.equal(g.snippet, true);
    const w = open('packet p: MakeCall { lpCallParams = { dwBearerMode = LINEBEAR‸ } }');
    const c = w.s.getCompletions(w.uri, w.offset)[0]!;
    assert.deepEqual(c.range, { start: w.offset - 'LINEBEAR'.length, end: w.offset });
  });

  it('never throws on malformed text at any offset', () => {
    const texts = ['packet', 'packet p', 'packet p:', 'packet p: {', 'packet : X { a = = | }', '@@@ {{{ }}} ', 'struct { a: offset< }', 'decode X { zz', 'packet p: MakeCall { lpCallParams = { { { ', 'const { A = }', '"unterminated', '/* open comment', 'import', 'type = '];
    for (const t of texts) {
      const d = open(t);
      for (let o = 0; o <= t.length; o++) assert.ok(Array.isArray(d.s.getCompletions(d.uri, o)));
    }
  });
});

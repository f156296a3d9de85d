import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { AGENT, at, open } from './helpers.js';

function hoverAt(src: string, needle: string, delta = 1, n = 0): string | undefined {
  const d = open(src);
  return d.s.getHover(d.uri, at(d.text, needle, delta, n))?.markdown;
}

describe('hover', () => {
  it('the worked example shows lpGroupID offset 12 and the GUID bytes', () => {
    const text = readFileSync(path.resolve(__dirname, '../../../../examples/create-agent-session.tapipkt'), 'utf8');
    const d = open(text);
    const h = d.s.getHover(d.uri, at(d.text, '  lpGroupID =', 4))?.markdown ?? '';
    assert.match(h, /offset field @32 = 12 → item @72, 16 bytes: `40 fc 29 6b/);
    assert.match(h, /2\.2\.4\.1\.3\.11/);
    assert.match(h, /GUID \{6B29FC40-CA47-1067-B31D-00DD010662DA\}/);
  });

  const cases: { name: string; src: string; needle: string; delta?: number; n?: number; has: (string | RegExp)[]; not?: (string | RegExp)[] }[] = [
    { name: 'int field: offset, size, bytes, value', src: AGENT, needle: 'lpContext', has: ['@12, 4 bytes: `34 12 00 00`', '4660 (0x00001234)', 'CreateAgentSession'] },
    { name: 'value hovers like its field', src: AGENT, needle: '0x1234', delta: 3, has: ['**lpContext**', '@12'] },
    { name: 'string item bytes', src: AGENT, needle: '"4711"', delta: 2, has: ['offset field @24 = 0 → item @60, 10 bytes: `34 00 37 00 31 00 31 00 00 00`', '"4711"'] },
    { name: 'doc comment of the field', src: AGENT, needle: 'hLine', has: [/line/i, '@16'] },
    {
      name: 'flag set decomposed',
      src: 'packet p: MakeCall { lpCallParams = { dwMediaMode = LINEMEDIAMODE_INTERACTIVEVOICE | LINEMEDIAMODE_UNKNOWN } }',
      needle: 'dwMediaMode', has: ['LINEMEDIAMODE_UNKNOWN | LINEMEDIAMODE_INTERACTIVEVOICE', '@76'],
    },
    {
      name: 'constant in a value: its value and table, then the field',
      src: 'packet p: MakeCall { lpCallParams = { dwBearerMode = LINEBEARERMODE_VOICE } }',
      needle: 'LINEBEARERMODE_VOICE', delta: 3, has: ['**LINEBEARERMODE_VOICE** = 1', 'LINEBEARERMODE_Constants', '2.2.3', 'lpCallParams.dwBearerMode'],
    },
    {
      name: 'pinned computed field shows what the encoder computes',
      src: AGENT.replace('lphAgentSessionContext = 0x42', 'lphAgentSessionContext = 0x42\n  dwSize = raw 8'),
      needle: 'dwSize', has: ['@36, 4 bytes: `08 00 00 00`', 'the encoder would compute 16'],
    },
    { name: 'packet type: layout facts and table', src: AGENT, needle: 'CreateAgentSession', delta: 2, has: ['Req_Func 147', 'MS-TRP 2.2.4.1.3.11', '60 bytes fixed', '| offset | size | field | type |', '| 32 | 4 | lpGroupID |'] },
    {
      name: 'user definition name: layout table',
      src: 'struct MINE {\n  a: u32\n  b: u16\n  c: bytes[6]\n}\n',
      needle: 'MINE', has: ['| 0 | 4 | a | `u32` |', '| 4 | 2 | b | `u16` |', '| 6 | 6 | c | `bytes[6]` |', '12 bytes fixed'],
    },
    {
      name: 'user constant: value and table',
      src: '/// My values.\n@section("9.9")\nconst MY_Constants {\n  /// The first.\n  MY_A = 0x10\n}\n',
      needle: 'MY_A', has: ['**MY_A** = 16 (0x00000010)', 'MY_Constants', 'MS-TRP 9.9', 'The first.'],
    },
    { name: 'packet name: size and bytes', src: AGENT, needle: 'supportLogin', has: ['88 bytes', '93 00 00 00'] },
    { name: 'decode byte: its field and value', src: 'decode { 93 00 00 00 00 00 00 00 01 00 00 00 }', needle: '01', delta: 0, has: ['byte 8 = 0x01', '**dwRequestID**', '= 1 (0x00000001)'] },
    { name: 'decode byte of Req_Func', src: 'decode { 93 00 00 00 }', needle: '93', delta: 1, has: ['**Req_Func**', '147'] },
    { name: 'field of a packet with errors still shows its type', src: 'packet p: CreateAgentSession {\n  hAgent = nope\n}', needle: 'hAgent', has: ['**hAgent**', 'no bytes'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const h = hoverAt(c.src, c.needle, c.delta ?? 1, c.n ?? 0);
      assert.ok(h, 'expected a hover');
      for (const x of c.has) typeof x === 'string' ? assert.ok(h.includes(x), `missing ${x} in:\n${h}`) : assert.match(h, x);
      for (const x of c.not ?? []) typeof x === 'string' ? assert.ok(!h.includes(x)) : assert.doesNotMatch(h, x);
    });
  }

  it('returns undefined on whitespace, comments and keywords', () => {
    const d = open('// just a comment\n\n' + AGENT);
    assert.equal(d.s.getHover(d.uri, 3), undefined);
    assert.equal(d.s.getHover(d.uri, at(d.text, '\n\npacket', 1)), undefined);
  });
});

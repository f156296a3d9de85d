import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AGENT, at, open } from './helpers.js';

const DOC = `/* a block
   comment */
flags MY_Flags {
  MY_ONE = 1
  MY_TWO = 2
}
struct THING {
  dwTotalSize: total
  flags: MY_Flags
}
${AGENT}packet m: MakeCall {
  lpCallParams = {
    dwBearerMode = LINEBEARERMODE_VOICE
  }
  varData = hex {
    00 01
  }
}
decode CreateAgentSession {
  93 00 00 00
}
`;

describe('document symbols', () => {
  it('definitions with fields, packets with assignments, decode blocks, tables with entries', () => {
    const d = open(DOC);
    const syms = d.s.getDocumentSymbols(d.uri);
    assert.deepEqual(syms.map((s) => `${s.kind} ${s.name}`), ['flags MY_Flags', 'struct THING', 'packet supportLogin', 'packet m', 'decode decode CreateAgentSession']);
    assert.deepEqual(syms[0]!.children.map((c) => c.name), ['MY_ONE', 'MY_TWO']);
    assert.deepEqual(syms[1]!.children.map((c) => c.name), ['dwTotalSize', 'flags']);
    assert.equal(syms[2]!.children.length, 8);
    assert.equal(syms[2]!.detail, 'CreateAgentSession');
    assert.deepEqual(syms[3]!.children[0]!.children.map((c) => c.name), ['dwBearerMode']);
    assert.equal(d.text.slice(syms[2]!.selectionRange.start, syms[2]!.selectionRange.end), 'supportLogin');
  });
});

describe('workspace symbols', () => {
  it('matches user and catalog definitions', () => {
    const d = open(DOC);
    const r = d.s.getWorkspaceSymbols('thing', [d.uri]);
    assert.ok(r.some((s) => s.name === 'THING' && s.location.uri === d.uri && s.kind === 'struct'));
    const c = d.s.getWorkspaceSymbols('CreateAgentSession', [d.uri]);
    const cat = c.find((s) => s.name === 'CreateAgentSession')!;
    assert.match(cat.location.uri, /^tapipkt-catalog:/);
    assert.equal(d.s.getText(cat.location.uri)!.slice(cat.location.range.start, cat.location.range.end), 'CreateAgentSession');
    assert.ok(d.s.getWorkspaceSymbols('LINEBEARERMODE_VOICE', []).some((s) => s.kind === 'constant' && s.container === 'LINEBEARERMODE_Constants'));
    assert.ok(d.s.getWorkspaceSymbols('supportlogin', [d.uri]).some((s) => s.kind === 'packet'));
    assert.equal(d.s.getWorkspaceSymbols('zzzzqqq', [d.uri]).length, 0);
  });
});

describe('folding ranges', () => {
  it('definitions, packets, nested values, tables, hex blocks, block comments', () => {
    const d = open(DOC);
    const f = d.s.getFoldingRanges(d.uri).map((r) => d.text.slice(r.start, r.end).split('\n')[0]!.trim() + (r.kind ? ` (${r.kind})` : ''));
    for (const x of ['/* a block (comment)', 'flags MY_Flags {', 'struct THING {', 'packet supportLogin: CreateAgentSession {', 'packet m: MakeCall {', '{', 'hex {', 'decode CreateAgentSession {']) {
      assert.ok(f.includes(x), `missing fold ${x}: ${JSON.stringify(f)}`);
    }
    const one = open('packet p: Close { }');
    assert.deepEqual(one.s.getFoldingRanges(one.uri), []);
  });
});

describe('semantic tokens', () => {
  it('types, fields, constants, packets; computed readonly; catalog defaultLibrary', () => {
    const d = open(DOC);
    const toks = d.s.getSemanticTokens(d.uri);
    const tok = (needle: string, n = 0) => toks.find((t) => t.start === at(d.text, needle, 0, n));
    assert.deepEqual(tok('MY_Flags'), { start: at(d.text, 'MY_Flags'), length: 8, type: 'type', modifiers: ['declaration'] });
    assert.equal(tok('MY_ONE')!.type, 'enumMember');
    assert.deepEqual(tok('THING')!.type, 'struct');
    assert.ok(tok('dwTotalSize')!.modifiers.includes('readonly'));
    assert.ok(!tok('flags:')?.modifiers.includes('readonly'));
    assert.equal(tok('supportLogin')!.type, 'variable');
    assert.deepEqual(tok('CreateAgentSession')!, { start: at(d.text, 'CreateAgentSession'), length: 18, type: 'type', modifiers: ['defaultLibrary'] });
    assert.deepEqual(tok('lpGroupID')!.modifiers, ['readonly', 'defaultLibrary']);
    assert.deepEqual(tok('hAgent')!.modifiers, ['defaultLibrary']);
    assert.equal(tok('LINEBEARERMODE_VOICE')!.type, 'enumMember');
    for (let i = 1; i < toks.length; i++) assert.ok(toks[i]!.start >= toks[i - 1]!.start);
  });
});

describe('code lenses', () => {
  it('one per packet with its size when it encodes', () => {
    const d = open(AGENT + 'packet bad: CreateAgentSession { hAgent = NOPE }\n');
    const l = d.s.getCodeLenses(d.uri);
    assert.deepEqual(l.map((x) => [x.packet, x.size, x.ok]), [['supportLogin', 88, true], ['bad', undefined, false]]);
    assert.equal(d.text.slice(l[0]!.range.start, l[0]!.range.end), 'supportLogin');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AGENT, open } from './helpers.js';
import { analysisOf } from '../../../../src/language/service-internals.js';

const MALFORMED = [
  '',
  'packet',
  'packet p: CreateAgentSession {',
  'packet p: CreateAgentSession { lpGroupID = {6B29FC40-CA47 }',
  'packet p: MakeCall {\n  lpCallParams = { dwBe',
  'packet p: MakeCall { lpCallParams = { dwBearerMode = | | } ',
  'request = { a: offset< b: bytes[ }',
  'struct S { switch x { case { } } }',
  'const T { A = B | C }\npacket q: T { }',
  'decode { 93 00 0',
  'decode CreateAgentSession { zz }',
  '/* never closed',
  '"string',
  'import "../../etc/passwd"',
  '@section( packet p: Close { }',
  'packet p: Close { dwRequestID = raw }',
  'packet p: Close { varData = hex { 0 } padTo = -1 }',
  AGENT.slice(0, AGENT.length / 2),
  AGENT.replace(/=/g, ''),
  '}}}}{{{{',
  // Session steps as symbols: cut-short bindings, nameless steps and sessions, reply blocks.
  'session s { a: Open { hLine = b.',
  'session { : { x = .y } }',
  'session s { open: Open { hLine = open.hLine } }\ndecode reply open {',
  'session s { a: { h = a.x }\nsession s { a: Close { hLine = a.hLine } }\ndecode reply a { 00 }',
  'session s {\n  attach: Open { hLine = attach.Ack_ReturnValue }\n  b: Close { hLine = attach. }\n}\ndecode reply attach',
];

describe('never throws on malformed text', () => {
  for (const text of MALFORMED) {
    it(JSON.stringify(text.slice(0, 40)), () => {
      const d = open(text);
      const { s, uri } = d;
      for (let o = 0; o <= text.length; o++) {
        s.getHover(uri, o);
        assert.ok(Array.isArray(s.getCompletions(uri, o)));
        s.getDefinition(uri, o);
        s.getReferences(uri, o, true);
        s.prepareRename(uri, o);
        s.rename(uri, o, 'renamed');
      }
      assert.ok(Array.isArray(s.getDocumentSymbols(uri)));
      assert.ok(Array.isArray(s.getFoldingRanges(uri)));
      assert.ok(Array.isArray(s.getSemanticTokens(uri)));
      assert.ok(Array.isArray(s.getInlayHints(uri, { start: 0, end: text.length }, { offsets: true })));
      assert.ok(Array.isArray(s.getCodeLenses(uri)));
      assert.ok(Array.isArray(s.getCodeActions(uri, { start: 0, end: text.length }, s.getDiagnostics(uri))));
      assert.ok(Array.isArray(s.getWorkspaceSymbols('a', [uri])));
    });
  }
});

describe('performance', () => {
  it('hover and completion in a 10,000-packet file stay well under 20 ms once analysed', (t0) => {
    const one = AGENT.replace('supportLogin', 'p');
    const parts: string[] = [];
    for (let i = 0; i < 10000; i++) parts.push(one.replace('packet p:', `packet p${i}:`));
    const text = parts.join('');
    assert.ok(text.length > 1_000_000);
    const d = open(text);
    analysisOf(d.s, d.uri);
    const mid = text.indexOf('packet p5000:');
    const hoverAt = text.indexOf('lpGroupID', mid) + 2;
    const completeAt = text.indexOf('hAgent = 7', mid) + 'hAgent = 7\n  '.length;
    for (let i = 0; i < 3; i++) {
      d.s.getHover(d.uri, hoverAt);
      d.s.getCompletions(d.uri, completeAt);
    }
    const runs = 20;
    let t = performance.now();
    for (let i = 0; i < runs; i++) assert.match(d.s.getHover(d.uri, hoverAt)!.markdown, /@72/);
    const hoverMs = (performance.now() - t) / runs;
    t = performance.now();
    for (let i = 0; i < runs; i++) {
      // The cursor is on lpszAgentPIN (offered, it is the word being replaced); lpGroupID is already set.
      const labels = d.s.getCompletions(d.uri, completeAt).map((c) => c.label);
      assert.ok(labels.includes('lpszAgentPIN') && !labels.includes('lpGroupID'));
    }
    const completeMs = (performance.now() - t) / runs;
    t0.diagnostic(`hover ${hoverMs.toFixed(2)} ms, completion ${completeMs.toFixed(2)} ms in ${text.length} characters`);
    assert.ok(hoverMs < 5, `hover took ${hoverMs.toFixed(2)} ms`);
    assert.ok(completeMs < 5, `completion took ${completeMs.toFixed(2)} ms`);
  });
});

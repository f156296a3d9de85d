// Issue 12 items 7 and 10: references of a catalog field survive VS Code's second,
// declaration-less query (so Shift+F12 opens the peek view), and rename says why a built-in
// name cannot be renamed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { open } from './helpers.js';

describe('references of a field used once', () => {
  const d = open('packet a: CreateAgentSession {\n  hA‸gent = 1\n  lpGroupID = null\n}\n');
  it('list the use and the catalog declaration', () => {
    const refs = d.s.getReferences(d.uri, d.offset, true);
    assert.deepEqual(refs.map((r) => r.uri).sort(), ['file:///w/test.tapipkt', 'tapipkt-catalog:/requests-line.tapipkt']);
  });
  it('keep the catalog declaration when asked without declarations (VS Code asks so before it opens the peek view)', () => {
    const refs = d.s.getReferences(d.uri, d.offset, false);
    assert.equal(refs.length, 2, JSON.stringify(refs));
  });
  it('still leave out a declaration in the user\'s own text', () => {
    const own = open('const MINE { MY_A = 1 }\npacket a: LINE_REPLY {\n  dwParam2 = MY‸_A\n}\n');
    assert.deepEqual(own.s.getReferences(own.uri, own.offset, false).map((r) => own.text.slice(r.range.start, r.range.end)), ['MY_A']);
    assert.equal(own.s.getReferences(own.uri, own.offset, true).length, 2);
  });
});

describe('rename of a built-in name', () => {
  it('says why it cannot be renamed', () => {
    const d = open('packet a: CreateAge‸ntSession {\n  hAgent = 1\n  lpGroupID = null\n}\n');
    const r = d.s.checkRename(d.uri, d.offset);
    assert.ok('error' in r && /cannot be renamed/.test(r.error), JSON.stringify(r));
    assert.equal(d.s.prepareRename(d.uri, d.offset), undefined);
  });
  it('gives the range of a name that can be renamed', () => {
    const d = open('packet a‸b: CreateAgentSession {\n  hAgent = 1\n  lpGroupID = null\n}\n');
    assert.deepEqual(d.s.checkRename(d.uri, d.offset), { start: 7, end: 9 });
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AGENT, applyEdits, at, open } from './helpers.js';

const USER = `const MY_Constants {
  MY_A = 1
  MY_B = 2
}
struct THING {
  kind: MY_Constants
  extra: u32
}
request Poke = 999 {
  target: u32
  what: offset<THING>?
}
packet first: Poke {
  target = MY_A
  what = { kind = MY_B extra = 3 }
}
packet second: Poke {
  target = MY_B
}
`;

describe('definition', () => {
  it('packet type -> catalog layout; field -> its declaration; constant -> its entry', () => {
    const d = open(AGENT + 'packet m: MakeCall { lpCallParams = { dwBearerMode = LINEBEARERMODE_VOICE } }\n');
    const textAt = (l: { uri: string; range: { start: number; end: number } }): string => d.s.getText(l.uri)!.slice(l.range.start, l.range.end);
    const t = d.s.getDefinition(d.uri, at(d.text, 'CreateAgentSession', 2));
    assert.equal(t.length, 1);
    assert.match(t[0]!.uri, /^tapipkt-catalog:\/.*\.tapipkt$/);
    assert.equal(textAt(t[0]!), 'CreateAgentSession');
    const f = d.s.getDefinition(d.uri, at(d.text, 'lpGroupID', 2));
    assert.equal(textAt(f[0]!), 'lpGroupID');
    assert.ok(d.s.getText(f[0]!.uri)!.slice(0, f[0]!.range.start).includes('request CreateAgentSession'));
    const c = d.s.getDefinition(d.uri, at(d.text, 'LINEBEARERMODE_VOICE', 2));
    assert.equal(textAt(c[0]!), 'LINEBEARERMODE_VOICE');
    const n = d.s.getDefinition(d.uri, at(d.text, 'dwBearerMode', 2));
    assert.equal(textAt(n[0]!), 'dwBearerMode');
  });

  it('user names resolve in the document; import path -> file', () => {
    const d = open('import "defs.tapipkt"\npacket p: Poke { target = MY_A }\n', { 'defs.tapipkt': USER.slice(0, USER.indexOf('packet first')) });
    const p = d.s.getDefinition(d.uri, at(d.text, 'Poke', 1));
    assert.equal(p[0]!.uri, 'file:///w/defs.tapipkt');
    assert.equal(p[0]!.range.start, at(USER, 'Poke'));
    const c = d.s.getDefinition(d.uri, at(d.text, 'MY_A', 1));
    assert.equal(c[0]!.range.start, at(USER, 'MY_A'));
    const i = d.s.getDefinition(d.uri, at(d.text, 'defs', 1));
    assert.deepEqual(i, [{ uri: 'file:///w/defs.tapipkt', range: { start: 0, end: 0 } }]);
    const f = d.s.getDefinition(d.uri, at(d.text, 'target', 1));
    assert.equal(f[0]!.range.start, at(USER, 'target'));
  });

  it('nothing at whitespace or unknown names', () => {
    const d = open('packet p: Nope { x = 1 }\n\n');
    assert.deepEqual(d.s.getDefinition(d.uri, d.text.length - 1), []);
    assert.deepEqual(d.s.getDefinition(d.uri, at(d.text, 'Nope', 1)), []);
  });
});

describe('references and rename', () => {
  it('references of a user constant, with and without the declaration', () => {
    const d = open(USER);
    const refs = d.s.getReferences(d.uri, at(d.text, 'MY_A', 0, 1), true).map((l) => l.range.start).sort((x, y) => x - y);
    assert.deepEqual(refs, [at(d.text, 'MY_A', 0, 0), at(d.text, 'MY_A', 0, 1)]);
    assert.deepEqual(d.s.getReferences(d.uri, at(d.text, 'MY_B', 0), false).length, 2);
  });

  it('references of a field of a user layout include nested packet values', () => {
    const d = open(USER);
    const refs = d.s.getReferences(d.uri, at(d.text, 'kind', 0), true).map((l) => l.range.start).sort((x, y) => x - y);
    assert.deepEqual(refs, [at(d.text, 'kind', 0, 0), at(d.text, 'kind', 0, 1)]);
  });

  it('references reach other open documents that see the declaration', () => {
    const d = open('import "defs.tapipkt"\npacket p: Poke { target = MY_A }\n', { 'defs.tapipkt': USER });
    d.s.update('file:///w/defs.tapipkt', USER);
    const refs = d.s.getReferences(d.uri, at(d.text, 'MY_A', 1), true);
    assert.deepEqual(new Set(refs.map((r) => r.uri)), new Set(['file:///w/test.tapipkt', 'file:///w/defs.tapipkt']));
    assert.equal(refs.length, 3);
  });

  const renames: { name: string; needle: string; n?: number; to: string; expect: (t: string) => void }[] = [
    { name: 'layout', needle: 'Poke', to: 'Prod', expect: (t) => assert.equal((t.match(/Prod/g) ?? []).length, 3) },
    { name: 'struct used as an offset target', needle: 'THING', to: 'ITEM', expect: (t) => assert.match(t, /offset<ITEM>\?/) },
    { name: 'field, from a packet', needle: 'target', n: 1, to: 'dest', expect: (t) => assert.equal((t.match(/\bdest\b/g) ?? []).length, 3) },
    { name: 'constant', needle: 'MY_B', to: 'MY_C', expect: (t) => assert.equal((t.match(/\bMY_C\b/g) ?? []).length, 3) },
    { name: 'packet', needle: 'second', to: 'third', expect: (t) => assert.match(t, /packet third: Poke/) },
    { name: 'table', needle: 'MY_Constants', to: 'OUR_Constants', expect: (t) => assert.match(t, /kind: OUR_Constants/) },
  ];
  for (const r of renames) {
    it(`renames a user ${r.name}`, () => {
      const d = open(USER);
      const o = at(d.text, r.needle, 1, r.n ?? 0);
      assert.ok(d.s.prepareRename(d.uri, o));
      const edits = d.s.rename(d.uri, o, r.to);
      assert.ok(Array.isArray(edits), JSON.stringify(edits));
      const out = applyEdits(d.text, edits);
      assert.ok(!new RegExp(`\\b${r.needle}\\b`).test(out), `still has ${r.needle}:\n${out}`);
      r.expect(out);
      const again = open(out);
      assert.deepEqual(again.s.getDiagnostics(again.uri).filter((x) => x.severity === 'error'), []);
    });
  }

  it('refuses catalog names with a clear error', () => {
    const d = open(AGENT);
    for (const needle of ['CreateAgentSession', 'lpGroupID', 'hAgent']) {
      const o = at(d.text, needle, 2);
      assert.equal(d.s.prepareRename(d.uri, o), undefined);
      const r = d.s.rename(d.uri, o, 'x');
      assert.ok(!Array.isArray(r) && /catalog/.test(r.error), JSON.stringify(r));
    }
    const m = open('packet m: MakeCall { lpCallParams = { dwBearerMode = LINEBEARERMODE_VOICE } }');
    const r = m.s.rename(m.uri, at(m.text, 'LINEBEARERMODE_VOICE', 1), 'X');
    assert.ok(!Array.isArray(r) && /catalog/.test(r.error));
  });

  it('refuses invalid new names and built-in types', () => {
    const d = open(USER);
    const r = d.s.rename(d.uri, at(d.text, 'Poke', 1), '1bad name');
    assert.ok(!Array.isArray(r) && /not a valid name/.test(r.error));
    const b = d.s.rename(d.uri, at(d.text, 'u32', 1), 'x');
    assert.ok(!Array.isArray(b));
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AGENT, applyEdits, open } from './helpers.js';

/** Runs the quick fixes of the first diagnostic with `code`; returns titles and a function applying one. */
function fixes(src: string, code: string): { titles: string[]; apply: (title: string) => string; diags: string[] } {
  const d = open(src);
  const all = d.s.getDiagnostics(d.uri);
  const diag = all.find((x) => x.code === code);
  assert.ok(diag, `no ${code} among ${all.map((x) => `${x.code} ${x.message}`).join('; ')}`);
  const actions = d.s.getCodeActions(d.uri, { start: diag.start, end: diag.end }, [diag]);
  return {
    titles: actions.map((a) => a.title),
    apply: (title) => {
      const a = actions.find((x) => x.title === title);
      assert.ok(a, `no action '${title}' among ${actions.map((x) => x.title).join(', ')}`);
      return applyEdits(d.text, a.edits);
    },
    diags: all.map((x) => x.code),
  };
}

function codesOf(text: string): string[] {
  const d = open(text);
  return d.s.getDiagnostics(d.uri).map((x) => x.code);
}

const PINNED = AGENT.replace('lphAgentSessionContext = 0x42', 'lphAgentSessionContext = 0x42\n  dwSize = raw 8');

describe('code actions', () => {
  it('TP3001: use the computed value removes the pin line', () => {
    const f = fixes(PINNED, 'TP3001');
    assert.deepEqual(f.titles.slice(0, 2), ['Use the computed value (16)', 'Keep dwSize as deliberate (@keep)']);
    const out = f.apply('Use the computed value (16)');
    assert.equal(out, AGENT);
    assert.ok(!codesOf(out).includes('TP3001'));
  });

  it('TP3001: keep as deliberate appends @keep, which silences the warning', () => {
    const out = fixes(PINNED, 'TP3001').apply('Keep dwSize as deliberate (@keep)');
    assert.match(out, /dwSize = raw 8 @keep\n/);
    assert.ok(!codesOf(out).some((c) => c.startsWith('TP3')), codesOf(out).join());
  });

  it('TP1103: replace an unknown constant with each suggestion', () => {
    const src = 'packet m: MakeCall { lpCallParams = { dwBearerMode = LINEBEARERMODE_VOICEE } }';
    const f = fixes(src, 'TP1103');
    assert.ok(f.titles.includes('Change to LINEBEARERMODE_VOICE'));
    const out = f.apply('Change to LINEBEARERMODE_VOICE');
    assert.equal(out, src.replace('VOICEE', 'VOICE'));
    assert.deepEqual(codesOf(out).filter((c) => c.startsWith('TP1')), []);
  });

  it('TP1102: rename an unknown field to a suggestion', () => {
    const src = AGENT.replace('hAgent = 7', 'hAgnet = 7');
    const out = fixes(src, 'TP1102').apply('Change to hAgent');
    assert.equal(out, AGENT);
  });

  it('TP1101: a packet type in the wrong case is changed to the catalog\'s spelling', () => {
    const src = 'packet p: GetUIDLLName {\n  dwObjectID = 1\n}\n';
    const out = fixes(src, 'TP1101').apply('Change to GetUIDllName');
    assert.equal(out, src.replace('GetUIDLLName', 'GetUIDllName'));
    assert.deepEqual(codesOf(out), []);
  });

  it('TP1106: add a missing required field with a placeholder', () => {
    const src = 'packet p: CreateAgentSession {\n  hAgent = 7\n}\n';
    const f = fixes(src, 'TP1106');
    const title = f.titles.find((t) => t.startsWith('Add lpGroupID = '))!;
    assert.equal(title, 'Add lpGroupID = {00000000-0000-0000-0000-000000000000}');
    const out = f.apply(title);
    assert.equal(out, 'packet p: CreateAgentSession {\n  hAgent = 7\n  lpGroupID = {00000000-0000-0000-0000-000000000000}\n}\n');
    assert.ok(!codesOf(out).includes('TP1106'));
    assert.ok(f.titles.includes('Add lpGroupID = null (no item)'));
  });

  it('TP1106 in a one-line packet keeps the brace on its own line', () => {
    const out = fixes('packet p: CreateAgentSession { }', 'TP1106').apply('Add lpGroupID = {00000000-0000-0000-0000-000000000000}');
    assert.ok(!codesOf(out).includes('TP1106'), out);
    assert.match(out, /\{\n {2}lpGroupID = \{0{8}-/);
  });

  it('rule warnings on a pinned value offer keep as deliberate', () => {
    const src = AGENT.replace('hAgent = 7', 'hAgent = 7\n  Reserved1 = 5');
    const d = open(src);
    const diag = d.s.getDiagnostics(d.uri).find((x) => x.code.startsWith('TP3'));
    assert.ok(diag, d.s.getDiagnostics(d.uri).map((x) => x.code).join());
    const acts = d.s.getCodeActions(d.uri, { start: diag.start, end: diag.end }, [diag]);
    const keep = acts.find((a) => a.title === 'Keep Reserved1 as deliberate (@keep)');
    assert.ok(keep);
    const out = applyEdits(d.text, keep.edits);
    assert.match(out, /Reserved1 = 5 @keep/);
    assert.ok(!codesOf(out).some((c) => c.startsWith('TP3')));
  });

  it('no actions outside the range or without matching diagnostics', () => {
    const d = open(PINNED);
    const diag = d.s.getDiagnostics(d.uri).find((x) => x.code === 'TP3001')!;
    assert.deepEqual(d.s.getCodeActions(d.uri, { start: 0, end: 5 }, [diag]), []);
    assert.deepEqual(d.s.getCodeActions(d.uri, { start: 0, end: d.text.length }, []), []);
    assert.ok(d.s.getCodeActions(d.uri, { start: 0, end: d.text.length }).length > 0);
  });
});

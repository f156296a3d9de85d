// Session steps as symbols (the gap left by issue 15): a step's name, STEP of `STEP.FIELD`
// and `decode reply STEP` are one symbol per session, found, renamed, highlighted and hovered
// together; FIELD of `STEP.FIELD` is a field of the step's layout.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits, at, open } from './helpers.js';

const INIT = 'init: Initialize { dwFriendlyNameOffset = "LAB-PC" dwModuleNameOffset = "LAB-PC" dwAPIVersion = 0x00020002 }';
const OPEN = 'open: Open { hLineApp = init.hLineApp dwDeviceID = 0 dwNegotiatedVersion = 0x00020002 dwPrivileges = LINECALLPRIVILEGE_NONE pCallParams = null }';
const CLOSE = 'bye: Close { hLine = open.hLine }';
// Two sessions, each with a step `open`; the reply block reads the first session's (program.ts).
const TWO = `session a {\n  ${INIT}\n  ${OPEN}\n  ${CLOSE}\n}\nsession b {\n  ${INIT}\n  ${OPEN}\n  ${CLOSE}\n}\ndecode reply open { 00000000 }\n`;

/** The text of each range, and where it starts. */
function spans(text: string, ls: readonly { range: { start: number; end: number } }[]): [string, number][] {
  return ls.map((l): [string, number] => [text.slice(l.range.start, l.range.end), l.range.start]).sort((x, y) => x[1] - y[1]);
}

const B = (text: string): number => text.indexOf('session b');

describe('a session step is a symbol', () => {
  it('references of a step: its name, STEP of each STEP.FIELD in its session, and the decode reply block', () => {
    const d = open(TWO);
    const aOpen = at(d.text, 'open:', 1);
    const refs = spans(d.text, d.s.getReferences(d.uri, aOpen, true));
    assert.deepEqual(refs, [
      ['open', at(d.text, 'open:')],
      ['open', at(d.text, 'open.hLine')],
      ['open', at(d.text, 'reply open', 6)],
    ]);
    // Session b's `open` is another symbol: no decode block (it reads session a's).
    const bOpen = d.text.indexOf('open:', B(d.text)) + 1;
    assert.deepEqual(spans(d.text, d.s.getReferences(d.uri, bOpen, true)), [
      ['open', d.text.indexOf('open:', B(d.text))],
      ['open', d.text.indexOf('open.hLine', B(d.text))],
    ]);
    // From a use, without the declaration (Shift+F12's second query).
    assert.deepEqual(spans(d.text, d.s.getReferences(d.uri, at(d.text, 'open.hLine', 2), false)).map((x) => x[1]), [at(d.text, 'open.hLine'), at(d.text, 'reply open', 6)]);
  });

  it('go to definition: STEP of STEP.FIELD and decode reply STEP go to the step\'s name', () => {
    const d = open(TWO);
    const def = (off: number): [string, number][] => spans(d.text, d.s.getDefinition(d.uri, off));
    assert.deepEqual(def(at(d.text, 'reply open', 7)), [['open', at(d.text, 'open:')]]);
    assert.deepEqual(def(d.text.indexOf('open.hLine', B(d.text)) + 1), [['open', d.text.indexOf('open:', B(d.text))]]);
    // FIELD still goes to the field of the step's layout (the catalog's Open.hLine).
    const f = d.s.getDefinition(d.uri, at(d.text, 'open.hLine', 6));
    assert.equal(f[0]?.uri, 'tapipkt-catalog:/requests-line.tapipkt');
  });

  it('rename of a step edits its name, every STEP.FIELD of its session and decode reply, nothing in the other session', () => {
    const d = open(TWO);
    const off = at(d.text, 'open.hLine', 1);
    assert.deepEqual(d.s.checkRename(d.uri, off), { start: at(d.text, 'open.hLine'), end: at(d.text, 'open.hLine', 4) });
    const edits = d.s.rename(d.uri, off, 'line');
    assert.ok(Array.isArray(edits), JSON.stringify(edits));
    const after = applyEdits(d.text, edits);
    assert.equal(after, TWO.replace('open: Open', 'line: Open').replace('hLine = open.hLine', 'hLine = line.hLine').replace('reply open', 'reply line'));
    // The renamed file means the same: the same errors (the warning that two sessions have a
    // step `open` goes: now only session b has one).
    const e = open(after);
    const errors = (x: typeof d): string[] => x.s.getDiagnostics(x.uri).filter((y) => y.severity === 'error').map((y) => y.code);
    assert.deepEqual(errors(e), errors(d));
  });

  it('rename from the second session\'s step renames only there', () => {
    const d = open(TWO);
    const edits = d.s.rename(d.uri, d.text.indexOf('init:', B(d.text)), 'start');
    assert.ok(Array.isArray(edits));
    const after = applyEdits(d.text, edits);
    assert.equal(after.slice(0, B(d.text)), d.text.slice(0, B(d.text)));
    assert.match(after.slice(B(d.text)), /start: Initialize[\s\S]*hLineApp = start\.hLineApp/);
    assert.doesNotMatch(after.slice(B(d.text)), /init/);
  });

  it('refuses a new name that is not an identifier or that another step of the session has', () => {
    const d = open(TWO);
    const off = at(d.text, 'open:', 1);
    const bad = d.s.rename(d.uri, off, 'open.x');
    assert.ok('error' in bad && /not a valid name/.test(bad.error), JSON.stringify(bad));
    const dup = d.s.rename(d.uri, off, 'init');
    assert.ok('error' in dup && /session a already has a step 'init'/.test(dup.error), JSON.stringify(dup));
    // The same name as a step of another session is fine (steps are per session).
    const bb = d.s.rename(d.uri, d.text.indexOf('bye:', B(d.text)), 'open2');
    assert.ok(Array.isArray(bb));
  });

  it('refuses a rename that would change which step a decode reply block reads', () => {
    // The block reads the first session with a step of its name: here b, which has a step `other`.
    const first = open(`session b {\n  ${INIT}\n  ${OPEN.replace('open:', 'other:')}\n}\nsession a {\n  ${INIT}\n  ${OPEN}\n}\ndecode reply open { 00000000 }\n`);
    const r = first.s.rename(first.uri, first.text.indexOf('open:') + 1, 'other');
    assert.ok('error' in r && /decode reply open' would then read step 'other' of session b/.test(r.error), JSON.stringify(r));
    // A block reading the layout Close would read this step instead.
    const lay = open(`session a {\n  ${INIT}\n  ${OPEN}\n}\ndecode reply Close { 00000000 }\n`);
    const q = lay.s.rename(lay.uri, lay.text.indexOf('open:') + 1, 'Close');
    assert.ok('error' in q && /decode reply Close' reads the request layout Close/.test(q.error), JSON.stringify(q));
    // A name no block reads, or one whose block reads nothing yet, is fine.
    const d = open(TWO);
    assert.ok(Array.isArray(d.s.rename(d.uri, at(d.text, 'open:', 1), 'fin')));
    const none = open(`session a {\n  ${INIT}\n  ${OPEN}\n}\ndecode reply fin { 00000000 }\n`);
    assert.ok(Array.isArray(none.s.rename(none.uri, none.text.indexOf('open:') + 1, 'fin')));
  });

  it('renaming FIELD of STEP.FIELD renames the field of a layout defined in the file, and is refused for a catalog field', () => {
    const src = `request Mine = 500 {\n  hThing: u32 @out\n  Reserved2..Reserved13: ignored\n}\nsession s {\n  m: Mine { }\n  bye: Close { hLine = m.hThing }\n}\n`;
    const d = open(src);
    assert.deepEqual(d.s.getDiagnostics(d.uri).filter((x) => x.severity === 'error'), []);
    const edits = d.s.rename(d.uri, at(d.text, 'm.hThing', 3), 'hObj');
    assert.ok(Array.isArray(edits), JSON.stringify(edits));
    assert.equal(applyEdits(d.text, edits), src.replace('hThing: u32', 'hObj: u32').replace('m.hThing', 'm.hObj'));
    const cat = open(TWO);
    const r = cat.s.checkRename(cat.uri, at(cat.text, 'open.hLine', 6));
    assert.ok('error' in r && /built-in MS-TRP catalog/.test(r.error), JSON.stringify(r));
    // Ack_ReturnValue is byte 0 of a reply, no field: nothing to rename.
    const ack = open(`session s {\n  ${INIT}\n  ${CLOSE.replace('open.hLine', 'init.Ack_ReturnValue')}\n}\n`);
    const k = ack.s.checkRename(ack.uri, at(ack.text, 'Ack_ReturnValue', 2));
    assert.ok('error' in k, JSON.stringify(k));
  });

  it('references of a catalog field include FIELD of STEP.FIELD', () => {
    const d = open(TWO);
    const all = d.s.getReferences(d.uri, at(d.text, 'open.hLine', 6), true);
    assert.ok(all.some((l) => l.uri === 'tapipkt-catalog:/requests-line.tapipkt'), JSON.stringify(all));
    // Open.hLine: read in both sessions' `open.hLine` (Close's own `hLine =` is another field).
    const here = spans(d.text, all.filter((l) => l.uri === d.uri));
    assert.deepEqual(here, [['hLine', at(d.text, 'open.hLine', 5)], ['hLine', d.text.indexOf('open.hLine', B(d.text)) + 5]]);
  });

  it('hover on a step, on STEP of STEP.FIELD and on decode reply STEP names the step, its type and its place', () => {
    const d = open(TWO);
    const h = (off: number): string => d.s.getHover(d.uri, off)?.markdown.split('\n')[0] ?? '';
    assert.equal(h(at(d.text, 'open:', 1)), '**step open**: Open, step 2 of 3 in session a');
    assert.equal(h(d.text.indexOf('open.hLine', B(d.text)) + 1), '**step open**: Open, step 2 of 3 in session b');
    assert.equal(h(at(d.text, 'reply open', 7)), '**step open**: Open, step 2 of 3 in session a');
    // FIELD keeps saying which reply bytes it reads, and now what the field is.
    const f = d.s.getHover(d.uri, at(d.text, 'open.hLine', 7))?.markdown ?? '';
    assert.match(f, /^\*\*open\.hLine\*\*/);
    assert.match(f, /reply bytes 16\.\.19 \(4 bytes\) of step open \(Open\)/);
    assert.match(f, /Open\.hLine: Filled in by the server with the new line handle/);
  });

  it('semantic tokens mark a step\'s name as a declared variable and its uses as variables', () => {
    const d = open(TWO);
    const toks = d.s.getSemanticTokens(d.uri);
    const tok = (off: number): { type: string; modifiers: string[] } | undefined => toks.find((t) => t.start === off);
    assert.deepEqual(tok(at(d.text, 'open:')), { start: at(d.text, 'open:'), length: 4, type: 'variable', modifiers: ['declaration'] });
    assert.equal(tok(at(d.text, 'open.hLine'))?.type, 'variable');
    assert.equal(tok(at(d.text, 'reply open', 6))?.type, 'variable');
    assert.equal(tok(at(d.text, 'open.hLine', 5))?.type, 'property');
  });
});

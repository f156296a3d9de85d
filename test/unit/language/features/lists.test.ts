// Editor features inside list values: completion in an entry, hover on an entry, inlay hints
// for entries and computed counts, outline entries.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { open } from './helpers.js';

const GEN = `packet g: GenerateTone {
  hCall = 1
  dwToneMode = LINETONEMODE_CUSTOM
  lpTones = [
    { dwFrequency = 440 dwVolume = 1 }
    { dwFrequency = 880 }
  ]
}`;

describe('lists in the editor', () => {
  it("completion inside an entry offers the entry type's fields not yet set", () => {
    const d = open(GEN.replace('{ dwFrequency = 880 }', '{ dwFrequency = 880 ‸ }'));
    const labels = d.s.getCompletions(d.uri, d.offset).map((c) => c.label);
    assert.ok(labels.includes('dwCadenceOn') && labels.includes('dwVolume'), labels.join());
    assert.ok(!labels.includes('dwFrequency') && !labels.includes('hCall'), labels.join());
  });

  it('completion in a new entry of an unclosed list', () => {
    const d = open('packet m: MonitorTones {\n  lpToneList = [ { dwDuration = 1 } { ‸');
    const labels = d.s.getCompletions(d.uri, d.offset).map((c) => c.label);
    assert.ok(labels.includes('dwFrequency1') && labels.includes('dwDuration'), labels.join());
    assert.ok(!labels.includes('hCall'), labels.join());
  });

  it('a list field completes with a list snippet', () => {
    const d = open('packet m: MonitorTones {\n  ‸\n}');
    const c = d.s.getCompletions(d.uri, d.offset).find((x) => x.label === 'lpToneList');
    assert.match(c?.insertText ?? '', /^lpToneList = \[/);
  });

  it('hover on an entry: its index, type, offset and size', () => {
    const d = open(GEN);
    const h = d.s.getHover(d.uri, d.text.indexOf('{ dwFrequency = 880'));
    assert.match(h?.markdown ?? '', /lpTones\[1\]\*\*: entry 1 of 2, a `LINEGENERATETONE`/);
    assert.match(h?.markdown ?? '', /bytes 76\.\.91 of the packet \(16 bytes\)/);
  });

  it('hover on a field inside an entry names its path with the index', () => {
    const d = open(GEN);
    const h = d.s.getHover(d.uri, d.text.indexOf('dwVolume') + 2);
    assert.match(h?.markdown ?? '', /\*\*lpTones\[0\]\.dwVolume\*\*/);
  });

  it("inlay hints: each entry's offset and size; computed count and size at the closing brace", () => {
    const d = open(GEN);
    const hints = d.s.getInlayHints(d.uri, { start: 0, end: d.text.length }, { offsets: false });
    const labels = hints.map((h) => h.label.trim());
    assert.ok(labels.includes('#0 @60, 16 B') && labels.includes('#1 @76, 16 B'), labels.join(' | '));
    assert.ok(labels.some((l) => /dwNumTones = 2/.test(l) && /dwSize = 32/.test(l)), labels.join(' | '));
  });

  it('the outline shows entries under the list field', () => {
    const d = open(GEN);
    const pkt = d.s.getDocumentSymbols(d.uri)[0]!;
    const list = pkt.children.find((c) => c.name === 'lpTones');
    assert.deepEqual(list?.children.map((c) => c.name), ['[0]', '[1]']);
    assert.deepEqual(list?.children[0]?.children.map((c) => c.name), ['dwFrequency', 'dwVolume']);
  });
});

describe('lists: quick fix', () => {
  it('a pinned count that disagrees offers "Use the computed value", which removes the pin', () => {
    const d = open(GEN.replace('dwToneMode = LINETONEMODE_CUSTOM', 'dwToneMode = LINETONEMODE_CUSTOM\n  dwNumTones = raw 9'));
    const acts = d.s.getCodeActions(d.uri, { start: 0, end: d.text.length });
    const fix = acts.find((x) => x.title === 'Use the computed value (2)');
    assert.ok(fix, acts.map((x) => x.title).join());
    const e = fix.edits[0]!;
    assert.equal(d.text.slice(e.range.start, e.range.end).trim(), 'dwNumTones = raw 9');
  });
});

describe('lists: Show Layout', () => {
  it('each entry is a row, with its fields as rows inside it', () => {
    const d = open(GEN);
    const m = d.s.getLayout(d.uri, { packet: 'g' })!;
    const rows = m.rows.map((r) => `${r.path}@${r.offset}+${r.size}`);
    for (const want of ['lpTones[0]@60+16', 'lpTones[1]@76+16', 'lpTones[0].dwFrequency@60+4', 'lpTones[1].dwFrequency@76+4', 'dwNumTones@20+4', 'dwSize@28+4']) {
      assert.ok(rows.includes(want), `${want} in ${rows.join(' ')}`);
    }
  });
});

// Issue 12 item 6: on a new field line the fields an author sets come first; fixed, computed and
// reserved fields only once part of a name is typed (the list says it is incomplete, so the
// editor asks again); a plain number gets hex and decimal placeholders, never an empty list.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { open } from './helpers.js';

function listAt(src: string) {
  const d = open(src);
  assert.ok(d.offset >= 0, 'test needs a cursor');
  return d.s.getCompletionList(d.uri, d.offset);
}

function ordered(src: string): string[] {
  // The editor's order with nothing typed: by sortText, then label.
  return listAt(src)
    .items.slice()
    .sort((x, y) => (x.sortText ?? x.label).localeCompare(y.sortText ?? y.label) || x.label.localeCompare(y.label))
    .map((c) => c.label);
}

const ROUTINE = ['Req_Func', 'Reserved1', 'dwSize', 'Reserved2', 'Reserved3', 'Reserved4', 'Reserved5'];

describe('completion on a new field line', () => {
  it('leaves out fixed, computed and reserved fields until a name is typed', () => {
    const list = listAt('packet p: CreateAgentSession {\n  hAgent = 7\n  ‸\n}');
    const labels = list.items.map((c) => c.label);
    for (const r of ROUTINE) assert.ok(!labels.includes(r), `${r} held back; got ${labels.join(', ')}`);
    assert.equal(list.isIncomplete, true, 'typing a letter must ask again');
  });
  it('puts the field the packet cannot do without first, then the others by offset, then varData and padTo', () => {
    assert.deepEqual(ordered('packet p: CreateAgentSession {\n  hAgent = 7\n  ‸\n}'), [
      'lpGroupID', 'dwRequestID', 'lpContext', 'hLine', 'lpszAgentPIN', 'dwWorkingAddressID', 'lphAgentSessionContext', 'padTo', 'varData',
    ]);
  });
  it('offers them, last, once part of the name is typed', () => {
    const list = listAt('packet p: CreateAgentSession {\n  Re‸\n}');
    const byLabel = new Map(list.items.map((c) => [c.label, c]));
    for (const r of ['Req_Func', 'Reserved1', 'Reserved2']) assert.ok(byLabel.has(r), `${r} offered once typed`);
    assert.ok(byLabel.get('Req_Func')!.sortText! > byLabel.get('lphAgentSessionContext')!.sortText!, 'routine fields sort last');
    assert.ok(listAt('packet p: CreateAgentSession {\n  dw‸\n}').items.some((c) => c.label === 'dwSize'));
  });
  it('is complete when nothing was held back', () => {
    assert.equal(listAt('packet p: CreateAgentSession { lpGroupID = ‸ }').isIncomplete, false);
  });
});

describe('completion of a plain number', () => {
  for (const [what, src] of [
    ['a u32', 'packet p: CreateAgentSession {\n  lpContext = ‸\n}'],
    ['a handle', 'packet p: CreateAgentSession {\n  hAgent = ‸\n}'],
  ] as const) {
    it(`${what} gets hex and decimal placeholders, not an empty list`, () => {
      const items = listAt(src).items;
      assert.deepEqual(items.map((c) => c.label), ['0x00000000', '0']);
      assert.ok(items.every((c) => c.snippet === true && c.kind === 'snippet'));
      assert.equal(items[0]!.insertText, '0x${1:00000000}');
    });
  }
  it('a field with constants gets its constants only', () => {
    const labels = listAt('packet p: MakeCall { lpCallParams = { dwBearerMode = ‸ } }').items.map((c) => c.label);
    assert.ok(labels.includes('LINEBEARERMODE_VOICE'));
    assert.ok(!labels.includes('0x00000000'));
  });
});

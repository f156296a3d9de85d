import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AGENT, at, open } from './helpers.js';

describe('inlay hints', () => {
  it('offset fields: value, item offset and size after the assignment', () => {
    const d = open(AGENT);
    const hints = d.s.getInlayHints(d.uri, { start: 0, end: d.text.length }, { offsets: false });
    const after = (needle: string) => hints.filter((h) => h.offset === at(d.text, needle) + needle.length).map((h) => h.label.trim());
    assert.deepEqual(after('{6B29FC40-CA47-1067-B31D-00DD010662DA}'), ['= 12 → @72, 16 B']);
    assert.deepEqual(after('"4711"'), ['= 0 → @60, 10 B']);
    assert.deepEqual(after('hAgent = 7'), []);
  });

  it('computed values not written appear at the closing brace', () => {
    const d = open(AGENT);
    const hints = d.s.getInlayHints(d.uri, { start: 0, end: d.text.length }, { offsets: false });
    const end = hints.find((h) => h.offset === d.text.lastIndexOf('}') + 1);
    assert.equal(end?.label.trim(), '88 B · dwSize = 16');
  });

  it('a pinned size shows what the encoder computes', () => {
    const d = open(AGENT.replace('lphAgentSessionContext = 0x42', 'lphAgentSessionContext = 0x42\n  dwSize = raw 8'));
    const hints = d.s.getInlayHints(d.uri, { start: 0, end: d.text.length }, { offsets: false });
    assert.ok(hints.some((h) => h.offset === at(d.text, 'raw 8') + 5 && h.label.trim() === '@36, 4 B, computed 16'), JSON.stringify(hints));
  });

  it('with offsets: every assignment gets its byte offset', () => {
    const d = open(AGENT);
    const hints = d.s.getInlayHints(d.uri, { start: 0, end: d.text.length }, { offsets: true });
    assert.ok(hints.some((h) => h.offset === at(d.text, 'lpszAgentPIN') && h.label === '@24'));
    assert.ok(hints.some((h) => h.offset === at(d.text, 'hLine') && h.label === '@16'));
    const none = d.s.getInlayHints(d.uri, { start: 0, end: d.text.length }, { offsets: false });
    assert.ok(!none.some((h) => h.label === '@24'));
  });

  it('only hints inside the range; none for packets with errors', () => {
    const d = open(AGENT + AGENT.replace('supportLogin', 'second'));
    const second = at(d.text, 'packet second');
    const hints = d.s.getInlayHints(d.uri, { start: second, end: d.text.length }, { offsets: true });
    assert.ok(hints.length > 0 && hints.every((h) => h.offset >= second));
    const bad = open('packet p: CreateAgentSession { hAgent = NOPE }');
    assert.deepEqual(bad.s.getInlayHints(bad.uri, { start: 0, end: bad.text.length }, { offsets: true }), []);
  });
});

describe('inlay hints over a packet the last edit broke', () => {
  it('a syntax slip (a line that lost its name) leaves no size or offset hint on that packet', () => {
    const ok = open(AGENT);
    const before = ok.s.getInlayHints(ok.uri, { start: 0, end: ok.text.length }, { offsets: true });
    assert.ok(before.some((h) => h.label.trim().startsWith('88 B')), 'the intact packet has its closing-brace hint');
    const d = open(AGENT.replace('hAgent = 7', '= 7'));
    const hints = d.s.getInlayHints(d.uri, { start: 0, end: d.text.length }, { offsets: true });
    assert.deepEqual(hints.map((h) => h.label), []);
  });
});

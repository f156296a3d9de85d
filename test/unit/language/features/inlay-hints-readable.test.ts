// Issue 12 item 8: inlay hints say each thing once (with field offsets on, a pinned size showed
// `@36` before its name and again after its value) and stay short enough that VS Code does not
// cut them mid-name; the full text is in the tooltip.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { closingLabel, MAX_HINT_LABEL } from '../../../../src/language/features/inlay-hints.js';
import { AGENT, at, open } from './helpers.js';

const MAKE_CALL = readFileSync(join(__dirname, '..', '..', '..', 'baselines', 'encode', 'make-call.tapipkt'), 'utf8');

describe('inlay hints say each thing once', () => {
  const pinned = AGENT.replace('lphAgentSessionContext = 0x42', 'lphAgentSessionContext = 0x42\n  dwSize = raw 8');
  it('with field offsets on, a pinned size shows its offset once', () => {
    const d = open(pinned);
    const hints = d.s.getInlayHints(d.uri, { start: 0, end: d.text.length }, { offsets: true });
    const line = hints.filter((h) => h.offset >= at(d.text, 'dwSize') && h.offset <= at(d.text, 'raw 8') + 5);
    assert.deepEqual(line.map((h) => h.label.trim()), ['@36', 'computed 16']);
  });
  it('with field offsets off, the offset stays after the value', () => {
    const d = open(pinned);
    const hints = d.s.getInlayHints(d.uri, { start: 0, end: d.text.length }, { offsets: false });
    assert.ok(hints.some((h) => h.label.trim() === '@36, 4 B, computed 16'));
  });
  it('an inline structure and its first field, on one line, show their shared offset once', () => {
    const d = open(MAKE_CALL);
    const hints = d.s.getInlayHints(d.uri, { start: 0, end: d.text.length }, { offsets: true });
    const line = d.text.indexOf('DialParams = {');
    const lineEnd = d.text.indexOf('\n', line);
    const onLine = hints.filter((h) => h.offset >= line - 4 && h.offset <= lineEnd).map((h) => h.label.trim());
    assert.deepEqual(onLine, ['@116', '@120'], onLine.join(' | '));
  });
  it('no two hints at one place', () => {
    const d = open(MAKE_CALL);
    const hints = d.s.getInlayHints(d.uri, { start: 0, end: d.text.length }, { offsets: true });
    const keys = hints.map((h) => `${h.offset}:${h.label}`);
    assert.equal(new Set(keys).size, keys.length, keys.join('\n'));
  });
});

describe('long hints are shortened readably', () => {
  it('a packet with a nested structure: size, the first computed values by name, how many more', () => {
    const d = open(MAKE_CALL);
    const hints = d.s.getInlayHints(d.uri, { start: 0, end: d.text.length }, { offsets: false });
    const close = hints.find((h) => h.label.includes('284 B'))!;
    assert.equal(close.label, ' 284 B · dwTotalSize = 200, +3 more');
    assert.ok(close.tooltip?.includes('lpCallParams.dwTotalSize = 200') && close.tooltip.includes('lpCallParams.dwDeviceClassSize = 10'), close.tooltip);
    for (const h of hints) assert.ok(h.label.length <= MAX_HINT_LABEL, `'${h.label}' is longer than ${MAX_HINT_LABEL}`);
  });
  it('keeps short lists whole', () => {
    assert.equal(closingLabel(88, [{ path: 'dwSize', value: 16 }]), ' 88 B · dwSize = 16');
    assert.equal(closingLabel(60, []), ' 60 B');
  });
  it('says how many when not even one fits', () => {
    const long = 'x'.repeat(60);
    assert.equal(closingLabel(100, [{ path: long, value: 1 }, { path: long, value: 2 }]), ' 100 B · 2 computed');
  });
});

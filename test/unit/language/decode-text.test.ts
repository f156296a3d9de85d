// Decoded text (print.ts): fields in wire order, one rule for reserved fields, and `offsets`
// comments that the text still parses with, back to the same bytes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeRequest, parseHex, toHex } from '../../../src/codec/index.js';
import { index, serviceWith, u32 } from '../helpers.js';

const { s: svc } = serviceWith('');
const bytes = (hex: string): Uint8Array => (parseHex(hex) as { bytes: Uint8Array }).bytes;
const WORKED = '93000000000000000000000034120000020001000700000000000000000000000c00000010000000420000000000000000000000000000000000000034003700310031000000000040fc296b47ca6710b31d00dd010662da';

/** The text parses without errors and encodes to `b`. */
function encodesBack(text: string, b: Uint8Array): void {
  svc.update('file:///w/back.tapipkt', text);
  const errs = svc.getDiagnostics('file:///w/back.tapipkt').filter((d) => d.severity === 'error');
  assert.deepEqual(errs.map((d) => d.message), [], text);
  assert.equal(toHex(svc.getPackets('file:///w/back.tapipkt')[0]!.bytes!), toHex(b), text);
}

const fieldNames = (text: string): string[] => [...text.matchAll(/^ {2}(\w+) =/gm)].map((m) => m[1]!);

describe('decoded text', () => {
  it('a pinned field is printed where it sits in the packet, not at the end', () => {
    const b = bytes(u32(0xff, 1, 2, 3, 0x0c, 4, 5, 6, 0, 0)); // LINE_REPLY's size at 40 bytes, TotalSize wrong
    const r = svc.decodeToText(b, { as: 'LINE_REPLY' });
    assert.deepEqual(fieldNames(r.text), ['TotalSize', 'InitContext', 'fnPostProcessProcHandle', 'hDevice', 'OpenContext', 'dwRemoteRequestID', 'dwParam2']);
    assert.match(r.text, /TotalSize = raw 0x000000FF/);
    encodesBack(r.text, b);
  });

  it('every field in the layout\'s order, whatever the order of the request\'s keys', () => {
    const b = bytes(WORKED);
    const text = svc.decodeToText(b).text;
    const L = index.layout('CreateAgentSession')!;
    const order = L.fields.map((f) => f.name);
    const names = fieldNames(text);
    assert.deepEqual([...names].sort((x, y) => order.indexOf(x) - order.indexOf(y)), names);
  });

  it('reserved fields (declared zero or ignored) appear only when not zero', () => {
    const quiet = svc.decodeToText(bytes(WORKED)).text;
    assert.doesNotMatch(quiet, /Reserved/);
    const loud = encodeRequest(index, { packet: 'CreateAgentSession', fields: { Reserved1: { raw: 1 }, Reserved3: 9, lpszAgentPIN: null, lpGroupID: '{6B29FC40-CA47-1067-B31D-00DD010662DA}' } }).bytes!;
    const text = svc.decodeToText(loud).text;
    assert.deepEqual(fieldNames(text).filter((n) => n.startsWith('Reserved')), ['Reserved1', 'Reserved3']);
    assert.ok(fieldNames(text).indexOf('Reserved1') < fieldNames(text).indexOf('dwRequestID'), 'Reserved1 (byte 4) comes before dwRequestID (byte 8)');
    encodesBack(text, loud);
    // An ignored field of a response follows the same rule (MakeCallReply.hDevice).
    const reply = bytes(u32(52, 0, 0, 7, 0x0c, 0, 5, 0, 0x20001, 0, 0, 0, 0));
    assert.match(svc.decodeToText(reply).text, /\n {2}hDevice = 7\n/);
    assert.doesNotMatch(svc.decodeToText(bytes(u32(52, 0, 0, 0, 0x0c, 0, 5, 0, 0x20001, 0, 0, 0, 0))).text, /hDevice/);
  });

  it('offsets: each field ends with its offset and size; items add where they landed; the text still encodes back', () => {
    const b = bytes(WORKED);
    const text = svc.decodeToText(b, { offsets: true }).text;
    assert.match(text, /\n {2}hAgent = 7 {2}\/\/ @20, 4 B\n/);
    assert.match(text, /\n {2}lpszAgentPIN = "4711" {2}\/\/ @24, 4 B; item @60, 10 B\n/);
    assert.match(text, /\n {2}lpGroupID = \{6B29FC40-CA47-1067-B31D-00DD010662DA\} {2}\/\/ @32, 4 B; item @72, 16 B\n/);
    encodesBack(text, b);
  });

  it('offsets inside nested structures, on the line that opens a block, and on verbatim VarData', () => {
    const mc = encodeRequest(index, { packet: 'MakeCall', fields: { hLine: 1, lpszDestAddress: '123', lpCallParams: { dwBearerMode: 1, dwDisplayableAddressOffset: 'Bob', DialParams: { dwDialPause: 5 } } } }).bytes!;
    const text = svc.decodeToText(mc, { offsets: true }).text;
    assert.match(text, /\n {2}lpCallParams = \{ {2}\/\/ @32, 4 B; item @68, 188 B\n/);
    assert.match(text, /\n {4}DialParams = \{ {2}\/\/ @100, 16 B\n {6}dwDialPause = 5 {2}\/\/ @100, 4 B\n/);
    assert.match(text, /\n {4}dwDisplayableAddressOffset = "Bob" {2}\/\/ @128, 4 B; item @248, 8 B\n/);
    encodesBack(text, mc);
    const odd = bytes(u32(40, 0, 0, 0, 0x0c, 0, 0, 0, 0, 0) + '0102030405060708090a0b0c0d0e0f101112131415');
    const t2 = svc.decodeToText(odd, { as: 'LINE_REPLY', offsets: true }).text;
    assert.match(t2, /\n {2}varData = hex \{\n.*\n.*\n {2}\} {2}\/\/ @40, 21 B\n/);
    encodesBack(t2, odd);
  });
});

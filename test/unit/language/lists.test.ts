// Lists in the language: `offset<STRUCT[]> count N size M` in definitions, `[ {...} {...} ]` in
// packet values; decoded text shows entries and parses back to the same bytes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHex, toHex } from '../../../src/codec/index.js';
import { serviceWith, u32, zeros } from '../helpers.js';

const URI = 'file:///w/lists.tapipkt';

function packetsOf(text: string): { errors: string[]; hex: string[] } {
  const { s } = serviceWith(text, URI);
  const errors = s.getDiagnostics(URI).filter((d) => d.severity === 'error').map((d) => d.message);
  return { errors, hex: s.getPackets(URI).map((p) => (p.bytes ? toHex(p.bytes) : '')) };
}

describe('lists in .tapipkt', () => {
  it("a catalog list field takes [ {...} ... ] and computes its byte length (DESIGN's MonitorTones example)", () => {
    const r = packetsOf(`packet t: MonitorTones {
  hCall = 5
  lpToneList = [ { dwAppSpecific = 1 dwDuration = 100 dwFrequency1 = 440 } ]
}`);
    assert.deepEqual(r.errors, []);
    assert.equal(r.hex[0], u32(51, 0, 5, 0, 20, 0) + zeros(36) + u32(1, 100, 440, 0, 0));
  });

  it('a user definition with count and size fields: the count is entries, the size is bytes', () => {
    const r = packetsOf(`struct PAIR {
  a: u32
  b: u32
}
request Pairs = 900 {
  lpPairs: offset<PAIR[]>? count dwCount size dwBytes
  dwCount: u32
  dwBytes: u32
}
packet p: Pairs {
  lpPairs = [ { a = 1 b = 2 }, { a = 3 b = 4 }, { } ]
}`);
    assert.deepEqual(r.errors, []);
    assert.equal(r.hex[0], u32(900, 0, 0, 3, 24) + u32(1, 2, 3, 4, 0, 0));
  });

  it('[] is an empty list, null is absent, raw pins the count', () => {
    const r = packetsOf(`packet e: GenerateTone { hCall = 1 dwToneMode = LINETONEMODE_CUSTOM lpTones = [] }
packet n: GenerateTone { hCall = 1 lpTones = null }
packet k: GenerateTone { hCall = 1 dwToneMode = LINETONEMODE_CUSTOM dwNumTones = raw 9 lpTones = [ { dwFrequency = 440 } ] }`);
    assert.deepEqual(r.errors, []);
    assert.equal(r.hex[0], u32(20, 0, 1, 1, 0, 0, 0, 0, 0) + zeros(24));
    assert.equal(r.hex[1], u32(20, 0, 1, 0, 0, 0, 0xffffffff, 0, 0) + zeros(24));
    assert.equal(r.hex[2], u32(20, 0, 1, 1, 0, 9, 0, 16, 0) + zeros(24) + u32(440, 0, 0, 0));
  });

  it('an entry that is not a structure value is an error on that entry', () => {
    const r = packetsOf('packet x: MonitorTones { hCall = 5 lpToneList = [ { dwDuration = 1 } 7 ] }');
    assert.equal(r.errors.length, 1);
    assert.match(r.errors[0]!, /entry 1 of lpToneList/);
  });

  it('a list of a type with variable data, or a list without a length field, is a definition error', () => {
    const r = packetsOf(`struct V {
  dwTotalSize: total
  s: offset<wstr> size n
  n: u32
}
request A = 901 {
  l: offset<V[]> size sz
  sz: u32
}
struct F { x: u32 }
request B = 902 {
  l: offset<F[]>
}`);
    assert.equal(r.errors.length, 2, r.errors.join('\n'));
  });

  it('decoded text shows the entries and encodes back to the same bytes', () => {
    const { s } = serviceWith('', URI);
    const hex = u32(79, 0, 1, 0, 0, 4, 0, 12, 12, 0, 12, 0, 12, 8) + zeros(4) + u32(0x31, 2, 1) + u32(4, 8);
    const b = (parseHex(hex) as { bytes: Uint8Array }).bytes;
    const text = s.decodeToText(b, {}).text;
    assert.match(text, /lpDigitList = \[\n {4}\{/);
    assert.match(text, /lpMediaList = \[\]/);
    s.update('file:///w/back.tapipkt', text);
    assert.deepEqual(s.getDiagnostics('file:///w/back.tapipkt').filter((d) => d.severity === 'error').map((d) => d.message), []);
    assert.equal(toHex(s.getPackets('file:///w/back.tapipkt')[0]!.bytes!), hex);
  });
});

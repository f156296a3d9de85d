// Byte primitives: table-driven {value, bytes} and {value, error} pairs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ByteWriter, formatGuid, parseGuid, parseHex, readU32le, scanHex, toHex, writeHex } from '../../../src/codec/index.js';

describe('hex', () => {
  const ok: [string, string][] = [
    ['', ''],
    ['0a FF', '0aff'],
    ['0x93,0x00:01-02', '93000102'],
    ['93 00\n01\t02', '93000102'],
  ];
  for (const [text, hex] of ok) it(`parses ${JSON.stringify(text)}`, () => assert.equal(toHex((parseHex(text) as { bytes: Uint8Array }).bytes), hex));
  const bad: [string, RegExp][] = [
    ['abc', /odd number/],
    ['zz', /bad hex digit 'z'/],
    ['1z', /bad hex digit 'z'/],
    // A pair never spans a separator: not 0x12 and 0x34.
    ['12 3 4', /odd number of hex digits \(a lone '3' at character 4\)/],
    ['12 // comment', /bad hex digit '\/'/],
  ];
  for (const [text, re] of bad) it(`rejects ${JSON.stringify(text)}`, () => assert.match((parseHex(text) as { error: string }).error, re));
});

describe('scanHex: the one hex reader (CLI, JSON hex values, decode blocks)', () => {
  it('gives where each byte starts, skipping separators, 0x prefixes and (in blocks) comments', () => {
    const text = '0x93 00 // the Req_Func\n  0A:ff';
    const r = scanHex(text, { comments: true, positions: true });
    assert.ok('bytes' in r);
    assert.equal(toHex(r.bytes), '9300' + '0aff');
    assert.deepEqual(r.starts, [2, 5, text.indexOf('0A'), text.indexOf('ff')]);
  });
  it('says where it stops and why: a lone digit, or a character that is no digit', () => {
    assert.deepEqual(scanHex('93 0 11', { positions: true }), { at: 3, char: '0', odd: true, starts: [0] });
    assert.deepEqual(scanHex('93 g1'), { at: 3, char: 'g', odd: false, starts: [] });
  });
  it('writeHex writes what toHex returns, as ASCII bytes', () => {
    const b = Uint8Array.from([0, 1, 0x7f, 0x80, 0xff]);
    const out = new Uint8Array(12).fill(0x2e);
    assert.equal(writeHex(out, 1, b, 1, 5), 9);
    assert.equal(Buffer.from(out).toString('latin1'), '.017f80ff...');
  });
});

describe('GUID (MS-DTYP 2.3.4.2)', () => {
  const cases: [string, string][] = [
    ['{6B29FC40-CA47-1067-B31D-00DD010662DA}', '40fc296b47ca6710b31d00dd010662da'],
    ['00000000-0000-0000-0000-000000000001', '00000000000000000000000000000001'],
  ];
  for (const [text, hex] of cases) {
    it(text, () => {
      const b = parseGuid(text)!;
      assert.equal(toHex(b), hex);
      assert.equal(formatGuid(b).toLowerCase(), `{${text.replace(/[{}]/g, '')}}`.toLowerCase());
    });
  }
  for (const bad of ['{6B29FC40-CA47-1067-B31D-00DD010662D}', 'not a guid', '{6B29FC40CA4710671B31D00DD010662DA}']) {
    it(`rejects ${bad}`, () => assert.equal(parseGuid(bad), undefined));
  }
});

describe('ByteWriter', () => {
  it('writes little-endian, aligns, patches, grows', () => {
    const w = new ByteWriter(2);
    w.u8(1);
    w.align(4);
    w.u32le(0x01020304);
    w.u16le(0xbeef);
    w.utf16z('A');
    w.asciiz('B');
    w.patchU32le(4, 0xffffffff);
    assert.equal(toHex(w.finish()), '01000000ffffffffefbe41000000' + '4200');
    assert.equal(readU32le(w.finish(), 4), 0xffffffff);
  });
});

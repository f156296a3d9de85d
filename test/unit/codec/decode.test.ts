// The decoder on hostile bytes: located issues (code, field path, byte offset), no throws,
// and lossless decode -> encode.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodePacket, encodeRequest, parseHex, toHex } from '../../../src/codec/index.js';
import { GROUP_GUID_HEX, index, u32, utf16z, zeros } from '../helpers.js';

const bytes = (hex: string): Uint8Array => (parseHex(hex) as { bytes: Uint8Array }).bytes;
const cas = (pin: number, guid: number, size: number) => u32(147, 0, 0, 0, 0, 0, pin, 0, guid, size, 0, 0, 0, 0, 0);

const cases: { name: string; hex: string; codes: string[]; path?: string; offset?: number }[] = [
  { name: 'canonical packet: no issues', hex: cas(0, 12, 16) + utf16z('4711') + zeros(2) + GROUP_GUID_HEX, codes: [] },
  { name: 'GUID offset past the end', hex: cas(0xffffffff, 0x100, 16) + GROUP_GUID_HEX, codes: ['TP3005', 'TP2105'], path: 'lpGroupID', offset: 32 },
  { name: 'size 0xFFFFFFFF', hex: cas(0xffffffff, 0, 0xffffffff) + GROUP_GUID_HEX, codes: ['TP3007'], path: 'lpGroupID' },
  { name: 'misaligned GUID', hex: cas(0xffffffff, 1, 16) + zeros(1) + GROUP_GUID_HEX + zeros(3), codes: ['TP3004', 'TP2105'], path: 'lpGroupID' },
  { name: 'unterminated PIN', hex: cas(0, 4, 16) + '4100' + '4100' + GROUP_GUID_HEX, codes: ['TP3006', 'TP2105'], path: 'lpszAgentPIN', offset: 60 },
  { name: 'overlapping items (PIN inside the GUID)', hex: cas(0, 0, 16) + '41000000' + GROUP_GUID_HEX.slice(8), codes: ['TP2105'] },
  { name: 'size below the minimum', hex: cas(0xffffffff, 0, 8) + GROUP_GUID_HEX, codes: ['TP3008'], path: 'dwSize' },
];

describe('decode', () => {
  for (const c of cases) {
    it(c.name, () => {
      const b = bytes(c.hex);
      const d = decodePacket(index, b);
      assert.deepEqual([...new Set(d.issues.map((i) => i.code))].sort(), [...c.codes].sort());
      if (c.path) {
        const i = d.issues.find((x) => x.path === c.path);
        assert.ok(i, `an issue names ${c.path}`);
        if (c.offset !== undefined) assert.equal(i.offset, c.offset);
      }
      const again = encodeRequest(index, d.request);
      assert.equal(toHex(again.bytes!), toHex(b), 'decode then encode gives the same bytes');
    });
  }
  it('a short packet is an error with the offset, never a throw', () => {
    const d = decodePacket(index, bytes(u32(147, 0, 0)));
    assert.equal(d.request.packet, undefined);
    assert.ok(d.issues.some((i) => i.severity === 'error'));
  });
  it('a nested structure whose dwTotalSize points past the end still decodes losslessly', () => {
    const mc = u32(48, 0, 0, 0, 1, 0, 0xffffffff, 0, 0, 0xffffffff, 0, 0, 0, 0, 0) + u32(0xfffffff0) + zeros(176);
    const b = bytes(mc);
    const d = decodePacket(index, b);
    assert.equal(d.layout?.name, 'MakeCall');
    assert.equal(toHex(encodeRequest(index, d.request).bytes!), toHex(b));
  });
  it('an unknown Req_Func falls back to the bare template and says so', () => {
    const d = decodePacket(index, bytes(u32(121) + zeros(56)));
    assert.equal(d.layout?.name, 'TAPI32_MSG');
    assert.match(d.chosenBy!, /121 is not in MS-TRP/);
  });
  it('--as forces a layout (by name or section)', () => {
    const d = decodePacket(index, bytes(u32(40, 0, 0, 0, 12, 0, 0, 0, 0, 0)), { as: '2.2.4.2.1.25' });
    assert.equal(d.layout?.name, 'LINE_REPLY');
  });
});

describe('encode errors', () => {
  it('an 8-bit string item with a character above U+00FF is an error naming the field', () => {
    const r = encodeRequest(index, { packet: 'MakeCall', fields: { lpszDestAddress: '1', lpCallParams: { dwDeviceClassOffset: 'tapi/\u0101' } } });
    assert.equal(r.bytes, undefined);
    assert.ok(r.issues.some((i) => i.severity === 'error' && i.path === 'lpCallParams.dwDeviceClassOffset'), JSON.stringify(r.issues));
  });
});

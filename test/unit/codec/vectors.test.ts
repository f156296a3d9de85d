// Byte-exact vectors derived by hand from MS-TRP's layouts (expected bytes are built with
// independent u32/UTF-16 helpers, not with the encoder), checked through the JSON request
// path and back through decode.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodePacket, encodeRequest, parseHex, toHex } from '../../../src/codec/index.js';
import { GROUP_GUID_HEX, index, pad4, u32, utf16z, zeros } from '../helpers.js';

const GUID = '{6B29FC40-CA47-1067-B31D-00DD010662DA}';

/** CreateAgentSession (MS-TRP 2.2.4.1.3.11) fixed part with the given PIN offset and GUID offset. */
function cas(pinOff: number, guidOff: number): string {
  return u32(147, 0, 0, 0x1234, 0x00010002, 7, pinOff, 0, guidOff, 16, 0x42, 0, 0, 0, 0);
}

const casFields = (pin: string | null) => ({
  dwRequestID: 0, lpContext: '0x1234', hLine: 65538, hAgent: 7, lpszAgentPIN: pin, dwWorkingAddressID: 0, lpGroupID: GUID, lphAgentSessionContext: '0x42',
});

const vectors: { name: string; request: unknown; hex: string }[] = [
  {
    // DESIGN.md's worked example: "4711\0" is 10 bytes, padded to 12, GUID at 12; 88 bytes.
    name: 'worked example (PIN "4711")',
    request: { packet: 'CreateAgentSession', fields: casFields('4711') },
    hex: cas(0, 12) + utf16z('4711') + zeros(2) + GROUP_GUID_HEX,
  },
  {
    name: 'absent PIN: TAPI_NO_DATA, GUID at VarData offset 0',
    request: { packet: 'CreateAgentSession', fields: casFields(null) },
    hex: cas(0xffffffff, 0) + GROUP_GUID_HEX,
  },
  {
    name: 'PIN of 5 characters: 12 bytes, no padding',
    request: { packet: 'CreateAgentSession', fields: casFields('12345') },
    hex: cas(0, 12) + utf16z('12345') + GROUP_GUID_HEX,
  },
  {
    name: 'PIN of 7 characters: 16 bytes, no padding',
    request: { packet: 'CreateAgentSession', fields: casFields('1234567') },
    hex: cas(0, 16) + utf16z('1234567') + GROUP_GUID_HEX,
  },
  {
    name: 'PIN of 4 characters picked by Req_Func instead of name',
    request: { request: 147, fields: casFields('abcd') },
    hex: cas(0, 12) + utf16z('abcd') + zeros(2) + GROUP_GUID_HEX,
  },
  {
    // Accept (2.2.4.1.3.1): a 3-byte blob has size 3 and is padded to 4.
    name: 'Accept with a 3-byte user-user blob',
    request: { packet: 'Accept', fields: { dwRequestID: 1, hCall: 2, lpsUserUserInfo: { hex: '010203' } } },
    hex: u32(4, 0, 1, 2, 0, 3) + zeros(36) + '01020300',
  },
  {
    // MakeCall (2.2.4.1.3.43) with LINECALLPARAMS (2.2.6.20, 180-byte fixed part): the
    // destination "555" (8 bytes) at 0, LINECALLPARAMS at 8; inside it the displayable
    // address "Bob" (8 bytes) at 180, so dwTotalSize = 188.
    name: 'MakeCall with LINECALLPARAMS',
    request: {
      packet: 'MakeCall',
      fields: {
        hLine: 1, lpszDestAddress: '555',
        lpCallParams: {
          dwBearerMode: 'LINEBEARERMODE_VOICE', dwMediaMode: ['LINEMEDIAMODE_INTERACTIVEVOICE', 'LINEMEDIAMODE_DATAMODEM'],
          DialParams: { dwDialPause: 100 }, dwDisplayableAddressOffset: 'Bob',
        },
      },
    },
    hex:
      u32(48, 0, 0, 0, 1, 0, 0, 0, 8, 0xffffffff, 0, 0, 0, 0, 0) +
      utf16z('555') +
      u32(188, 1, 0, 0, 4 | 0x10, 0, 0, 0) + u32(100, 0, 0, 0) + u32(0, 0, 8, 180) + zeros(176 - 64) + u32(0) +
      utf16z('Bob'),
  },
  {
    // LINE_REPLY (2.2.4.2.1.25): 40 bytes, TotalSize computed, Msg 0x0C.
    name: 'LINE_REPLY response',
    request: { packet: 'LINE_REPLY', fields: { InitContext: 5, dwRemoteRequestID: 9, dwParam2: 'LINEERR_INVALPARAM' } },
    hex: u32(40, 5, 0, 0, 0x0c, 0, 9, 0x80000032, 0, 0),
  },
  {
    // The bare TAPI32_MSG template (2.2.5.2) carries a Req_Func absent from MS-TRP.
    name: 'bare TAPI32_MSG with Req_Func 121',
    request: { request: 121, fields: { Param1: 5 } },
    hex: u32(121, 0, 5) + zeros(48),
  },
  {
    name: 'pins: dwSize 8 and a non-zero Reserved1, padTo 96',
    request: { packet: 'CreateAgentSession', fields: { ...casFields('4711'), dwSize: { raw: 8 }, Reserved1: { raw: 1 } }, padTo: 96 },
    hex: u32(147, 1, 0, 0x1234, 0x00010002, 7, 0, 0, 12, 8, 0x42, 0, 0, 0, 0) + utf16z('4711') + zeros(2) + GROUP_GUID_HEX + zeros(8),
  },
];

describe('byte-exact vectors', () => {
  for (const v of vectors) {
    it(v.name, () => {
      const r = encodeRequest(index, v.request);
      assert.deepEqual(r.issues.filter((i) => i.severity === 'error'), []);
      assert.equal(toHex(r.bytes!), pad4(v.hex));
    });
    it(`${v.name}: decode then encode gives the same bytes`, () => {
      const bytes = (parseHex(pad4(v.hex)) as { bytes: Uint8Array }).bytes;
      const d = decodePacket(index, bytes);
      const again = encodeRequest(index, d.request);
      assert.equal(toHex(again.bytes!), pad4(v.hex));
    });
  }

  it('the worked example is 88 bytes with lpGroupID = 12 and dwSize = 16', () => {
    const r = encodeRequest(index, vectors[0]!.request);
    assert.equal(r.bytes!.length, 88);
    assert.equal(toHex(r.bytes!.subarray(32, 40)), u32(12, 16));
  });

  it('rule-breaking pins warn but still encode', () => {
    const r = encodeRequest(index, vectors[vectors.length - 1]!.request);
    assert.ok(r.bytes);
    assert.ok(r.issues.some((i) => i.code === 'TP3001'), 'pinned size disagrees');
  });
});

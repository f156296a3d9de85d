// Lists (DESIGN "Lists"): byte-exact vectors built from MS-TRP's text with the independent u32
// helper (not the encoder), encoded from list values and decoded back to lists.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Code, decodePacket, encodeRequest, parseHex, toHex } from '../../../src/codec/index.js';
import { index, u32, utf16z, zeros } from '../helpers.js';

/** LINEMONITORTONE (2.2.6.37): five u32s, 20 bytes. */
const monitorTone = (app: number, dur: number, f1: number, f2 = 0, f3 = 0): string => u32(app, dur, f1, f2, f3);
/** LINEGENERATETONE (2.2.6.27): four u32s, 16 bytes. */
const genTone = (freq: number, on = 0, off = 0, vol = 0): string => u32(freq, on, off, vol);

/** MonitorTones (2.2.4.1.3.46, Req_Func 51): hCall, lpToneList, dwNumEntries (bytes), dwToneListID, 9 reserved. */
const monitorTones = (hCall: number, off: number, numEntries: number, id = 0): string => u32(51, 0, hCall, off, numEntries, id) + zeros(36);
/** GenerateTone (2.2.4.1.3.19, Req_Func 20): hCall, dwToneMode, dwDuration, dwNumTones, lpTones, dwSize, dwEndToEndID, 6 reserved. */
const generateTone = (hCall: number, mode: number, numTones: number, off: number, size: number): string => u32(20, 0, hCall, mode, 0, numTones, off, size, 0) + zeros(24);
/** SetMediaControl (2.2.4.1.3.72, Req_Func 79): four lists, each offset + byte length (entries x entry size). */
const setMediaControl = (lists: [number, number][]): string => u32(79, 0, 1, 0, 0, 4, ...lists.flat()) + zeros(4);

const vectors: { name: string; request: unknown; hex: string }[] = [
  {
    name: "DESIGN's example: one LINEMONITORTONE gives dwNumEntries = 20",
    request: { packet: 'MonitorTones', fields: { hCall: 5, lpToneList: [{ dwAppSpecific: 1, dwDuration: 100, dwFrequency1: 440 }] } },
    hex: monitorTones(5, 0, 20) + monitorTone(1, 100, 440),
  },
  {
    name: 'MonitorTones with three tones: 60 bytes of entries',
    request: { packet: 'MonitorTones', fields: { hCall: 5, dwToneListID: 9, lpToneList: [{ dwFrequency1: 350, dwFrequency2: 440 }, { dwFrequency1: 480, dwFrequency2: 620 }, { dwAppSpecific: 3, dwDuration: 50, dwFrequency1: 1, dwFrequency2: 2, dwFrequency3: 3 }] } },
    hex: monitorTones(5, 0, 60, 9) + monitorTone(0, 0, 350, 440) + monitorTone(0, 0, 480, 620) + monitorTone(3, 50, 1, 2, 3),
  },
  {
    name: 'MonitorTones with null: TAPI_NO_DATA, no entries (VarData keeps its 20-byte minimum)',
    request: { packet: 'MonitorTones', fields: { hCall: 5, lpToneList: null } },
    hex: monitorTones(5, 0xffffffff, 0) + zeros(20),
  },
  {
    name: 'GenerateTone CUSTOM with two tones: dwNumTones = 2 (a count), dwSize = 32 (bytes)',
    request: { packet: 'GenerateTone', fields: { hCall: 7, dwToneMode: 'LINETONEMODE_CUSTOM', lpTones: [{ dwFrequency: 440, dwCadenceOn: 500, dwCadenceOff: 500, dwVolume: 0xffff }, { dwFrequency: 880 }] } },
    hex: generateTone(7, 1, 2, 0, 32) + genTone(440, 500, 500, 0xffff) + genTone(880),
  },
  {
    name: 'GenerateTone with an empty list: offset 0, count 0, size 0',
    request: { packet: 'GenerateTone', fields: { hCall: 7, dwToneMode: 'LINETONEMODE_CUSTOM', lpTones: [] } },
    hex: generateTone(7, 1, 0, 0, 0),
  },
  {
    name: 'GenerateTone with a pinned count (3) that disagrees with the two entries',
    request: { packet: 'GenerateTone', fields: { hCall: 7, dwToneMode: 'LINETONEMODE_CUSTOM', dwNumTones: { raw: 3 }, lpTones: [{ dwFrequency: 1 }, { dwFrequency: 2 }] } },
    hex: generateTone(7, 1, 3, 0, 32) + genTone(1) + genTone(2),
  },
  {
    name: 'SetMediaControl with four lists: digit 12, media 12, tone 24, call-state 8 bytes per entry',
    request: {
      packet: 'SetMediaControl',
      fields: {
        hLine: 1, dwSelect: 4,
        lpDigitList: [{ dwDigit: 0x31, dwDigitModes: 2, dwMediaControl: 1 }, { dwDigit: 0x32, dwDigitModes: 2, dwMediaControl: 2 }],
        lpMediaList: [],
        lpToneList: [{ dwAppSpecific: 1, dwDuration: 2, dwFrequency1: 3, dwMediaControl: 4 }],
        lpCallStateList: [{ dwCallStates: 4, dwMediaControl: 8 }],
      },
    },
    hex: setMediaControl([[0, 24], [24, 0], [24, 24], [48, 8]]) + u32(0x31, 2, 1, 0x32, 2, 2) + u32(1, 2, 3, 0, 0, 4) + u32(4, 8),
  },
  {
    // Forward (2.2.4.1.3.16) with a LINEFORWARDLIST (2.2.6.31) at VarData 0: header 8 bytes, two
    // inline LINEFORWARD entries (2.2.6.30, 32 bytes each), then the addresses, whose offsets count
    // from the start of the list: "5551234" (16 bytes) at 72, "77" (6) at 88, "88" (6) at 96; total 104.
    name: 'Forward with an inline ForwardList of two LINEFORWARD entries',
    request: {
      packet: 'Forward',
      fields: {
        hLine: 1,
        lpForwardList: { ForwardList: [
          { dwForwardMode: 'LINEFORWARDMODE_UNCOND', dwDestAddressOffset: '5551234' },
          { dwForwardMode: 'LINEFORWARDMODE_BUSY', dwCallerAddressOffset: '77', dwDestAddressOffset: '88' },
        ] },
      },
    },
    hex: u32(17, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0xffffffff, 0, 0, 0, 0)
      + u32(104, 2)
      + u32(1, 0, 0, 0, 16, 72, 0, 0)
      + u32(0x10, 6, 88, 0, 6, 96, 0, 0)
      + utf16z('5551234') + utf16z('77') + zeros(2) + utf16z('88') + zeros(2),
  },
  {
    // LINEPROXYREQUEST (2.2.6.28) AGENTSPECIFIC arm: ParamsAGENTSPECIFIC is dwSizeAGENTSPECIFIC bytes
    // laid inline at 40; the union is 76 bytes (28..104), so the client name "PC" lands at 104.
    name: 'LINEPROXYREQUEST AGENTSPECIFIC with a 6-byte inline block',
    request: { packet: 'LINEPROXYREQUEST', fields: { dwRequestType: 'LINEPROXYREQUEST_AGENTSPECIFIC', dwAddressIDAGENTSPECIFIC: 3, dwAgentExtensionIDIndexAGENTSPECIFIC: 1, ParamsAGENTSPECIFIC: { hex: 'aabbccddeeff' }, dwClientMachineNameOffset: 'PC' } },
    hex: u32(112, 6, 104, 0, 0, 0, 6) + u32(3, 1, 6) + 'aabbccddeeff' + zeros(76 - 12 - 6) + utf16z('PC') + zeros(2),
  },
  {
    name: 'LINEPROXYREQUEST AGENTSPECIFIC with an 80-byte block: the arm runs past the union, the name follows it',
    request: { packet: 'LINEPROXYREQUEST', fields: { dwRequestType: 'LINEPROXYREQUEST_AGENTSPECIFIC', dwAddressIDAGENTSPECIFIC: 3, dwAgentExtensionIDIndexAGENTSPECIFIC: 1, ParamsAGENTSPECIFIC: { hex: '5a'.repeat(80) }, dwClientMachineNameOffset: 'PC' } },
    hex: u32(128, 6, 120, 0, 0, 0, 6) + u32(3, 1, 80) + '5a'.repeat(80) + utf16z('PC') + zeros(2),
  },
  {
    // LINEPROXYREQUEST CREATEAGENT arm: the agent ID and PIN offsets count "from the beginning of the
    // field hAgentCREATEAGENT" (byte 28): "A1" sits at byte 104, so its offset is 76; "99" at 112 -> 84.
    name: 'LINEPROXYREQUEST CREATEAGENT: offsets counted from hAgentCREATEAGENT',
    request: { packet: 'LINEPROXYREQUEST', fields: { dwRequestType: 'LINEPROXYREQUEST_CREATEAGENT', hAgentCREATEAGENT: 7, dwAgentIDOffsetCREATEAGENT: 'A1', dwAgentPINOffsetCREATEAGENT: '99' } },
    hex: u32(120, 0, 0, 0, 0, 0, 9) + u32(7, 6, 76, 6, 84) + zeros(76 - 20) + utf16z('A1') + zeros(2) + utf16z('99') + zeros(2),
  },
  {
    name: 'a list given as raw bytes ({"hex"}) still encodes, its size computed from the bytes',
    request: { packet: 'MonitorTones', fields: { hCall: 5, lpToneList: { hex: monitorTone(1, 2, 3) } } },
    hex: monitorTones(5, 0, 20) + monitorTone(1, 2, 3),
  },
];

describe('lists: hand-built vectors', () => {
  for (const v of vectors) {
    it(`${v.name}: encodes byte-exact`, () => {
      const r = encodeRequest(index, v.request);
      assert.ok(r.bytes, JSON.stringify(r.issues));
      assert.equal(toHex(r.bytes), v.hex);
    });
    it(`${v.name}: decodes back to the same bytes`, () => {
      const bytes = (parseHex(v.hex) as { bytes: Uint8Array }).bytes;
      const d = decodePacket(index, bytes);
      assert.ok(d.request);
      const again = encodeRequest(index, d.request);
      assert.ok(again.bytes, JSON.stringify(again.issues));
      assert.equal(toHex(again.bytes), v.hex);
    });
  }

  it('decode gives the entries back as a list of objects', () => {
    const d = decodePacket(index, (parseHex(monitorTones(5, 0, 40) + monitorTone(1, 100, 440) + monitorTone(2, 200, 880)) as { bytes: Uint8Array }).bytes);
    const list = d.request?.fields?.['lpToneList'];
    assert.ok(Array.isArray(list));
    assert.deepEqual(list.map((e) => (e as Record<string, unknown>)['dwFrequency1']), [440, 880]);
    assert.equal(d.request?.fields?.['dwNumEntries'], undefined, 'a size that agrees is computed, not pinned');
  });

  it('a count that disagrees with the entries comes back pinned, with a warning', () => {
    const d = decodePacket(index, (parseHex(generateTone(7, 1, 5, 0, 32) + genTone(1) + genTone(2)) as { bytes: Uint8Array }).bytes);
    assert.deepEqual(d.request?.fields?.['dwNumTones'], { raw: 5 });
    assert.equal((d.request?.fields?.['lpTones'] as unknown[]).length, 2);
    assert.ok(d.issues.some((i) => i.code === Code.CountDisagrees));
  });

  it('a count whose entries VarData cannot hold breaks GenerateTone\'s 3.1.4.2 rule (TP3007)', () => {
    const ok = decodePacket(index, (parseHex(generateTone(7, 1, 2, 0, 32) + genTone(1) + genTone(2)) as { bytes: Uint8Array }).bytes);
    assert.ok(!ok.issues.some((i) => i.code === Code.ItemBeyondVarData));
    const d = decodePacket(index, (parseHex(generateTone(7, 1, 3, 0, 32) + genTone(1) + genTone(2)) as { bytes: Uint8Array }).bytes);
    assert.ok(d.issues.some((i) => i.code === Code.ItemBeyondVarData && i.path === 'lpTones' && i.section === '3.1.4.2'), JSON.stringify(d.issues));
  });

  it('entries that do not divide evenly come back as hex (and the bytes survive)', () => {
    const hex = monitorTones(5, 0, 24) + monitorTone(1, 2, 3) + u32(7);
    const d = decodePacket(index, (parseHex(hex) as { bytes: Uint8Array }).bytes);
    assert.deepEqual(d.request?.fields?.['lpToneList'], { hex: monitorTone(1, 2, 3) + u32(7) });
    assert.ok(d.issues.some((i) => i.code === Code.PartialEntry));
    assert.equal(toHex(encodeRequest(index, d.request).bytes!), hex);
  });

  it('a size that runs past VarData (truncated entries) still decodes losslessly', () => {
    const hex = monitorTones(5, 0, 40) + monitorTone(1, 2, 3);
    const d = decodePacket(index, (parseHex(hex) as { bytes: Uint8Array }).bytes);
    assert.ok(d.issues.some((i) => i.code === Code.ItemBeyondVarData));
    assert.equal(toHex(encodeRequest(index, d.request).bytes!), hex);
  });

  it('an inline list whose pinned count exceeds its entries still decodes losslessly (fuzz seed 7)', () => {
    const cases = [
      { packet: 'LINEFORWARDLIST', fields: { dwNumEntries: { raw: 2 }, ForwardList: [{ dwForwardMode: ['LINEFORWARDMODE_UNCOND'], dwCallerAddressOffset: '', dwDestAddressOffset: null, dwDestAddressType: ['LINEADDRESSTYPE_PHONENUMBER'] }] }, padTo: 72 },
      { packet: 'LINEFORWARDLIST', fields: { dwNumEntries: { raw: 3 }, ForwardList: [
        { dwForwardMode: 0, dwCallerAddressOffset: '', dwDestAddressOffset: '  ', dwCallerAddressType: 'LINEADDRESSTYPE_PHONENUMBER', dwDestAddressType: ['LINEADDRESSTYPE_PHONENUMBER'] },
        { dwForwardMode: ['LINEFORWARDMODE_UNCOND'], dwCallerAddressOffset: '\u{10000}\u{10000}\u{10000}\u{10000}', dwDestAddressOffset: null, dwCallerAddressType: 'LINEADDRESSTYPE_PHONENUMBER' },
      ] } },
    ];
    for (const req of cases) {
      const bytes = encodeRequest(index, req).bytes!;
      const d = decodePacket(index, bytes, { as: 'LINEFORWARDLIST' });
      assert.ok(d.request, JSON.stringify(d.issues));
      assert.equal(toHex(encodeRequest(index, d.request).bytes!), toHex(bytes));
    }
  });

  it('an entry that is not an object is a clear error naming the entry', () => {
    const r = encodeRequest(index, { packet: 'MonitorTones', fields: { hCall: 5, lpToneList: [{ dwDuration: 1 }, 7] } });
    assert.equal(r.bytes, undefined);
    assert.equal(r.issues[0]?.path, 'lpToneList[1]');
  });

  it('an unknown field inside an entry is an error at that entry', () => {
    const r = encodeRequest(index, { packet: 'MonitorTones', fields: { hCall: 5, lpToneList: [{ dwNope: 1 }] } });
    assert.equal(r.bytes, undefined);
    assert.equal(r.issues[0]?.path, 'lpToneList[0].dwNope');
  });
});

describe('lists: properties', () => {
  const tone = fc.record({ dwFrequency: fc.nat({ max: 0xffffffff }), dwCadenceOn: fc.nat({ max: 0xffff }), dwCadenceOff: fc.nat({ max: 0xffff }), dwVolume: fc.nat({ max: 0xffffffff }) }).map((o) => ({ ...o }));

  it('random entry counts: the count is the entries, the size entries x 16, and decode gives the list back', () => {
    fc.assert(fc.property(fc.array(tone, { maxLength: 12 }), (tones) => {
      const r = encodeRequest(index, { packet: 'GenerateTone', fields: { hCall: 1, dwToneMode: 'LINETONEMODE_CUSTOM', lpTones: tones } });
      assert.ok(r.bytes);
      const v = new DataView(r.bytes.buffer, r.bytes.byteOffset);
      assert.equal(v.getUint32(20, true), tones.length);
      assert.equal(v.getUint32(28, true), tones.length * 16);
      const d = decodePacket(index, r.bytes);
      assert.deepEqual(d.request?.fields?.['lpTones'], tones);
    }));
  });

  it('pinned counts and sizes: the pins survive decode, and the bytes come back exactly', () => {
    fc.assert(fc.property(fc.array(tone, { maxLength: 6 }), fc.nat({ max: 20 }), fc.option(fc.nat({ max: 200 })), (tones, count, size) => {
      const fields: Record<string, unknown> = { hCall: 1, dwToneMode: 'LINETONEMODE_CUSTOM', lpTones: tones, dwNumTones: { raw: count } };
      if (size !== null) fields['dwSize'] = { raw: size };
      const r = encodeRequest(index, { packet: 'GenerateTone', fields });
      assert.ok(r.bytes);
      const d = decodePacket(index, r.bytes);
      assert.ok(d.request);
      assert.equal(toHex(encodeRequest(index, d.request).bytes!), toHex(r.bytes));
    }));
  });

  it('truncated entries: any prefix of a packet with a list decodes and re-encodes to the same bytes', () => {
    fc.assert(fc.property(fc.array(tone, { minLength: 1, maxLength: 6 }), fc.nat(), (tones, cut) => {
      const full = encodeRequest(index, { packet: 'GenerateTone', fields: { hCall: 1, dwToneMode: 'LINETONEMODE_CUSTOM', lpTones: tones } }).bytes!;
      const bytes = full.subarray(0, 60 + (cut % (full.length - 59)));
      const d = decodePacket(index, bytes);
      assert.ok(d.request);
      assert.equal(toHex(encodeRequest(index, d.request).bytes!), toHex(bytes));
    }));
  });
});

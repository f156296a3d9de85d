// Embedded structures (LINEPROXYREQUEST, MS-TRP 2.2.6.28): a list or status structure laid
// inline in a union arm, its items in LINEPROXYREQUEST's variable part, its offsets counting
// from its own first byte. Byte-exact vectors built from the spec's text with the independent
// helpers (not the encoder), encoded from nested values and decoded back to the same values.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Code, decodePacket, encodeRequest, parseHex, type PacketInput, toHex } from '../../../src/codec/index.js';
import { GROUP_GUID_HEX, index, u32, utf16z, zeros } from '../helpers.js';

const bytesOf = (hex: string): Uint8Array => (parseHex(hex) as { bytes: Uint8Array }).bytes;

/**
 * LINEPROXYREQUEST's common part (28 bytes): dwSize, the client machine and user names' size
 * and offset (from the structure's first byte), dwClientAppAPIVersion, dwRequestType.
 */
const header = (size: number, machine: [number, number], user: [number, number], api: number, type: number): string => u32(size, ...machine, ...user, api, type);
/** LINEAGENTGROUPENTRY (2.2.6.12): four UUID DWORDs, dwNameSize, dwNameOffset. */
const groupEntry = (id: number, nameSize: number, nameOffset: number): string => u32(id, 0, 0, 0, nameSize, nameOffset);
/** LINEAGENTGROUPLIST / LINEAGENTSESSIONLIST / LINEQUEUELIST (24 bytes): three totals, count, size, offset. */
const listHead = (total: number, n: number, size: number, offset: number): string => u32(total, total, total, n, size, offset);

const vectors: { name: string; request: PacketInput; hex: string }[] = [
  {
    // SETAGENTGROUP (dwRequestType 1): dwAddressID at 28, the LINEAGENTGROUPLIST at 32..56, the
    // union zero-padded to 104 (its largest arm, GETAGENTCAPS, is 76 bytes). Items in field
    // order: the machine name "PC" at 104 (6 bytes, to 112), the user "ann" at 112 (8, to 120);
    // then the list's two 24-byte entries at 120..168 (offset from GroupList: 88), then the
    // entries' names "Sales" (12 bytes) at 168 (offset 136) and "Help" (10) at 180 (offset 148),
    // ending at 190: GroupList's extent 190 - 32 = 158; the structure 192 (padded to 4).
    name: 'SETAGENTGROUP with two group entries',
    request: {
      packet: 'LINEPROXYREQUEST',
      fields: {
        dwClientMachineNameOffset: 'PC', dwClientUserNameOffset: 'ann', dwClientAppAPIVersion: 0x00020002,
        dwRequestType: 'LINEPROXYREQUEST_SETAGENTGROUP', dwAddressIDSETAGENTGROUP: 2,
        GroupListSETAGENTGROUP: { dwListOffset: [{ dwGroupID1: 0x11, dwNameOffset: 'Sales' }, { dwGroupID1: 0x22, dwNameOffset: 'Help' }] },
      },
    },
    hex: header(192, [6, 104], [8, 112], 0x00020002, 1) + u32(2) + listHead(158, 2, 48, 88) + zeros(104 - 56)
      + utf16z('PC') + zeros(2) + utf16z('ann')
      + groupEntry(0x11, 12, 136) + groupEntry(0x22, 10, 148)
      + utf16z('Sales') + utf16z('Help') + zeros(2),
  },
  {
    // GETAGENTCAPS (dwRequestType 4): dwAddressID at 28, the 72-byte LINEAGENTCAPS at 32..104
    // (ProxyGUID its last 16 bytes). Items: the handler info "ACD" at 104 (8 bytes; offset 72
    // from AgentCaps), the two 16-byte LINEEXTENSIONID entries at 112 (offset 80); AgentCaps
    // ends at 144: its extent 112; the structure 144.
    name: 'GETAGENTCAPS with a handler name and two extension IDs',
    request: {
      packet: 'LINEPROXYREQUEST',
      fields: {
        dwRequestType: 'LINEPROXYREQUEST_GETAGENTCAPS', dwAddressIDGETAGENTCAPS: 1,
        AgentCapsGETAGENTCAPS: {
          dwAgentHandlerInfoOffset: 'ACD', dwCapsVersion: 0x00020002, dwFeatures: 3, dwMaxNumGroupEntries: 4,
          dwAgentExtensionIDListOffset: [{ dwExtensionID0: 0xa1, dwExtensionID3: 0xa4 }, { dwExtensionID0: 0xb1 }],
          ProxyGUID: { hex: GROUP_GUID_HEX },
        },
      },
    },
    hex: header(144, [0, 0], [0, 0], 0, 4) + u32(1)
      + u32(112, 112, 112, 8, 72, 0x00020002, 3, 0, 0, 4, 0, 2, 32, 80) + GROUP_GUID_HEX
      + utf16z('ACD') + u32(0xa1, 0, 0, 0xa4) + u32(0xb1, 0, 0, 0),
  },
  {
    // GETAGENTSESSIONLIST (dwRequestType 0x0D): hAgent at 28, the LINEAGENTSESSIONLIST at 32;
    // the spec names no base, the catalog takes its siblings' (the list's first byte). One
    // 28-byte LINEAGENTSESSIONENTRY at 104 (offset 72); extent 132 - 32 = 100; the structure 132.
    name: 'GETAGENTSESSIONLIST with one session',
    request: {
      packet: 'LINEPROXYREQUEST',
      fields: {
        dwRequestType: 'LINEPROXYREQUEST_GETAGENTSESSIONLIST', hAgentGETAGENTSESSIONLIST: 9,
        SessionListGETAGENTSESSIONLIST: { dwListOffset: [{ hAgentSession: 5, hAgent: 9, GroupID: { hex: '00'.repeat(15) + '01' }, dwWorkingAddressID: 3 }] },
      },
    },
    hex: header(132, [0, 0], [0, 0], 0, 0x0d) + u32(9) + listHead(100, 1, 28, 72) + zeros(104 - 56)
      + u32(5, 9) + zeros(15) + '01' + u32(3),
  },
  {
    // GETQUEUELIST (dwRequestType 0x10): a 16-byte GroupID at 28, the LINEQUEUELIST at 44..68.
    // One LINEQUEUEENTRY (12 bytes) at 104 (offset 60 from QueueList), its name "Q1" (6 bytes)
    // at 116 (offset 72); QueueList ends at 122: extent 78; the structure 124.
    name: 'GETQUEUELIST with one named queue',
    request: {
      packet: 'LINEPROXYREQUEST',
      fields: {
        dwRequestType: 'LINEPROXYREQUEST_GETQUEUELIST', GroupIDGETQUEUELIST: { hex: '01'.repeat(16) },
        QueueListGETQUEUELIST: { dwListOffset: [{ dwQueueID: 7, dwNameOffset: 'Q1' }] },
      },
    },
    hex: header(124, [0, 0], [0, 0], 0, 0x10) + '01'.repeat(16) + listHead(78, 1, 12, 60) + zeros(104 - 68)
      + u32(7, 6, 72) + utf16z('Q1') + zeros(2),
  },
  {
    // An empty group list (GETGROUPLIST, dwRequestType 0x13, at 28): no items, so its extent is
    // its 24-byte fixed part and its list offset and size are 0 (an absent item).
    name: 'GETGROUPLIST with no groups: the extent is the fixed part',
    request: { packet: 'LINEPROXYREQUEST', fields: { dwRequestType: 'LINEPROXYREQUEST_GETGROUPLIST', GroupListGETGROUPLIST: { dwListOffset: null } } },
    hex: header(104, [0, 0], [0, 0], 0, 0x13) + listHead(24, 0, 0, 0) + zeros(104 - 52),
  },
  {
    // Pins win: a dwNumEntries of 5 and a dwTotalSize of 0x1000 are written as given.
    name: 'SETAGENTGROUP with a pinned count and a pinned total',
    request: {
      packet: 'LINEPROXYREQUEST',
      fields: {
        dwRequestType: 'LINEPROXYREQUEST_SETAGENTGROUP', dwAddressIDSETAGENTGROUP: 2,
        GroupListSETAGENTGROUP: { dwTotalSize: { raw: 0x1000 }, dwNumEntries: { raw: 5 }, dwListOffset: [{ dwGroupID1: 1, dwNameOffset: 'A' }] },
      },
    },
    // One entry at 104 (offset 72), "A" (4 bytes) at 128 (offset 96): extent 100.
    hex: header(132, [0, 0], [0, 0], 0, 1) + u32(2) + u32(0x1000, 100, 100, 5, 24, 72) + zeros(104 - 56)
      + groupEntry(1, 4, 96) + utf16z('A'),
  },
];

describe('embedded structures: hand-built vectors (LINEPROXYREQUEST, MS-TRP 2.2.6.28)', () => {
  for (const v of vectors) {
    it(`${v.name}: encodes byte-exact`, () => {
      const r = encodeRequest(index, v.request);
      assert.ok(r.bytes, JSON.stringify(r.issues));
      assert.equal(toHex(r.bytes), v.hex);
    });
    it(`${v.name}: decodes back to the same values and bytes`, () => {
      const d = decodePacket(index, bytesOf(v.hex), { as: 'LINEPROXYREQUEST' });
      assert.ok(d.request.fields, JSON.stringify(d.issues));
      const again = encodeRequest(index, d.request);
      assert.ok(again.bytes, JSON.stringify(again.issues));
      assert.equal(toHex(again.bytes), v.hex);
    });
  }

  it('decode gives the embedded list back as entries with their names', () => {
    const d = decodePacket(index, bytesOf(vectors[0]!.hex), { as: 'LINEPROXYREQUEST' });
    assert.deepEqual(d.issues.filter((i) => i.severity !== 'info'), []);
    assert.deepEqual(d.request.fields?.['GroupListSETAGENTGROUP'], {
      dwListOffset: [
        { dwGroupID1: 0x11, dwGroupID2: 0, dwGroupID3: 0, dwGroupID4: 0, dwNameOffset: 'Sales' },
        { dwGroupID1: 0x22, dwGroupID2: 0, dwGroupID3: 0, dwGroupID4: 0, dwNameOffset: 'Help' },
      ],
    });
    const caps = decodePacket(index, bytesOf(vectors[1]!.hex), { as: 'LINEPROXYREQUEST' }).request.fields?.['AgentCapsGETAGENTCAPS'] as Record<string, unknown>;
    assert.equal(caps['dwAgentHandlerInfoOffset'], 'ACD');
    assert.deepEqual(caps['ProxyGUID'], { hex: GROUP_GUID_HEX });
    assert.equal((caps['dwAgentExtensionIDListOffset'] as unknown[]).length, 2);
  });

  it('pinned values that disagree come back pinned', () => {
    const d = decodePacket(index, bytesOf(vectors[5]!.hex), { as: 'LINEPROXYREQUEST' });
    const g = d.request.fields?.['GroupListSETAGENTGROUP'] as Record<string, unknown>;
    assert.deepEqual(g['dwTotalSize'], { raw: 0x1000 });
    assert.deepEqual(g['dwNumEntries'], { raw: 5 });
    assert.equal(g['dwNeededSize'], undefined, 'a total that agrees stays computed');
    assert.ok(d.issues.some((i) => i.code === Code.CountDisagrees && i.path === 'GroupListSETAGENTGROUP.dwListOffset'), JSON.stringify(d.issues));
  });

  it('the server rules apply to embedded items: an offset past the end, a string with no NUL', () => {
    // GroupList's list offset pointed 4 bytes past the end of the structure.
    const outside = bytesOf(vectors[0]!.hex);
    outside.set(bytesOf(u32(192 - 32 + 4)), 52);
    const d = decodePacket(index, outside, { as: 'LINEPROXYREQUEST' });
    assert.ok(d.issues.some((i) => i.code === Code.OffsetOutsideVarData && i.path === 'GroupListSETAGENTGROUP.dwListOffset'), JSON.stringify(d.issues));
    assert.equal(toHex(encodeRequest(index, d.request).bytes!), toHex(outside));
    // The handler name's NUL overwritten (and the size still 8): no terminator inside it.
    const open = bytesOf(vectors[1]!.hex);
    open.set(bytesOf('4100'), 110);
    const e = decodePacket(index, open, { as: 'LINEPROXYREQUEST' });
    assert.ok(e.issues.some((i) => i.code === Code.NotTerminated && i.path === 'AgentCapsGETAGENTCAPS.dwAgentHandlerInfoOffset'), JSON.stringify(e.issues));
    assert.equal(toHex(encodeRequest(index, e.request).bytes!), toHex(open));
  });

  it('the fixed part as raw bytes (how these fields were written before they were structures): exactly its size', () => {
    const fixed = listHead(24, 0, 0, 0);
    const r = encodeRequest(index, { packet: 'LINEPROXYREQUEST', fields: { dwRequestType: 'LINEPROXYREQUEST_GETGROUPLIST', GroupListGETGROUPLIST: { hex: fixed } } });
    assert.equal(toHex(r.bytes!), vectors[4]!.hex);
    const short = encodeRequest(index, { packet: 'LINEPROXYREQUEST', fields: { dwRequestType: 'LINEPROXYREQUEST_GETGROUPLIST', GroupListGETGROUPLIST: { hex: '00' } } });
    assert.equal(short.bytes, undefined);
    assert.deepEqual(short.issues.map((i) => [i.code, i.path]), [[Code.WrongLength, 'GroupListGETGROUPLIST']]);
  });

  it('encoding reports where each embedded item landed (spans), counted from the packet', () => {
    const r = encodeRequest(index, vectors[0]!.request, { spans: true });
    const at = (p: string, kind: 'field' | 'item' = 'item') => r.spans?.find((s) => s.path === p && s.kind === kind);
    assert.deepEqual(at('GroupListSETAGENTGROUP.dwListOffset'), { path: 'GroupListSETAGENTGROUP.dwListOffset', offset: 120, size: 48, kind: 'item' });
    assert.equal(at('GroupListSETAGENTGROUP.dwListOffset[1].dwNameOffset')?.offset, 180);
    assert.deepEqual(at('GroupListSETAGENTGROUP.dwTotalSize', 'field'), { path: 'GroupListSETAGENTGROUP.dwTotalSize', offset: 32, size: 4, kind: 'field', computed: true });
  });
});

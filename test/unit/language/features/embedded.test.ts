// Editor features inside an embedded structure (LINEPROXYREQUEST's GroupListSETAGENTGROUP, a
// LINEAGENTGROUPLIST laid inline in a union arm, MS-TRP 2.2.6.28): they work through the
// encoder's spans, so its entries and names, which lie after the union, show where they landed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { open } from './helpers.js';

// Union at 28 (76 bytes), GroupList at 32; the machine name "PC" at 104; two 24-byte entries at
// 112..160; the names "Sales" at 160 (12 bytes) and "Help" at 172 (10 bytes); GroupList's extent
// is 182 - 32 = 150.
const PROXY = `packet p: LINEPROXYREQUEST {
  dwClientMachineNameOffset = "PC"
  dwRequestType = LINEPROXYREQUEST_SETAGENTGROUP
  dwAddressIDSETAGENTGROUP = 2
  GroupListSETAGENTGROUP = {
    dwListOffset = [
      { dwGroupID1 = 1 dwNameOffset = "Sales" }
      { dwGroupID1 = 2 dwNameOffset = "Help" }
    ]
  }
}`;

describe('embedded structures in the editor', () => {
  it('Show Layout: the embedded fields in the arm, its entries and their names after the union', () => {
    const d = open(PROXY);
    const m = d.s.getLayout(d.uri, { packet: 'p' })!;
    const rows = m.rows.map((r) => `${r.path}@${r.offset}+${r.size}`);
    for (const want of [
      'GroupListSETAGENTGROUP.dwTotalSize@32+4', 'GroupListSETAGENTGROUP.dwListOffset@52+4',
      'GroupListSETAGENTGROUP.dwListOffset[0]@112+24', 'GroupListSETAGENTGROUP.dwListOffset[1]@136+24',
      'GroupListSETAGENTGROUP.dwListOffset[1].dwNameOffset@156+4', 'GroupListSETAGENTGROUP.dwListOffset[1].dwNameOffset@172+10',
    ]) assert.ok(rows.includes(want), `${want} in ${rows.join(' ')}`);
  });

  it('hover on an entry of the embedded list: its index, type, offset and size', () => {
    const d = open(PROXY);
    const h = d.s.getHover(d.uri, d.text.indexOf('{ dwGroupID1 = 2'));
    assert.match(h?.markdown ?? '', /dwListOffset\[1\]\*\*: entry 1 of 2, a `LINEAGENTGROUPENTRY`/);
    assert.match(h?.markdown ?? '', /bytes 136\.\.159 of the packet \(24 bytes\)/);
  });

  it('hover on an embedded offset says where it counts from: the embedded structure\'s first byte', () => {
    const d = open(PROXY);
    const h = d.s.getHover(d.uri, d.text.indexOf('dwNameOffset = "Help"') + 2)?.markdown ?? '';
    assert.match(h, /offset field @156 = 140 \(from byte 32\) → item @172, 10 bytes/);
  });

  it('completion inside the embedded structure offers its fields not yet set', () => {
    const d = open('packet c: LINEPROXYREQUEST {\n  dwRequestType = LINEPROXYREQUEST_GETAGENTCAPS\n  AgentCapsGETAGENTCAPS = { dwCapsVersion = 1 ‸ }\n}');
    const labels = d.s.getCompletions(d.uri, d.offset).map((c) => c.label);
    assert.ok(labels.includes('dwAgentHandlerInfoOffset') && labels.includes('dwAgentExtensionIDListOffset') && labels.includes('ProxyGUID'), labels.join());
    assert.ok(!labels.includes('dwCapsVersion') && !labels.includes('dwAddressIDGETAGENTCAPS'), labels.join());
  });

  it('inlay hints: the computed count, size and extent of the embedded list at the closing brace', () => {
    const d = open(PROXY);
    const hints = d.s.getInlayHints(d.uri, { start: 0, end: d.text.length }, { offsets: false });
    const end = hints.find((h) => h.offset === d.text.length);
    for (const want of ['dwSize = 184', 'GroupListSETAGENTGROUP.dwTotalSize = 150', 'GroupListSETAGENTGROUP.dwNumEntries = 2', 'GroupListSETAGENTGROUP.dwListSize = 48']) {
      assert.ok(end?.tooltip?.includes(want), `${want} in ${end?.tooltip}`);
    }
    // The entries' name offsets count from GroupList's first byte (32): "Help" at 172 is 140.
    assert.ok(hints.some((h) => h.label === ' = 140 → @172, 10 B'), hints.map((h) => h.label).join(' | '));
  });

  it('the outline shows the embedded structure and its entries', () => {
    const d = open(PROXY);
    const pkt = d.s.getDocumentSymbols(d.uri)[0]!;
    const g = pkt.children.find((c) => c.name === 'GroupListSETAGENTGROUP');
    const list = g?.children.find((c) => c.name === 'dwListOffset');
    assert.deepEqual(list?.children.map((c) => c.name), ['[0]', '[1]']);
  });

  it('a structure defined in the file embeds too: items after the enclosing fixed part, @align checked on them', () => {
    const defs = 'struct INNER {\n  dwTotalSize: total\n  dwNameSize: u32\n  dwNameOffset: offset<wstr> size dwNameSize @align(4)\n}\n'
      + 'struct OUTER {\n  dwTotalSize: total\n  dwNameSize: u32\n  dwNameOffset: offset<wstr> size dwNameSize\n  Inner: INNER\n}\n';
    const ok = open(`${defs}packet q: OUTER {\n  dwNameOffset = "ab"\n  Inner = { dwNameOffset = "xyz" }\n}`);
    assert.deepEqual(ok.s.getDiagnostics(ok.uri).map((x) => x.message), []);
    // OUTER's fixed part is 24 bytes (Inner at 12); "ab" at 24, "xyz" at 32: 20 from Inner's first byte.
    const rows = ok.s.getLayout(ok.uri, { packet: 'q' })!.rows.map((r) => `${r.path}@${r.offset}+${r.size}`);
    assert.ok(rows.includes('Inner.dwNameOffset@32+8') && rows.includes('dwNameOffset@24+6'), rows.join(' '));
    const hints = ok.s.getInlayHints(ok.uri, { start: 0, end: ok.text.length }, { offsets: false });
    assert.ok(hints.some((h) => h.label === ' = 20 → @32, 8 B'), hints.map((h) => h.label).join(' | '));
    const bad = open(`${defs}packet p: OUTER {\n  dwNameOffset = "ab"\n  Inner = { dwNameOffset = raw 2 }\n}`);
    assert.ok(bad.s.getDiagnostics(bad.uri).some((x) => x.code === 'TP3004'), JSON.stringify(bad.s.getDiagnostics(bad.uri)));
  });

  it('a structure embedded in a request: its items after the fixed part, an absent one size 0 / offset 0 (a structure\'s convention)', () => {
    const defs = 'struct INNER {\n  dwTotalSize: total\n  dwNameSize: u32\n  dwNameOffset: offset<wstr> size dwNameSize\n}\n'
      + 'request R = 5000 {\n  a: u32\n  Inner: INNER\n  Reserved2..Reserved10: ignored\n}\n';
    const d = open(`${defs}packet p: R {\n  Inner = { }\n}\npacket q: R {\n  Inner = { dwNameOffset = "xy" }\n}`);
    assert.deepEqual(d.s.getDiagnostics(d.uri).map((x) => x.message), []);
    const rows = (n: string) => d.s.getLayout(d.uri, { packet: n })!.rows.map((r) => `${r.path}@${r.offset}+${r.size}`);
    assert.ok(!rows('p').some((r) => r.startsWith('Inner.dwNameOffset@60')), rows('p').join(' '));
    // Absent: dwNameSize 0, dwNameOffset 0 (not TAPI_NO_DATA), dwTotalSize the 12-byte fixed part.
    assert.match(d.s.getHover(d.uri, d.text.indexOf('Inner = { }') + 1)?.markdown ?? '', /@12, 12 bytes: `0c 00 00 00 00 00 00 00 00 00 00 00`/);
    // "xy" at 60, the first byte of VarData: 48 from Inner (at 12); Inner's extent 60 + 6 - 12 = 54.
    assert.ok(rows('q').includes('Inner.dwNameOffset@60+6'), rows('q').join(' '));
    const hints = d.s.getInlayHints(d.uri, { start: 0, end: d.text.length }, { offsets: false });
    assert.ok(hints.some((h) => h.label === ' = 48 → @60, 6 B'), hints.map((h) => h.label).join(' | '));
    assert.ok(hints.some((h) => h.tooltip?.includes('Inner.dwTotalSize = 54')), hints.map((h) => h.tooltip).join(' | '));
    assert.ok(hints.some((h) => h.tooltip?.includes('Inner.dwTotalSize = 12')), 'no item: the extent is the fixed part');
  });

  it('raw hex { ... } gives the fixed part as bytes: exactly the structure\'s size', () => {
    const ok = open(`packet g: LINEPROXYREQUEST {\n  dwRequestType = LINEPROXYREQUEST_GETGROUPLIST\n  GroupListGETGROUPLIST = raw hex { ${'00 '.repeat(24)}}\n}`);
    assert.deepEqual(ok.s.getDiagnostics(ok.uri).map((x) => x.message), []);
    const bad = open('packet g: LINEPROXYREQUEST {\n  dwRequestType = LINEPROXYREQUEST_GETGROUPLIST\n  GroupListGETGROUPLIST = raw hex { 00 }\n}');
    assert.deepEqual(bad.s.getDiagnostics(bad.uri).map((x) => x.message), ['GroupListGETGROUPLIST takes exactly 24 bytes (a LINEAGENTGROUPLIST), got 1']);
  });

  it('the packet, and examples/proxy-request.tapipkt, check clean', () => {
    for (const text of [PROXY, readFileSync(join(__dirname, '..', '..', '..', '..', 'examples', 'proxy-request.tapipkt'), 'utf8')]) {
      const d = open(text);
      assert.deepEqual(d.s.getDiagnostics(d.uri).map((x) => x.message), []);
      const rows = d.s.getLayout(d.uri, { packet: d.s.getDocumentSymbols(d.uri)[0]!.name })!.rows.map((r) => r.path);
      assert.ok(rows.includes('GroupListSETAGENTGROUP.dwListOffset[1].dwNameOffset'), rows.join(' '));
    }
  });
});

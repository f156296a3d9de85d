// Every catalog entry encodes and round-trips; every rule kind warns when broken on purpose.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../../src/catalog/index.js';
import { decodePacket, encodeRequest, type FieldDef, type Layout, type Rule, toHex } from '../../../src/codec/index.js';
import { index, serviceWith } from '../helpers.js';

const examples = join(__dirname, '..', '..', '..', 'examples', 'catalog');
const requests = builtinCatalog.layouts.filter((l) => l.kind === 'request');
const responses = builtinCatalog.layouts.filter((l) => l.kind === 'response');

describe('examples/catalog: one example packet per request', () => {
  it('there is one per request', () => {
    const missing = requests.filter((l) => !existsSync(join(examples, `${l.name}.tapipkt`))).map((l) => l.name);
    assert.deepEqual(missing, []);
  });
  it('each encodes with no error and no warning, and decodes back to the same bytes', (t) => {
    const problems: string[] = [];
    for (const L of requests) {
      const uri = `file:///w/${L.name}.tapipkt`;
      const { s } = serviceWith(readFileSync(join(examples, `${L.name}.tapipkt`), 'utf8'), uri);
      const diags = s.getDiagnostics(uri).filter((d) => d.severity !== 'info');
      const p = s.getPackets(uri)[0];
      if (diags.length || !p?.bytes) {
        problems.push(`${L.name}: ${diags.map((d) => `${d.code} ${d.message}`).join('; ') || 'no bytes'}`);
        continue;
      }
      const d = decodePacket(index, p.bytes);
      if (d.layout?.name !== L.name) problems.push(`${L.name}: decoded as ${d.layout?.name}`);
      const again = encodeRequest(index, d.request);
      if (toHex(again.bytes ?? new Uint8Array()) !== toHex(p.bytes)) problems.push(`${L.name}: decode then encode differs`);
      if (d.issues.some((i) => i.severity !== 'info')) problems.push(`${L.name}: decode warns ${d.issues.map((i) => i.code).join(',')}`);
    }
    t.diagnostic(`${requests.length - problems.length}/${requests.length} request examples encode cleanly and round-trip`);
    assert.deepEqual(problems, []);
  });
});

describe('every response round-trips', () => {
  it('a default packet of each encodes, decodes (forced layout) and re-encodes identically', (t) => {
    const problems: string[] = [];
    for (const L of responses) {
      const r = encodeRequest(index, { packet: L.name, fields: {} });
      if (!r.bytes) {
        problems.push(`${L.name}: ${r.issues.map((i) => i.message).join('; ')}`);
        continue;
      }
      const d = decodePacket(index, r.bytes, { as: L.name });
      const again = encodeRequest(index, d.request);
      if (toHex(again.bytes ?? new Uint8Array()) !== toHex(r.bytes)) problems.push(`${L.name}: round trip differs`);
      if (readU32(r.bytes, 16) !== L.msg) problems.push(`${L.name}: Msg at 16 is not ${L.msg}`);
      if (readU32(r.bytes, 0) !== r.bytes.length) problems.push(`${L.name}: TotalSize`);
    }
    t.diagnostic(`${responses.length - problems.length}/${responses.length} responses round-trip`);
    assert.deepEqual(problems, []);
  });
});

function readU32(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}

/** The first request field carrying a rule of this kind. */
function firstWith(kind: Rule['kind']): { L: Layout; f: FieldDef; r: Rule } {
  for (const L of requests) for (const f of L.fields) for (const r of f.rules ?? []) if (r.kind === kind) return { L, f, r };
  throw new Error(`no field with a ${kind} rule`);
}

/** A request with every required item present (from its example). */
function baseFields(L: Layout): Record<string, unknown> {
  const uri = `file:///w/${L.name}.tapipkt`;
  const { s } = serviceWith(readFileSync(join(examples, `${L.name}.tapipkt`), 'utf8'), uri);
  return { ...(s.getPackets(uri)[0]!.request!.fields as Record<string, unknown>) };
}

describe('each rule kind warns when broken on purpose, and the packet still encodes', () => {
  const cases: { kind: Rule['kind']; code: string; value: (r: Rule) => unknown; extra?: Record<string, unknown> }[] = [
    { kind: 'align', code: 'TP3004', value: () => ({ raw: 1 }) },
    { kind: 'min', code: 'TP3008', value: (r) => ({ raw: (r as { value: number }).value - 1 }) },
    { kind: 'oneOf', code: 'TP3009', value: () => 0x7777 },
    { kind: 'nonzero', code: 'TP3010', value: () => 0 },
    { kind: 'room', code: 'TP3008', value: () => 64, extra: { varData: { hex: '00' } } },
  ];
  for (const c of cases) {
    it(`${c.kind} -> ${c.code}`, () => {
      const { L, f, r } = firstWith(c.kind);
      const fields = { ...baseFields(L), [f.name]: c.value(r) };
      const res = encodeRequest(index, { packet: L.name, fields, ...(c.extra ?? {}) });
      assert.ok(res.bytes, `${L.name} still encodes`);
      assert.ok(res.issues.some((i) => i.code === c.code && i.path === f.name), `${L.name}.${f.name}: ${JSON.stringify(res.issues)}`);
    });
  }
  it('must-be-zero -> TP3003', () => {
    const res = encodeRequest(index, { packet: 'Close', fields: { Reserved1: 5 } });
    assert.ok(res.issues.some((i) => i.code === 'TP3003' && i.path === 'Reserved1'));
  });
  it('required value changed -> TP3002', () => {
    const res = encodeRequest(index, { packet: 'MakeCall', fields: { lpszDestAddress: '1', dwCallParamsCodePage: 0 } });
    assert.ok(res.issues.some((i) => i.code === 'TP3002' && i.path === 'dwCallParamsCodePage'));
  });
  it('a required item sent as TAPI_NO_DATA -> TP3011', () => {
    const res = encodeRequest(index, { packet: 'CreateAgentSession', fields: { lpGroupID: null } });
    assert.ok(res.issues.some((i) => i.code === 'TP3011'));
  });
});

// Mutation (DESIGN.md "Mutation"), as properties over random clean packets of every catalog
// layout: valid mutants break no rule and differ from the input; break mutants give exactly
// their one rule code, encoded and decoded; raw mutants decode losslessly; a seed fixes the
// output; shards are disjoint and together make the unsharded run.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { builtinScope } from '../../../src/catalog/index.js';
import { Code, createMutator, decodePacket, embedsItems, encodeRequest, type Mutant, type MutationMode, type Mutator, type PacketInput, ruleCodes, toHex } from '../../../src/codec/index.js';
import { mix32, mutantRng, Rng } from '../../../src/codec/mutate-prng.js';
import { requestFor } from '../../fuzz/gen-values.js';

const index = builtinScope();
const packets = index.catalog.layouts.filter((l) => l.kind !== 'structure');
const hex = (b: Uint8Array): string => toHex(b);

/** A packet that encodes with no rule broken (the input valid and break runs need). */
function isClean(r: PacketInput): boolean {
  const e = encodeRequest(index, r);
  return !!e.bytes && e.bytes.length < 4096 && ruleCodes(e.issues).length === 0 && !e.issues.some((i) => i.code === Code.PinDisagrees);
}
const cleanPacket = requestFor(packets).filter(isClean);

function mutator(r: unknown, mode: MutationMode): Mutator {
  const m = createMutator(index, r, mode);
  if ('error' in m) throw new Error(`${mode}: ${m.error.message}`);
  return m;
}

/** Warnings decode reports for the bytes read as L, but for pins that disagree (a padded packet's TotalSize): not rules. */
function decodedWarnings(L: string, bytes: Uint8Array): string[] {
  return decodePacket(index, bytes, { as: L }).issues.filter((i) => i.severity === 'warning' && i.code !== Code.PinDisagrees).map((i) => i.code);
}

const CAS: PacketInput = {
  packet: 'CreateAgentSession',
  fields: { lpContext: '0x1234', hLine: 65538, hAgent: 7, lpszAgentPIN: '4711', lpGroupID: '{6B29FC40-CA47-1067-B31D-00DD010662DA}', lphAgentSessionContext: 66 },
};

describe('mutate', () => {
  it('valid mutants break no rule, differ from the input, and their request encodes to their bytes', () => {
    let seen = 0;
    fc.assert(
      fc.property(cleanPacket, fc.nat(), (r, seed) => {
        const base = hex(encodeRequest(index, r).bytes!);
        for (const m of mutator(r, 'valid').run({ count: 12, seed })) {
          seen++;
          const e = encodeRequest(index, m.request);
          assert.equal(hex(e.bytes!), m.hex, m.mutation.what);
          assert.deepEqual(ruleCodes(e.issues), [], m.mutation.what);
          assert.deepEqual(ruleCodes(decodePacket(index, m.bytes, { as: r.packet }).issues), [], m.mutation.what);
          assert.notEqual(m.hex, base, m.mutation.what);
        }
      }),
      { numRuns: 150, seed: 16 },
    );
    assert.ok(seen > 1000, `only ${seen} mutants`);
  });

  it('break mutants give exactly their one rule code, checked and decoded', () => {
    const broken = new Set<string>();
    fc.assert(
      fc.property(cleanPacket, fc.nat(), (r, seed) => {
        const m0 = createMutator(index, r, 'break');
        if ('error' in m0) return; // layouts without rules
        for (const m of m0.run({ count: m0.rules.length + 3, seed })) {
          assert.ok(m.mutation.rule, 'a break mutant names its rule');
          assert.deepEqual(decodedWarnings(r.packet!, m.bytes), [m.mutation.rule], `${r.packet} ${m.mutation.what}`);
          const e = encodeRequest(index, m.request);
          assert.equal(hex(e.bytes!), m.hex, m.mutation.what);
          assert.deepEqual(ruleCodes(e.issues), [m.mutation.rule], `${r.packet} ${m.mutation.what}`);
          broken.add(`${r.packet}.${m.mutation.field}.${m.mutation.rule}`);
        }
      }),
      { numRuns: 150, seed: 16 },
    );
    assert.ok(broken.size > 100, `only ${broken.size} rules broken`);
  });

  it('a break run cycles through every rule of the layout', () => {
    const m = mutator(CAS, 'break');
    const want = m.rules.map((r) => `${r.field} ${r.code}`);
    assert.ok(want.length >= 8, want.join(', '));
    const got = [...m.run({ count: want.length, seed: 5 })].map((x) => `${x.mutation.field} ${x.mutation.rule}`);
    assert.deepEqual(got, want);
    // Every kind of rule this packet has that the table can break alone: reserved, alignment, inside VarData, NUL, required, beyond VarData.
    for (const code of [Code.NonZeroReserved, Code.Misaligned, Code.OffsetOutsideVarData, Code.NotTerminated, Code.AbsentRequired, Code.ItemBeyondVarData]) {
      assert.ok(got.some((g) => g.endsWith(code)), code);
    }
  });

  it('raw mutants decode losslessly, and their request encodes to their bytes', () => {
    const kinds = new Set<string>();
    fc.assert(
      fc.property(requestFor(packets), fc.nat(), (r, seed) => {
        const e0 = encodeRequest(index, r);
        fc.pre(!!e0.bytes && e0.bytes.length < 4096);
        const base = hex(e0.bytes!);
        for (const m of mutator(r, 'raw').run({ count: 6, seed })) {
          const d = decodePacket(index, m.bytes, { as: r.packet, spans: false });
          assert.equal(hex(encodeRequest(index, d.request).bytes!), m.hex, m.mutation.what);
          assert.equal(hex(encodeRequest(index, m.request).bytes!), m.hex, m.mutation.what);
          assert.notEqual(m.hex, base);
          kinds.add(m.mutation.what.replace(/[0-9]+/g, 'N').replace(/^\S+/, ''));
        }
      }),
      { numRuns: 150, seed: 16 },
    );
    assert.ok(kinds.size > 8, [...kinds].join('\n'));
  });

  it('raw mutants of CreateAgentSession include each kind of broken relation', () => {
    const whats = [...mutator(CAS, 'raw').run({ count: 200, seed: 1 })].map((m) => m.mutation.what).join('\n');
    for (const w of ['off by', 'off its', 'past the end', 'overlaps', 'truncated', 'without a NUL']) assert.ok(whats.includes(w), w);
  });

  it('raw mutants of a list with an entry count give counts that disagree with the entries, and decode losslessly', () => {
    const tone = { packet: 'GenerateTone', fields: { hCall: 1, dwToneMode: 'LINETONEMODE_CUSTOM', lpTones: [{ dwFrequency: 440, dwCadenceOn: 100, dwCadenceOff: 100, dwVolume: 0xffff }, { dwFrequency: 880 }] } };
    const ms = [...mutator(tone, 'raw').run({ count: 300, seed: 2 })].filter((m) => m.mutation.what.includes('entry count disagrees'));
    assert.ok(ms.length > 0, 'some mutants break the count');
    for (const m of ms) {
      const d = decodePacket(index, Buffer.from(m.hex, 'hex'), { as: 'GenerateTone' });
      assert.equal(hex(encodeRequest(index, d.request).bytes!), m.hex, m.mutation.what);
    }
  });

  it('valid mutants of CreateAgentSession draw from every kind of value', () => {
    const whats = [...mutator(CAS, 'valid').run({ count: 400, seed: 3 })].map((m) => m.mutation.what).join('\n');
    for (const w of ['boundary', '-1, an error code', 'random', 'empty string', 'one-character string', 'odd length', '(long)', 'non-ASCII', 'absent', 'random GUID']) {
      assert.ok(whats.includes(w), w);
    }
    const flags = [...mutator({ packet: 'SetMediaMode', fields: { hCall: 1, dwMediaMode: 'LINEMEDIAMODE_INTERACTIVEVOICE' } }, 'valid').run({ count: 200, seed: 3 })];
    assert.ok(flags.some((m) => m.mutation.what.includes('OR-ed flags')), 'OR-ed flag sets');
    assert.ok(flags.some((m) => m.mutation.what.includes('a constant of its table')), 'single constants');
  });

  it('valid mutants give a list none, one and many entries, counts and sizes recomputed (offset lists and inline lists)', () => {
    const tones = { packet: 'MonitorTones', fields: { hCall: 5, lpToneList: [{ dwAppSpecific: 1, dwDuration: 100, dwFrequency1: 440 }] } };
    const ms = [...mutator(tones, 'valid').run({ count: 300, seed: 5 })].filter((m) => m.mutation.field === 'lpToneList');
    const counts = new Set(ms.map((m) => (Array.isArray(m.request.fields?.['lpToneList']) ? (m.request.fields['lpToneList'] as unknown[]).length : -1)));
    for (const n of [0, 3, 33]) assert.ok(counts.has(n), `a list of ${n} entries among ${[...counts].join(', ')}`);
    for (const m of ms) {
      const d = decodePacket(index, Buffer.from(m.hex, 'hex'), { as: 'MonitorTones' });
      const n = Array.isArray(m.request.fields?.['lpToneList']) ? (m.request.fields['lpToneList'] as unknown[]).length : 0;
      assert.equal(d.request.fields?.['dwNumEntries'], undefined, 'dwNumEntries is computed, not pinned');
      assert.equal((d.request.fields?.['lpToneList'] as unknown[] | null)?.length ?? 0, n, m.mutation.what);
    }
    const fwd = { packet: 'Forward', fields: { hLine: 1, lpForwardList: { ForwardList: [{ dwForwardMode: 'LINEFORWARDMODE_UNCOND', dwDestAddressOffset: '100' }] } } };
    const inline = [...mutator(fwd, 'valid').run({ count: 300, seed: 5 })].filter((m) => m.mutation.field === 'lpForwardList.ForwardList');
    assert.ok(inline.some((m) => m.mutation.what.includes('no entries')) && inline.some((m) => m.mutation.what.includes('33 entries')), inline.map((m) => m.mutation.what).join('\n'));
  });

  it('mutants of a LINEPROXYREQUEST with an embedded list (2.2.6.28): valid ones vary its entries, valid and raw ones decode losslessly', () => {
    const L = index.layout('LINEPROXYREQUEST')!;
    const u = L.fields.find((f) => f.type.kind === 'union')!;
    // The arms that embed a structure with items of its own (SETAGENTGROUP, GETAGENTCAPS, ...).
    const embedding = new Set(u.type.kind === 'union' ? u.type.variants.filter((a) => a.fields.some((f) => f.type.kind === 'inline' && embedsItems(index.layout(f.type.layout)!))).map((a) => a.value) : []);
    assert.equal(embedding.size, 8);
    const proxy = requestFor([L]).filter((r) => embedding.has(Number(r.fields['dwRequestType'])) && isClean(r));
    let entries = 0;
    fc.assert(
      fc.property(proxy, fc.nat(), (r, seed) => {
        for (const mode of ['valid', 'raw'] as const) {
          for (const m of mutator(r, mode).run({ count: 8, seed })) {
            const d = decodePacket(index, m.bytes, { as: 'LINEPROXYREQUEST' });
            assert.ok(d.request.fields, `${mode} ${m.mutation.what}: ${JSON.stringify(d.issues)}`);
            assert.equal(hex(encodeRequest(index, d.request).bytes!), m.hex, `${mode} ${m.mutation.what}`);
            if (mode === 'valid') assert.deepEqual(ruleCodes(d.issues), [], m.mutation.what);
            if (mode === 'valid' && /^\w+\.dwListOffset$/.test(m.mutation.field)) entries++;
          }
        }
      }),
      { numRuns: 40, seed: 14 },
    );
    assert.ok(entries > 0, 'some valid mutants change an embedded list');
    const group = { packet: 'LINEPROXYREQUEST', fields: { dwRequestType: 'LINEPROXYREQUEST_SETAGENTGROUP', GroupListSETAGENTGROUP: { dwListOffset: [{ dwGroupID1: 1, dwNameOffset: 'Sales' }] } } };
    const raws = [...mutator(group, 'raw').run({ count: 200, seed: 4 })].map((m) => m.mutation.field);
    for (const f of ['GroupListSETAGENTGROUP.dwListOffset', 'GroupListSETAGENTGROUP.dwNumEntries', 'GroupListSETAGENTGROUP.dwTotalSize']) assert.ok(raws.includes(f), `${f} in ${[...new Set(raws)].join()}`);
  });

  it('the same seed gives the same mutants; another seed, others', () => {
    for (const mode of ['valid', 'break', 'raw'] as const) {
      const a = [...mutator(CAS, mode).run({ count: 30, seed: 42 })].map((m) => JSON.stringify(m));
      const b = [...mutator(CAS, mode).run({ count: 30, seed: 42 })].map((m) => JSON.stringify(m));
      const c = [...mutator(CAS, mode).run({ count: 30, seed: 43 })].map((m) => JSON.stringify(m));
      assert.deepEqual(a, b, mode);
      assert.notDeepEqual(a, c, mode);
    }
  });

  it('shards are disjoint, reproducible, and together make the unsharded run', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 0, max: 40 }), fc.constantFrom<MutationMode>('valid', 'break', 'raw'), (n, count, mode) => {
        const m = mutator(CAS, mode);
        const all = [...m.run({ count, seed: 9 })];
        const parts: Mutant[][] = [];
        for (let k = 1; k <= n; k++) parts.push([...m.run({ count, seed: 9, shard: { index: k, count: n } })]);
        const idx = parts.flat().map((x) => x.index);
        assert.equal(new Set(idx).size, idx.length, 'disjoint');
        for (const [k, p] of parts.entries()) for (const x of p) assert.equal(x.index % n, k);
        const merged = parts.flat().sort((x, y) => x.index - y.index).map((x) => JSON.stringify(x));
        assert.deepEqual(merged, all.map((x) => JSON.stringify(x)));
      }),
      { numRuns: 40, seed: 16 },
    );
  });

  it('a mutant line has exactly the contract keys', () => {
    const [m] = [...mutator(CAS, 'break').run({ count: 1 })];
    const j = JSON.parse(JSON.stringify(m)) as Record<string, unknown>;
    assert.deepEqual(Object.keys(j), ['hex', 'request', 'mode', 'mutation']);
    assert.deepEqual(Object.keys(j['mutation'] as object), ['field', 'rule', 'what']);
  });

  it('refuses a valid or break run over a packet that already breaks a rule, and bad input, without throwing', () => {
    const bad = { ...CAS, fields: { ...CAS.fields, Reserved1: 1 } };
    for (const mode of ['valid', 'break'] as const) {
      const m = createMutator(index, bad, mode);
      assert.ok('error' in m && m.error.code === Code.NonZeroReserved, mode);
    }
    assert.ok(!('error' in createMutator(index, bad, 'raw')));
    for (const x of [null, 5, { packet: 'Nope' }, { packet: 'CreateAgentSession' }]) assert.ok('error' in createMutator(index, x, 'valid'));
    assert.ok('error' in createMutator(index, CAS, 'bogus' as MutationMode));
  });

  it('the generator is SplitMix32: known values, and per-mutant streams that differ', () => {
    // Reference values of the SplitMix32 output function (mix32 of the Weyl sequence from seed 0).
    const r = new Rng(0);
    assert.equal(r.u32(), mix32(0x9e3779b9));
    assert.notEqual(mutantRng(1, 0).u32(), mutantRng(1, 1).u32());
    assert.notEqual(mutantRng(1, 0).u32(), mutantRng(2, 0).u32());
    assert.equal(mutantRng(7, 3).u32(), mutantRng(7, 3).u32());
    const counts = new Array<number>(8).fill(0);
    const g = mutantRng(3, 3);
    for (let i = 0; i < 8000; i++) counts[g.below(8)]!++;
    for (const c of counts) assert.ok(c > 850 && c < 1150, String(counts));
  });
});




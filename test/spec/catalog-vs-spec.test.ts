// The built-in catalog checked against the MS-TRP facts, entry by entry: for every layout
// its section, kind, Req_Func or Msg, field names in order, offsets and sizes, and fixed size;
// every constant of 2.2.1.8, 2.2.1.9 and 2.2.3 with its value. The facts are the committed
// test/spec/facts.json (what test/spec/spec-reader.ts reads, trusting the stated field sizes over
// the drawings), so this runs in every clone; spec-reader.test.ts checks the facts against the
// spec text where it is present.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../src/catalog/index.js';
import type { FieldDef, Layout } from '../../src/codec/index.js';
import { type FactField, type FactLayout, loadFacts } from './facts.js';

/**
 * Where the catalog departs from the spec's text on purpose. Each entry says why; the test
 * checks that the departure is exactly this one, so a silent change still fails.
 */
const DEVIATIONS: Record<string, { reason: string; spec: string[]; catalog: string[] }> = {
  '2.2.4.1.3.17': {
    reason: 'GatherDigits lists Reserved2..Reserved6 (a 64-byte fixed part); TAPI32_MSG has room for 13 parameters, so the catalog stops at Reserved5',
    spec: ['Reserved6@60+4'],
    catalog: [],
  },
  '2.2.4.1.6.10': {
    reason: 'Phone GetStatus lists Reserved2..Reserved13 (a 64-byte fixed part); TAPI32_MSG has room for 13 parameters, so the catalog stops at Reserved12',
    spec: ['Reserved13@60+4'],
    catalog: [],
  },
  '2.2.4.1.8.3': {
    reason: 'RSPSetEventFilterMasks stops at Reserved7 (56 bytes); the catalog adds Reserved8 so the fixed part is the template\'s 60 bytes',
    spec: [],
    catalog: ['Reserved8@56+4'],
  },
};

function flat(L: Layout): FieldDef[] {
  const out: FieldDef[] = [];
  for (const f of L.fields) {
    if (f.type.kind === 'union') for (const a of f.type.variants) out.push(...a.fields);
    else out.push(f);
  }
  return out;
}

/** The spec's fields as the catalog spells them (templates name their parameter words). */
function specFields(s: FactLayout): FactField[] {
  const out: FactField[] = [];
  for (const f of s.fields) {
    if (f.name === 'PARAMETERS FOR REQUEST' && f.size === 52) {
      for (let i = 0; i < 13; i++) out.push({ ...f, name: `Param${i + 1}`, offset: f.offset + 4 * i, size: 4 });
    } else if (s.kind === 'template' && f.name.startsWith('Param') && s.title === 'ASYNCEVENTMSG') out.push(f);
    else out.push({ ...f, name: f.name.split('/')[0]! });
  }
  for (const v of s.variants ?? []) out.push(...v.fields);
  return out;
}

const key = (name: string, offset: number, size: number | 'variable'): string => `${name}@${offset}+${size}`;

describe('catalog against the MS-TRP facts (test/spec/facts.json)', () => {
  const spec = loadFacts();
  const bySection = new Map(builtinCatalog.layouts.map((l) => [l.section, l]));

  it('every spec layout is in the catalog, and agrees with it', (t) => {
    let agree = 0;
    let deviations = 0;
    const problems: string[] = [];
    for (const s of spec.layouts) {
      const L = bySection.get(s.section);
      if (!L) {
        problems.push(`${s.section} ${s.title}: missing`);
        continue;
      }
      const p: string[] = [];
      if (L.kind !== s.kind) p.push(`kind ${L.kind} != ${s.kind}`);
      if (s.reqFunc !== undefined && L.reqFunc !== s.reqFunc) p.push(`Req_Func ${L.reqFunc} != ${s.reqFunc}`);
      if (s.msg !== undefined && L.msg !== s.msg) p.push(`Msg ${L.msg} != ${s.msg}`);
      // A spec field of variable size (an inline variable structure in a union arm) matches a
      // catalog field of the same name at the same offset, whatever its size.
      const variable = new Set(specFields(s).filter((f) => f.size === 'variable').map((f) => `${f.name}@${f.offset}`));
      const want = specFields(s).map((f) => key(f.name, f.offset, f.size));
      const have = flat(L).map((f) => (variable.has(`${f.name}@${f.offset}`) ? key(f.name, f.offset, 'variable') : key(f.name, f.offset, f.size)));
      const dev = DEVIATIONS[s.section];
      const missing = want.filter((k) => !have.includes(k));
      const extra = have.filter((k) => !want.includes(k));
      if (dev) {
        assert.deepEqual({ missing, extra }, { missing: dev.spec, extra: dev.catalog }, `${s.section}: the documented deviation (${dev.reason})`);
        deviations++;
      } else {
        if (missing.length || extra.length) p.push(`fields: missing ${missing.join(', ') || '-'}; extra ${extra.join(', ') || '-'}`);
        const order = have.filter((k) => want.includes(k));
        if (order.join() !== want.filter((k) => have.includes(k)).join()) p.push('field order differs');
        if (s.variants?.length) {
          // A union: the spec's fixed size is the common header, where the arms start.
          const u = L.fields.find((f) => f.type.kind === 'union');
          if (!u || u.offset !== s.fixedSize) p.push(`the union does not start at ${s.fixedSize}`);
        } else if (L.fixedSize !== s.fixedSize) p.push(`fixed size ${L.fixedSize} != ${s.fixedSize}`);
      }
      if (p.length) problems.push(`${s.section} ${s.title}: ${p.join('; ')}`);
      else agree++;
    }
    t.diagnostic(`${agree}/${spec.layouts.length} layouts agree with the spec text (${deviations} of them through a documented deviation)`);
    assert.deepEqual(problems, []);
    assert.equal(spec.layouts.length, 242);
  });

  it('the catalog has exactly the spec\'s layouts: 132 requests, 58 responses, 2 templates, 50 structures', () => {
    const count = (k: string) => builtinCatalog.layouts.filter((l) => l.kind === k).length;
    assert.deepEqual([count('request'), count('response'), count('template'), count('structure')], [132, 58, 2, 50]);
    const names = builtinCatalog.layouts.map((l) => l.name);
    assert.equal(new Set(names).size, names.length, 'names are unique');
  });

  it('every constant is present with its value, in its table', (t) => {
    const tables = new Map(builtinCatalog.tables.map((x) => [x.name, x]));
    let found = 0;
    const problems: string[] = [];
    for (const c of spec.constants) {
      const tb = tables.get(c.table);
      const e = tb?.entries.find((x) => x.name === c.name);
      if (!tb) problems.push(`table ${c.table} missing`);
      else if (tb.section !== c.section) problems.push(`${c.table} section ${tb.section} != ${c.section}`);
      else if (!e) problems.push(`${c.name} missing from ${c.table}`);
      else if (e.value !== c.value) problems.push(`${c.name} = ${e.value} != ${c.value}`);
      else found++;
    }
    t.diagnostic(`${found}/${spec.constants.length} constants agree with the spec text, in ${tables.size} tables`);
    assert.deepEqual([...new Set(problems)], []);
    const total = builtinCatalog.tables.reduce((n, x) => n + x.entries.length, 0);
    assert.equal(total, spec.constants.length, 'no constants beyond the spec');
  });
});

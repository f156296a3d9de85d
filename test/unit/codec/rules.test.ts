// The rule table walked: for every rule on every catalog packet that has it, a valid request is
// edited by the table's own break (breakRule) and must give exactly that rule's code, both when
// the request is encoded (tryEncodeJson) and when its bytes are decoded. A rule kind added to the
// table is tested here without a new test.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type AppliedRule, breakRule, type CodecIssue, embedsItems, type FieldDef, type Layout, layoutRulesOf, RULES, type RuleKind, rulesOf, ruleEntry, type StructInput, tryDecodeBytes, tryEncodeJson,
} from '../../../src/lib.js';
import { builtinScope } from '../../../src/catalog/index.js';

const index = builtinScope();

/** A value for every field that keeps every rule: the rule's own satisfying value, else the default. */
function validRequest(L: Layout): { packet: string; fields: StructInput } {
  const fields: StructInput = {};
  for (const f of L.fields) {
    const t = f.type;
    if (t.kind === 'int' && f.rules?.length) {
      let v = f.fixed ?? 0;
      for (const r of f.rules) {
        if (r.kind === 'oneOf' && r.values.length) v = r.values[0]!;
        else if (r.kind === 'min') v = Math.max(v, r.value);
        else if (r.kind === 'nonzero' && v === 0) v = 1;
      }
      fields[f.name] = v;
    } else if (t.kind === 'offset') {
      const k = t.target.kind;
      fields[f.name] = k === 'wstr' || k === 'str' ? 'Ab' : k === 'guid' ? '{00112233-4455-6677-8899-AABBCCDDEEFF}' : k === 'bytes' ? { hex: '01020304' } : k === 'list' ? [{}] : {};
    }
  }
  return { packet: L.name, fields };
}

const codes = (issues: readonly CodecIssue[]): string[] => [...new Set(issues.filter((i) => i.severity !== 'info').map((i) => i.code))].sort();

const packets = index.data.layouts.filter((L) => L.kind === 'request' || L.kind === 'response');

describe('rule table', () => {
  it('every entry names its kind, a code, an attribute, a message and a way to break it', () => {
    for (const [k, e] of Object.entries(RULES)) {
      assert.equal(e.kind, k);
      assert.match(e.code, /^TP\d{4}$/);
      assert.ok(e.attribute && e.doc, k);
      assert.ok(e.break || (e.holds && e.condition && e.breakingValues), `${k}: a value rule (holds, condition, breakingValues) or an edit`);
    }
  });

  it('breaking each rule alone gives exactly its code, encoded and decoded, on every catalog packet', () => {
    const broken = new Map<RuleKind, number>();
    const none: string[] = [];
    const wrong: string[] = [];
    let valid = 0;
    for (const L of packets) {
      const req = validRequest(L);
      const ok = tryEncodeJson(req);
      // A packet whose valid request is not clean (e.g. nested structures with rules of their own) is not a baseline.
      if (!ok.bytes || codes(ok.issues).length || codes(tryDecodeBytes(ok.bytes, { as: L.name }).issues).length) continue;
      valid++;
      const sites: { field?: FieldDef; rule: AppliedRule }[] = [
        ...L.fields.flatMap((f) => rulesOf(L, f).map((rule) => ({ field: f, rule }))),
        ...layoutRulesOf(L).map((rule) => ({ rule })),
      ];
      for (const s of sites) {
        const where = `${L.name}.${s.field?.name ?? 'VarData'} ${s.rule.kind}`;
        const bad = breakRule(index, { layout: L, ...s }, req);
        if (!bad) {
          none.push(where);
          continue;
        }
        const e = ruleEntry(s.rule);
        const enc = tryEncodeJson(bad);
        if (!enc.bytes) {
          wrong.push(`${where}: does not encode: ${enc.issues.map((i) => i.message).join('; ')}`);
          continue;
        }
        // Its code, plus those of the rules the table says cannot hold with it broken here.
        const want = [...new Set([e.code, ...(s.field && e.companions ? e.companions(s.rule as never, L, s.field).map((k) => RULES[k].code) : [])])].sort().join();
        const got = codes(enc.issues);
        if (got.join() !== want) wrong.push(`${where}: encode gave [${got}] for ${want}`);
        if (e.decodes) {
          const dec = codes(tryDecodeBytes(enc.bytes, { as: L.name }).issues);
          if (dec.join() !== want) wrong.push(`${where}: decode gave [${dec}] for ${want}`);
        }
        broken.set(s.rule.kind, (broken.get(s.rule.kind) ?? 0) + 1);
      }
    }
    assert.deepEqual(wrong, []);
    assert.ok(valid > packets.length * 0.9, `${valid} of ${packets.length} packets have a clean valid request`);
    // Every kind of the table is broken somewhere in the catalog.
    assert.deepEqual(Object.keys(RULES).filter((k) => !broken.has(k as RuleKind)), []);
    // Where no edit exists, the reason is one of the documented ones: a value rule on a computed
    // field (its pin would disagree with the item), @vardata beside a required item, or an item
    // whose size field's own rules forbid a size past VarData.
    for (const w of none) assert.match(w, / (min|oneOf|vardata|itemFits)$/, w);
    assert.ok(none.length < 20, none.join('\n'));
  });

  it('the rules of embedded structures\' items (LINEPROXYREQUEST, 2.2.6.28) break alone too, encoded and decoded', (t) => {
    // Every inline field, in any catalog layout or union arm, whose structure has items of its
    // own: a valid request selecting its arm, then each rule of each of the structure's fields
    // broken by the table's edit, counted from the embedded structure's first byte. TotalSize is
    // a rule of the packet (the top-level walk has it), not of a structure inside it.
    const wrong: string[] = [];
    const broken = new Set<RuleKind>();
    let sites = 0;
    for (const L of index.data.layouts) {
      const arms: { selector?: { name: string; value: number }; fields: readonly FieldDef[] }[] = [{ fields: L.fields }];
      for (const f of L.fields) if (f.type.kind === 'union') for (const a of f.type.variants) arms.push({ selector: { name: f.type.selector, value: a.value }, fields: a.fields });
      for (const arm of arms) {
        for (const host of arm.fields) {
          const sub = host.type.kind === 'inline' ? index.layout(host.type.layout) : undefined;
          if (!sub || !embedsItems(sub)) continue;
          const req = validRequest(L);
          req.fields[host.name] = validRequest(sub).fields;
          if (arm.selector) req.fields[arm.selector.name] = arm.selector.value;
          const ok = tryEncodeJson(req);
          const where0 = `${L.name}.${host.name}`;
          if (!ok.bytes || codes(ok.issues).length || codes(tryDecodeBytes(ok.bytes, { as: L.name }).issues).length) {
            wrong.push(`${where0}: the valid request is not clean: ${JSON.stringify(ok.issues)}`);
            continue;
          }
          for (const f of sub.fields) {
            for (const rule of rulesOf(sub, f).filter((r) => r.kind !== 'total')) {
              const where = `${where0}.${f.name} ${rule.kind}`;
              const bad = breakRule(index, { layout: L, field: f, rule, embedded: { field: host.name, layout: sub } }, req);
              if (!bad) {
                wrong.push(`${where}: no edit`);
                continue;
              }
              sites++;
              const e = ruleEntry(rule);
              const want = [...new Set([e.code, ...(e.companions ? e.companions(rule as never, sub, f).map((k) => RULES[k].code) : [])])].sort().join();
              const enc = tryEncodeJson(bad);
              if (!enc.bytes) {
                wrong.push(`${where}: does not encode: ${enc.issues.map((i) => i.message).join('; ')}`);
                continue;
              }
              const got = codes(enc.issues);
              if (got.join() !== want) wrong.push(`${where}: encode gave [${got}] for ${want}`);
              const dec = tryDecodeBytes(enc.bytes, { as: L.name });
              if (codes(dec.issues).join() !== want) wrong.push(`${where}: decode gave [${codes(dec.issues)}] for ${want}`);
              else if (!dec.issues.some((i) => i.code === e.code && i.path === `${host.name}.${f.name}`)) wrong.push(`${where}: decode names another field: ${JSON.stringify(dec.issues)}`);
              broken.add(rule.kind);
            }
          }
        }
      }
    }
    t.diagnostic(`${sites} rule sites in embedded structures broken alone`);
    assert.deepEqual(wrong, []);
    // LINEPROXYREQUEST's seven arms, and every item rule a structure's list or string has.
    assert.ok(sites >= 30, `${sites} sites`);
    assert.deepEqual([...broken].sort(), ['countAgrees', 'entriesFit', 'inside', 'itemFits', 'terminated', 'wholeEntries']);
  });

  it('the walk can fail: an edit that breaks two rules is caught', () => {
    const L = index.layout('CreateAgentSession')!;
    const req = validRequest(L);
    const bad = breakRule(index, { layout: L, field: L.fields.find((f) => f.name === 'lpGroupID')!, rule: { kind: 'required' } }, req)!;
    assert.deepEqual(codes(tryEncodeJson(bad).issues), [RULES.required.code]);
    // The same edit plus a second fault: the walk's comparison (codes joined vs the one code) fails.
    const two = { ...bad, fields: { ...(bad.fields as StructInput), Reserved1: 1 } };
    const got = codes(tryEncodeJson(two).issues);
    assert.deepEqual(got, [RULES.zero.code, RULES.required.code].sort());
    assert.notEqual(got.join(), RULES.required.code);
  });
});

/**
 * `break` mutants: each breaks exactly one server rule of the packet's layout (MS-TRP 3.1.4.2,
 * with the layout's required values and must-be-zero fields) and nothing else. Which rules a
 * layout has, their codes and how each is broken alone all come from the rule table
 * (`rules.ts`: `rulesOf`, `layoutRulesOf`, `ruleEntry`) and its breaker (`break-rule.ts`:
 * `breakRule`); this module only chooses what to break and checks the result.
 *
 * Variety: the rule is broken on a `valid` mutant of the input (another value of some other
 * field), so a run gives many packets per rule; where the table's edit does not apply to that
 * variant (an item it needs made absent), the input itself is used. The codec's own check
 * judges every result: decode must report exactly the rule's code and no other warning.
 */
import { breakRule, type RuleSite } from './break-rule.js';
import { Code } from './issues.js';
import type { FieldDef, Layout } from './layout.js';
import { type Base, requestWith, sameBytes } from './mutate-base.js';
import type { Rng } from './mutate-prng.js';
import { decodePacket, encodeRequest } from './packet.js';
import { layoutRulesOf, ruleEntry, rulesOf } from './rules.js';
import type { PacketInput } from './values.js';

/** One rule of the layout where it applies, with the code it gives when broken. */
export interface BreakTarget {
  /** The field whose rule it is (`VarData` for the layout's own rules). */
  field: string;
  code: Code;
  /** The rule in a few words (the table's summary). */
  rule: string;
  site: RuleSite;
}

/** Draws per mutant before it is given up. */
const ATTEMPTS = 12;

/** Whether a field says which packet this is (Req_Func, Msg): a different value makes another packet, not a broken one. */
function isDispatch(L: Layout, f: FieldDef): boolean {
  return L.kind === 'response' ? f.name === 'Msg' : f.offset === 0 && f.name === 'Req_Func';
}

/**
 * Every rule of a layout that the server checks, in field order: the table's rules of each
 * field and of the layout, but for `ignored` (the server ignores those fields) and `total`
 * (TotalSize is a relation of the packet, broken by `raw` mutants).
 */
export function breakTargets(L: Layout): BreakTarget[] {
  const out: BreakTarget[] = [];
  if (L.kind === 'structure') return out;
  for (const f of L.fields) {
    for (const r of rulesOf(L, f)) {
      if (r.kind === 'ignored' || r.kind === 'total' || (r.kind === 'fixed' && isDispatch(L, f))) continue;
      const e = ruleEntry(r);
      out.push({ field: f.name, code: e.code, rule: e.summary(r, f), site: { layout: L, field: f, rule: r } });
    }
  }
  for (const r of layoutRulesOf(L)) {
    const e = ruleEntry(r);
    out.push({ field: 'VarData', code: e.code, rule: e.summary(r), site: { layout: L, rule: r } });
  }
  return out;
}

/**
 * The warning codes decode reports for bytes read as the base's layout, but for a pin that
 * disagrees (a TotalSize that is not the length of a padded packet): not a rule of the server.
 */
function warningCodes(base: Base, bytes: Uint8Array): string[] {
  return decodePacket(base.index, bytes, { as: base.layout.name, spans: false })
    .issues.filter((i) => i.severity === 'warning' && i.code !== Code.PinDisagrees)
    .map((i) => i.code);
}

/** A valid variant of the input to break the rule on: its request and what it changed. */
export type Vary = (rng: Rng) => { request: PacketInput; what: string } | undefined;

/**
 * One mutant breaking `target` alone: on a valid variant of the input (from `vary`), or on the
 * input itself; undefined when no draw gave bytes with exactly the rule's code.
 */
export function tryBreak(base: Base, target: BreakTarget, rng: Rng, vary: Vary): { request: PacketInput; bytes: Uint8Array; what: string } | undefined {
  const plain = requestWith(base, base.fields);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    // The last attempts break the input itself, which the table's edits are made for.
    const variant = attempt < ATTEMPTS - 2 ? vary(rng) : undefined;
    const request = breakRule(base.index, target.site, variant?.request ?? plain);
    if (!request) continue;
    const e = encodeRequest(base.index, request);
    if (!e.bytes || sameBytes(e.bytes, base.bytes)) continue;
    const codes = warningCodes(base, e.bytes);
    if (codes.length !== 1 || codes[0] !== target.code) continue;
    const what = `${target.field} made to break "${target.rule}"${variant ? `, on a valid variant (${variant.what})` : ''}`;
    return { request, bytes: e.bytes, what };
  }
  return undefined;
}

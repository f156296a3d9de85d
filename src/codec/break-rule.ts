/**
 * Breaking one rule on purpose (for mutation: a request the server rejects for exactly one
 * reason). The rule table (`rules.ts`) says how; this applies its edit to a request: new field
 * values and VarData are merged in; an edit of the encoded bytes becomes a request that pins
 * every offset, size and count and carries VarData verbatim, so it encodes to exactly the edited bytes.
 */
import type { CatalogIndex } from './catalog-index.js';
import type { FieldDef, Layout } from './layout.js';
import { LIMITS } from './limits.js';
import { encodeRequest } from './packet.js';
import { type AppliedRule, ruleEntry, type RuleEdit, valueRulesOf } from './rules.js';
import { toHex } from './bytes.js';
import { isComputed } from './layout.js';
import { isStructInput, type PacketInput, type StructInput } from './values.js';

/** One rule where it applies: a field of a layout (none for the layout's own rules, `@vardata`). */
export interface RuleSite {
  layout: Layout;
  field?: FieldDef;
  rule: AppliedRule;
  /**
   * For a field of a structure embedded in `layout` (LINEPROXYREQUEST's GroupListSETAGENTGROUP,
   * MS-TRP 2.2.6.28): the inline field that holds it (a field of `layout` or of its selected
   * union arm) and the structure, whose first byte its offsets count from.
   */
  embedded?: { field: string; layout: Layout };
}

/**
 * `request` (valid: it breaks no rule) edited to break `site.rule` and no other; undefined when
 * the table has no such edit for this site (e.g. a value rule on a computed field: a pinned size
 * that disagrees with its item is a second fault). Never throws.
 */
export function breakRule(index: CatalogIndex, site: RuleSite, request: PacketInput): PacketInput | undefined {
  const edit = editFor(site);
  if (!edit) return undefined;
  const fields: StructInput = isStructInput(request.fields) ? { ...request.fields } : {};
  const out: PacketInput = { ...request, fields };
  const em = site.embedded;
  if (edit.fields) {
    if (!em) Object.assign(fields, edit.fields);
    else fields[em.field] = { ...(isStructInput(fields[em.field]) ? (fields[em.field] as StructInput) : {}), ...edit.fields };
  }
  if (edit.varData) out.varData = { hex: toHex(edit.varData) };
  if (!edit.bytes) return out;
  const enc = encodeRequest(index, out, { spans: true });
  if (!enc.bytes || !enc.spans) return undefined;
  const L = site.layout;
  const top = enc.spans.filter((s) => s.kind === 'field' && !s.path.includes('.'));
  const fixedEnd = top.reduce((n, s) => Math.max(n, s.offset + s.size), 0);
  // An embedded structure's fields sit under its inline field; its offsets count from its first byte.
  const start = em ? top.find((s) => s.path === em.field)?.offset : 0;
  const inner = em ? enc.spans.filter((s) => s.kind === 'field' && s.path.startsWith(`${em.field}.`) && !s.path.includes('.', em.field.length + 1)) : [];
  const at = !site.field ? 0 : em ? inner.find((s) => s.path === `${em.field}.${site.field!.name}`)?.offset : top.find((s) => s.path === site.field!.name)?.offset;
  if (at === undefined || start === undefined) return undefined;
  const b = edit.bytes(enc.bytes.slice(), at, em ? start : fixedEnd, start);
  if (!b) return undefined;
  // The packet's own lengths follow the edit (unless TotalSize is the rule being broken).
  for (const f of L.fields) {
    const s = top.find((x) => x.path === f.name);
    if (!s || (site.rule.kind === 'total' && f === site.field)) continue;
    if (f.type.kind === 'total' && s.offset === 0) put32(b, 0, b.length);
    else if (f.type.kind === 'varsize') put32(b, s.offset, b.length - fixedEnd);
  }
  // The edited packet as a request: the fixed part's values as they were, every offset and
  // size pinned to what the edit left, VarData verbatim (so the request encodes to exactly `b`).
  const pinned: StructInput = { ...fields };
  for (const f of withArms(L.fields)) {
    const s = top.find((x) => x.path === f.name);
    if (!s) continue;
    if (f.type.kind === 'offset' || f.type.kind === 'size' || f.type.kind === 'count') pinned[f.name] = { raw: get32(b, s.offset) };
    else if (f.type.kind === 'total' || f.type.kind === 'varsize') {
      if (site.rule.kind === 'total' && f === site.field) pinned[f.name] = { raw: get32(b, s.offset) };
      else delete pinned[f.name];
    }
  }
  if (em) {
    // The embedded structure's offsets, sizes, counts and totals as the edit left them.
    const sub: StructInput = { ...(isStructInput(fields[em.field]) ? (fields[em.field] as StructInput) : {}) };
    for (const f of withArms(em.layout.fields)) {
      const s = inner.find((x) => x.path === `${em.field}.${f.name}`);
      if (s && (isComputed(f.type))) sub[f.name] = { raw: get32(b, s.offset) };
    }
    pinned[em.field] = sub;
  }
  const verbatim: PacketInput = { packet: L.name, fields: pinned };
  if (b.length > fixedEnd) verbatim.varData = { hex: toHex(b.subarray(fixedEnd)) };
  return verbatim;
}

/** The fields of a layout and of every arm of its unions (spans say which arm was written). */
function withArms(fields: readonly FieldDef[]): FieldDef[] {
  return fields.flatMap((f) => (f.type.kind === 'union' ? [f, ...f.type.variants.flatMap((a) => a.fields)] : [f]));
}

/** The table's edit for a site: a breaking value for value rules where one breaks nothing else, else the entry's own edit. */
function editFor(site: RuleSite): RuleEdit | undefined {
  const { field: f, rule: r } = site;
  const L = site.embedded?.layout ?? site.layout;
  const e = ruleEntry(r);
  if (e.breakingValues && f && !isComputed(f.type) && f.type.kind === 'int') {
    const others = valueRulesOf(f).filter((x) => x.kind !== r.kind);
    const max = f.type.width === 4 ? 0xffffffff : f.type.width === 2 ? 0xffff : 0xff;
    // Others are judged with the most room a packet can give (a breaking value past it breaks `room` too).
    const v = e.breakingValues(r, f).find((x) => x >= 0 && x <= max && !e.holds!(r, x, 0) && others.every((o) => ruleEntry(o).holds!(o, x, LIMITS.maxPacketSize)));
    if (v !== undefined) return { fields: { [f.name]: v } };
  }
  if (!e.break) return undefined;
  if (!f) return e.break(r, L, { name: 'VarData', type: { kind: 'varsize' }, offset: 0, size: 0 });
  return e.break(r, L, f);
}

function get32(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

function put32(b: Uint8Array, at: number, v: number): void {
  b[at] = v & 0xff;
  b[at + 1] = (v >>> 8) & 0xff;
  b[at + 2] = (v >>> 16) & 0xff;
  b[at + 3] = v >>> 24;
}

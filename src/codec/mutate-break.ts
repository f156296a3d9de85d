/**
 * `break` mutants: each breaks exactly one server rule of the packet's layout (MS-TRP 3.1.4.2,
 * with the layout's required values and must-be-zero fields) and nothing else.
 *
 * This module knows, for each rule kind of the layout model (`Rule` in layout.ts: align, min,
 * oneOf, nonzero, room; plus a field's `fixed` value, the `zero` role, a required item, and the
 * layout's `minVarData`), which code the codec reports for it and how to break it alone. It is
 * kept apart on purpose: it is the "how to break it" column of the rule table of issue 13, to be
 * folded into that table (src/codec/rules.ts) when it lands, after which this file only reads it.
 *
 * A break is either a value (a field set to what the rule forbids; the encoder computes the
 * rest) or surgery on the encoded bytes (an offset moved, VarData cut), read back with decode so
 * that the mutant's request still encodes to its bytes. Either way the codec's own check judges
 * the result: the bytes must give exactly the rule's code and no other warning.
 */
import { readU32le } from './bytes.js';
import { Code } from './issues.js';
import { type FieldDef, type Layout, type Rule, TAPI_NO_DATA } from './layout.js';
import { type Base, concatBytes, patchU32, readBack, requestWith, ruleCodes, sameBytes, showValue, withChanges } from './mutate-base.js';
import type { Rng } from './mutate-prng.js';
import { decodePacket, encodeRequest } from './packet.js';
import type { FieldInput, PacketInput, StructInput } from './values.js';

/** How a rule is broken: which one, where, and the change that does it. */
export interface BreakTarget {
  /** The field whose rule it is (`VarData` for the layout's minimum VarData size). */
  field: string;
  /** The code the codec reports when the rule is broken. */
  code: Code;
  /** The rule, in the catalog's words (`@min(16)`, `zero`, `@align(4): inside VarData`). */
  rule: string;
  breaker: (b: BreakBase, rng: Rng) => Broken | undefined;
  /** The field's item must be present (`item`), or present and not empty (`content`: a string of one character or more, a blob of one byte or more). */
  needs?: 'item' | 'content';
}

/** A broken packet: new field values (the encoder computes the rest), or new bytes. */
type Broken = { fields: StructInput; what: string } | { bytes: Uint8Array; what: string };

/** The input packet, with the item of the field being broken present. */
interface BreakBase {
  base: Base;
  bytes: Uint8Array;
  fields: StructInput;
  /** Where each top-level item starts in `bytes` and how long it is. */
  items: ReadonlyMap<string, { offset: number; size: number }>;
}

/** Attempts per mutant before it is given up, and probes per target before a run. */
const ATTEMPTS = 16;

const maxOf = (f: FieldDef): number => (f.type.kind === 'int' ? (f.type.width === 4 ? 0xffffffff : f.type.width === 2 ? 0xffff : 0xff) : 0xffffffff);
const roundUp = (n: number, k: number): number => Math.ceil(n / k) * k;

/** What a breaker breaks on a field: one of its rules, its required value, or its must-be-zero role. */
type Broke = Rule['kind'] | 'fixed' | 'zero';

/** Whether `v` keeps every rule of `f` other than `except`. */
function keepsOthers(f: FieldDef, v: number, except: Broke): boolean {
  for (const r of f.rules ?? []) {
    if (r.kind === except) continue;
    if (r.kind === 'min' && v < r.value) return false;
    if (r.kind === 'oneOf' && !r.values.includes(v)) return false;
    if (r.kind === 'nonzero' && v === 0) return false;
  }
  if (except !== 'zero' && f.role === 'zero' && v !== 0) return false;
  if (except !== 'fixed' && f.fixed !== undefined && v !== f.fixed) return false;
  return true;
}

/** Sets an integer field: by value for an ordinary field, by patching the bytes for a computed one. */
function setInt(b: BreakBase, f: FieldDef, v: number, what: string): Broken {
  if (f.type.kind === 'int') return { fields: withChanges(b.fields, [], [[f.name, v]]), what };
  return { bytes: patchU32(b.bytes, f.offset, v), what };
}

/** A value that breaks `kind` on `f` from `candidates` and keeps the field's other rules. */
function pickBreaking(f: FieldDef, kind: Broke, rng: Rng, candidates: number[], breaks: (v: number) => boolean): number | undefined {
  const ok = candidates.filter((v) => v >= 0 && v <= maxOf(f) && breaks(v) && keepsOthers(f, v, kind));
  return ok.length ? rng.pick(ok) : undefined;
}

const varLen = (b: BreakBase): number => b.bytes.length - b.base.fixedEnd;

/** Rule kinds of the layout model -> how each is broken alone. */
const VALUE_BREAKERS: { [K in Exclude<Rule['kind'], 'align'>]: (f: FieldDef, r: Extract<Rule, { kind: K }>) => BreakTarget['breaker'] } = {
  min: (f, r) => (b, rng) => {
    const v = pickBreaking(f, 'min', rng, [r.value - 1, 0, 1, rng.range(0, Math.max(0, r.value - 1))], (x) => x < r.value);
    return v === undefined ? undefined : setInt(b, f, v, `${f.name} = ${v}, under its minimum ${r.value}`);
  },
  oneOf: (f, r) => (b, rng) => {
    const hi = Math.max(...r.values);
    const lo = Math.min(...r.values);
    const v = pickBreaking(f, 'oneOf', rng, [hi + 1, lo - 1, 0, 1, maxOf(f), rng.range(0, maxOf(f))], (x) => !r.values.includes(x));
    return v === undefined ? undefined : setInt(b, f, v, `${f.name} = ${showValue(v)}, not one of the allowed values`);
  },
  nonzero: (f) => (b) => (keepsOthers(f, 0, 'nonzero') ? setInt(b, f, 0, `${f.name} = 0, where the server requires a non-zero value`) : undefined),
  room: (f) => (b, rng) => {
    // An output buffer larger than VarData: the value patched into the bytes (the encoder would
    // zero-fill VarData to any value it is given), so VarData keeps its size.
    const v = varLen(b) + 1 + rng.below(64);
    if (!keepsOthers(f, v, 'room')) return undefined;
    return { bytes: patchU32(b.bytes, f.offset, v), what: `${f.name} = ${v}, more room than the ${varLen(b)} bytes of VarData` };
  },
};

/** An offset's item moved to the end of VarData at `at` (relative to VarData), preceded by zero padding. */
function moveItem(b: BreakBase, f: FieldDef, item: Uint8Array, at: number): Uint8Array {
  const pad = at - varLen(b);
  return patchU32(concatBytes(b.bytes, new Uint8Array(pad), item), f.offset, at);
}

function alignTargets(L: Layout, f: FieldDef, n: 2 | 4): BreakTarget[] {
  const t = f.type;
  if (t.kind !== 'offset') return [];
  const out: BreakTarget[] = [];
  out.push({
    field: f.name,
    code: Code.Misaligned,
    rule: `@align(${n})`,
    needs: 'content',
    breaker: (b, rng) => {
      const it = b.items.get(f.name);
      if (!it) return undefined;
      const ks = [1, 2, 3].filter((k) => (varLen(b) + k) % n !== 0);
      const at = varLen(b) + rng.pick(ks);
      return { bytes: moveItem(b, f, b.bytes.slice(it.offset, it.offset + it.size), at), what: `${f.name} = ${at}: its item copied to an offset that is not a multiple of ${n}` };
    },
  });
  out.push({
    field: f.name,
    code: Code.OffsetOutsideVarData,
    rule: `@align(${n}): inside VarData`,
    needs: 'item',
    breaker: (b, rng) => {
      if (!b.items.get(f.name)) return undefined;
      const first = roundUp(varLen(b) + 1, 4);
      const v = rng.pick([first, first + 4 * rng.below(64), 0x7ffffffc, 0xfffffff0]);
      return { bytes: patchU32(b.bytes, f.offset, v), what: `${f.name} = ${v}, past the ${varLen(b)} bytes of VarData` };
    },
  });
  if (t.target.kind === 'wstr' || t.target.kind === 'str') {
    const width = t.target.kind === 'wstr' ? 2 : 1;
    out.push({
      field: f.name,
      code: Code.NotTerminated,
      rule: `@align(${n}): NUL-terminated`,
      needs: 'content',
      breaker: (b) => {
        const it = b.items.get(f.name);
        if (!it || it.size <= width) return undefined;
        // The string without its NUL and one more character ('A') where the NUL was, at the end of
        // VarData: no NUL before the end, and as long as before (a size field beside it still fits).
        const item = b.bytes.slice(it.offset, it.offset + it.size);
        item[it.size - width] = 0x41;
        const at = roundUp(varLen(b), 4);
        return { bytes: moveItem(b, f, item, at), what: `${f.name}: its string copied to the end of VarData without a NUL terminator` };
      },
    });
  }
  const sizeField = t.sizeField !== undefined ? L.fields.find((g) => g.name === t.sizeField) : undefined;
  if (sizeField) {
    out.push({
      field: f.name,
      code: Code.ItemBeyondVarData,
      rule: `@align(${n}): ${sizeField.name} inside VarData`,
      needs: 'content',
      breaker: (b, rng) => {
        const it = b.items.get(f.name);
        if (!it) return undefined;
        const off = readU32le(b.bytes, f.offset);
        const grow = varLen(b) - off + 1 + rng.below(32);
        // Either the size grows past the end, or (where the size is fixed by a rule) the offset
        // moves to an aligned place so near the end that the item no longer fits.
        const at = Math.floor((varLen(b) - 1) / 4) * 4;
        const canGrow = keepsOthers(sizeField, grow, 'align');
        const canMove = it.size > 0 && at + it.size > varLen(b) && at >= 0;
        if (canGrow && (!canMove || rng.chance(1, 2))) {
          return { bytes: patchU32(b.bytes, sizeField.offset, grow), what: `${sizeField.name} = ${grow}: ${f.name} (at ${off}) would run past the ${varLen(b)} bytes of VarData` };
        }
        if (!canMove) return undefined;
        return { bytes: patchU32(b.bytes, f.offset, at), what: `${f.name} = ${at}: its ${it.size} bytes (${sizeField.name}) would run past the ${varLen(b)} bytes of VarData` };
      },
    });
  }
  return out;
}

/** Whether a field is the one that says which packet this is (Req_Func, Msg): changing it makes another packet. */
function isDispatch(L: Layout, f: FieldDef): boolean {
  return (L.kind === 'request' || L.kind === 'template') && f.offset === 0 ? true : L.kind === 'response' && f.name === 'Msg';
}

/** Every rule of a layout that a mutant can break, in field order. */
export function breakTargets(L: Layout): BreakTarget[] {
  const out: BreakTarget[] = [];
  if (L.kind === 'structure') return out;
  for (const f of L.fields) {
    if (f.fixed !== undefined && !isDispatch(L, f)) {
      const fixed = f.fixed;
      out.push({
        field: f.name,
        code: Code.FixedMismatch,
        rule: `= ${fixed}`,
        breaker: (b, rng) => {
          const v = pickBreaking(f, 'fixed', rng, [fixed + 1, fixed - 1, 0, maxOf(f), rng.range(0, maxOf(f))], (x) => x !== fixed);
          return v === undefined ? undefined : setInt(b, f, v, `${f.name} = ${showValue(v)}, not the required ${showValue(fixed)}`);
        },
      });
    }
    if (f.role === 'zero') {
      out.push({
        field: f.name,
        code: Code.NonZeroReserved,
        rule: 'zero',
        breaker: (b, rng) => {
          const v = rng.pick([1, maxOf(f), rng.range(1, maxOf(f))]);
          return setInt(b, f, v, `${f.name} = ${showValue(v)}, where the server requires zero`);
        },
      });
    }
    const t = f.type;
    if (t.kind === 'offset' && !t.optional && L.kind === 'request') {
      out.push({
        field: f.name,
        code: Code.AbsentRequired,
        rule: 'required item',
        needs: 'item',
        breaker: (b) => (b.items.get(f.name) ? { bytes: patchU32(b.bytes, f.offset, TAPI_NO_DATA), what: `${f.name} = TAPI_NO_DATA, where the server requires the item` } : undefined),
      });
    }
    for (const r of f.rules ?? []) {
      if (r.kind === 'align') out.push(...alignTargets(L, f, r.n));
      else {
        const make = VALUE_BREAKERS[r.kind] as (f: FieldDef, r: Rule) => BreakTarget['breaker'];
        const code = r.kind === 'oneOf' ? Code.NotAllowed : r.kind === 'nonzero' ? Code.ZeroValue : Code.BelowMinimum;
        const rule = r.kind === 'min' ? `@min(${r.value})` : r.kind === 'oneOf' ? `@oneOf(${r.values.join(', ')})` : `@${r.kind}`;
        out.push({ field: f.name, code, rule, breaker: make(f, r) });
      }
    }
  }
  if (L.minVarData !== undefined && L.minVarData > 0) {
    const min = L.minVarData;
    out.push({
      field: 'VarData',
      code: Code.BelowMinimum,
      rule: `@vardata(${min})`,
      breaker: (b, rng) => {
        // VarData cut short, keeping every item and every output buffer's room whole.
        let keep = 0;
        for (const it of b.items.values()) keep = Math.max(keep, it.offset + it.size - b.base.fixedEnd);
        for (const f of L.fields) if (f.rules?.some((r) => r.kind === 'room')) keep = Math.max(keep, readU32le(b.bytes, f.offset));
        if (keep > min - 1) return undefined;
        const m = rng.pick([min - 1, keep, rng.range(keep, min - 1)]);
        return { bytes: b.bytes.slice(0, b.base.fixedEnd + m), what: `VarData cut to ${m} bytes, under the ${min} the server requires` };
      },
    });
  }
  return out;
}

/** A value for an absent item, so that its rules can be broken: short, and breaking no rule itself. */
function sampleItem(L: Layout, f: FieldDef): FieldInput {
  const t = f.type;
  if (t.kind !== 'offset') return undefined;
  switch (t.target.kind) {
    case 'wstr':
    case 'str':
      return 'A';
    case 'guid':
      return '{6B29FC40-CA47-1067-B31D-00DD010662DA}';
    case 'bytes': {
      const s = t.sizeField !== undefined ? L.fields.find((g) => g.name === t.sizeField) : undefined;
      const min = Math.max(4, ...(s?.rules ?? []).map((r) => (r.kind === 'min' ? r.value : r.kind === 'oneOf' ? Math.min(...r.values) : 0)));
      return { hex: '41'.repeat(min) };
    }
    case 'struct':
      return {};
  }
}

/** Whether an item value has content: a string of one character or more, a blob of a byte or more, anything else present. */
function hasContent(v: FieldInput): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'string') return v.length > 0;
  if (typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array) && 'hex' in v) return typeof v.hex === 'string' && v.hex.replace(/[^0-9a-f]/gi, '').length >= 2;
  return true;
}

/** The base with the item of `target.field` as the target needs it (the input's, or a sample when the input's will not do). */
function breakBase(base: Base, target: BreakTarget): BreakBase | undefined {
  const L = base.layout;
  const f = L.fields.find((g) => g.name === target.field);
  let fields = base.fields;
  let bytes = base.bytes;
  let spans = base.spans;
  const v = f ? base.fields[f.name] : undefined;
  const ok = target.needs === undefined || (target.needs === 'item' ? v !== undefined && v !== null : hasContent(v));
  if (f && f.type.kind === 'offset' && !ok) {
    fields = withChanges(base.fields, [], [[f.name, sampleItem(L, f)]]);
    const r = encodeRequest(base.index, requestWith(base, fields), { spans: true });
    if (!r.bytes || !r.spans || ruleCodes(r.issues).length || r.issues.some((i) => i.code === Code.PinDisagrees)) return undefined;
    bytes = r.bytes;
    spans = r.spans;
  }
  const items = new Map<string, { offset: number; size: number }>();
  for (const s of spans) if (s.kind === 'item' && !s.path.includes('.')) items.set(s.path, { offset: s.offset, size: s.size });
  return { base, bytes, fields, items };
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

/** One try at breaking `target` alone; undefined when this draw broke nothing or more than the rule. */
export function tryBreak(base: Base, target: BreakTarget, rng: Rng): { request: PacketInput; bytes: Uint8Array; what: string } | undefined {
  const b = breakBase(base, target);
  if (!b) return undefined;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const broken = target.breaker(b, rng);
    if (!broken) continue;
    let request: PacketInput;
    let bytes: Uint8Array;
    if ('fields' in broken) {
      request = requestWith(base, broken.fields);
      const r = encodeRequest(base.index, request);
      if (!r.bytes) continue;
      bytes = r.bytes;
    } else {
      const back = readBack(base, broken.bytes);
      if (!back) continue;
      request = back.request;
      bytes = broken.bytes;
    }
    if (sameBytes(bytes, base.bytes)) continue;
    const codes = warningCodes(base, bytes);
    if (codes.length === 1 && codes[0] === target.code) return { request, bytes, what: broken.what };
  }
  return undefined;
}

/**
 * Compiled plans: a flat, precomputed field table per layout, built once and cached, that the
 * fast encoder (`encode.ts`) and the fast decoder (`decode.ts`) walk with no Maps,
 * closures or name lookups per packet.
 *
 * Only "flat" requests and responses get a plan: integer, fixed-bytes, offset (to a string,
 * GUID or bytes item), size, total and varsize fields, none trailing. Everything else (inline
 * structures, unions, nested structure items, trailing fields, structures themselves) has no
 * plan and always takes the general path in `../encode.ts`/`../decode.ts`, which stays the reference.
 */
import type { FieldDef, Layout, Rule } from '../layout.js';
import { type AppliedRule, valueRulesHold as tableRulesHold, valueRulesOf } from '../rules.js';
import type { GeneratedCodec } from './generate.js';
import type { FieldInput, StructInput } from '../values.js';

/** What a step of a plan does. Numeric so the hot loops switch on small integers. */
export const enum Op {
  Int = 0,
  Bytes = 1,
  Offset = 2,
  Size = 3,
  Total = 4,
  VarSize = 5,
}

/** What an offset step points at. */
export const enum Target {
  Wstr = 0,
  Str = 1,
  Guid = 2,
  Bytes = 3,
}

/**
 * One field of a flat layout, with everything the hot loops need precomputed. A class, so every
 * step has one shape (catalog FieldDefs come from JSON in many shapes, which makes reading them
 * in a loop slow).
 */
export class Step {
  /** Offset: index of the size step that holds the item's length, or -1. */
  sizeStep = -1;
  /** Whether the value has any rule to check (must-be-zero, fixed, or rules). */
  readonly checked: boolean;
  /**
   * A top-level u32 the server ignores (role `ignored`): not a rule, but a non-zero value gets a
   * warning (TP3012), so the encoder's `clean` also says every such field is zero.
   */
  readonly ignored: boolean;

  constructor(
    readonly f: FieldDef,
    readonly name: string,
    readonly op: Op,
    /** Byte offset in the fixed part (no trailing fields, so it never moves). */
    readonly at: number,
    /** Int: byte width; Bytes: length; others: 4. */
    readonly size: number,
    /** Int: the value written when the author gives none (`fixed`, else 0). */
    readonly dflt: number,
    /** Int: the largest value that fits. */
    readonly max: number,
    /** The value the spec requires (`fixed`), or -1 for none. */
    readonly fixed: number,
    /** Must be zero when sent (role `zero`). */
    readonly mustBeZero: boolean,
    /** Offset: what it points at. */
    readonly target: Target,
    /** Offset: whether the item may be absent without a warning. */
    readonly optional: boolean,
    /** Offset: the alignment rule (2 or 4), or 0. */
    readonly align: number,
    /** The field's `@` rules (min, oneOf, nonzero, room, align), or undefined. */
    readonly rules: readonly Rule[] | undefined,
    /** Whether the field is a value the encoder computes (offsets, sizes, totals). */
    readonly computed: boolean,
  ) {
    this.valueRules = valueRulesOf(f);
    this.checked = this.valueRules.length > 0;
    this.ignored = f.role === 'ignored' && op === Op.Int && size === 4;
  }

  /** The value rules the decoder checks (the rule table's: zero, fixed, min, oneOf, nonzero, room). */
  readonly valueRules: readonly AppliedRule[];

  /**
   * Int: whether decode leaves the value out of the request (it equals the fixed value, or 0 for
   * must-be-zero). The fast decoder only takes values that break no rule, so for those fields
   * that is always, and the request's keys are the same for every packet of a plan.
   */
  get dropped(): boolean {
    return this.op === Op.Int && (this.fixed >= 0 || this.mustBeZero);
  }
}

/** A compiled flat layout. */
export interface Plan {
  readonly layout: Layout;
  readonly steps: readonly Step[];
  /** Indices of the offset steps, in field order (the order of their items in VarData). */
  readonly offsets: readonly number[];
  /** Every field name, for the unknown-field check. */
  readonly names: ReadonlySet<string>;
  readonly fixedSize: number;
  /** Int steps carrying a `room` rule (their value is VarData room the encoder zero-fills). */
  readonly roomSteps: readonly number[];
  readonly minVarData: number;
  /** The fields object every fast decode starts from: the request's keys in field order. */
  readonly template: StructInput;
  /** Reads every step's value from a fields object into `into` (by step index); returns how many are set. */
  readonly gather: (values: StructInput, into: FieldInput[]) => number;
  /** Builds the decoded fields object (the template's keys) from values by step index. */
  readonly build: (vals: readonly FieldInput[]) => StructInput;
  /** The generated encoder and decoder (`generate.ts` codecOf): undefined until first asked, null where there is none. */
  codec: GeneratedCodec | null | undefined;
}

const cache = new WeakMap<Layout, Plan | null>();

/**
 * Field access by name is the hot spot of the fast paths: one dynamic `values[name]` per field
 * defeats the engine's property caches. So each plan gets two small accessors generated from its
 * field names (names only, quoted with JSON.stringify; no other input reaches the generated
 * source), each property read or written at its own site. Where code generation is unavailable
 * (a content security policy) or a name is `__proto__`, plain loops do the same.
 */
function generated<T>(params: string[], body: string): T | undefined {
  try {
    return new Function(...params, body) as T;
  } catch {
    return undefined;
  }
}

function makeGather(names: readonly string[]): Plan['gather'] {
  const plain = (values: StructInput, into: FieldInput[]): number => {
    let n = 0;
    for (let i = 0; i < names.length; i++) if ((into[i] = values[names[i]!]) !== undefined) n++;
    return n;
  };
  if (names.includes('__proto__')) return plain;
  const body = names.map((k, i) => `x = v[${JSON.stringify(k)}]; o[${i}] = x; if (x !== undefined) n++;`).join('\n');
  return generated<Plan['gather']>(['v', 'o'], `let n = 0, x;\n${body}\nreturn n;`) ?? plain;
}

function makeBuild(kept: readonly (readonly [string, number])[]): Plan['build'] {
  const plain = (vals: readonly FieldInput[]): StructInput => {
    const o: StructInput = {};
    for (const [k, i] of kept) o[k] = vals[i];
    return o;
  };
  if (kept.some(([k]) => k === '__proto__')) return plain;
  const body = kept.map(([k, i]) => `${JSON.stringify(k)}: a[${i}]`).join(', ');
  return generated<Plan['build']>(['a'], `return { ${body} };`) ?? plain;
}

/** The plan of a layout, or undefined when the layout is not flat (compiled once per layout). */
export function planOf(L: Layout): Plan | undefined {
  let p = cache.get(L);
  if (p === undefined) {
    p = compile(L);
    cache.set(L, p);
  }
  return p ?? undefined;
}

function compile(L: Layout): Plan | null {
  if (L.kind === 'structure') return null;
  const steps: Step[] = [];
  const byName = new Map<string, number>();
  let at = 0;
  for (const f of L.fields) {
    if (f.trailing || f.offset !== at || byName.has(f.name)) return null;
    const s = step(f, at);
    if (!s) return null;
    byName.set(f.name, steps.length);
    steps.push(s);
    at += s.size;
  }
  if (at !== L.fixedSize) return null;
  // Offset steps name their size field; it must be a computed size field that only this offset uses.
  const used = new Set<number>();
  for (const s of steps) {
    const t = s.f.type;
    if (t.kind !== 'offset' || t.sizeField === undefined) continue;
    const k = byName.get(t.sizeField);
    if (k === undefined || steps[k]!.op !== Op.Size || used.has(k)) return null;
    used.add(k);
    s.sizeStep = k;
  }
  const template: StructInput = {};
  for (const s of steps) {
    if (s.op === Op.Int && !s.dropped) template[s.name] = 0;
    else if (s.op === Op.Bytes || s.op === Op.Offset) template[s.name] = null;
  }
  const kept = steps.map((s, i) => [s.name, i] as const).filter(([name]) => name in template);
  return {
    gather: makeGather(steps.map((x) => x.name)),
    build: makeBuild(kept),
    layout: L,
    steps,
    offsets: steps.flatMap((s, i) => (s.op === Op.Offset ? [i] : [])),
    names: new Set(byName.keys()),
    fixedSize: L.fixedSize,
    roomSteps: steps.flatMap((s, i) => (s.op === Op.Int && s.rules?.some((r) => r.kind === 'room') ? [i] : [])),
    minVarData: L.minVarData ?? 0,
    template,
    codec: undefined,
  };
}

function step(f: FieldDef, at: number): Step | null {
  const t = f.type;
  const rules = f.rules && f.rules.length ? f.rules : undefined;
  const fixed = f.fixed ?? -1;
  const zero = f.role === 'zero';
  const make = (op: Op, size: number, extra: { dflt?: number; max?: number; target?: Target; optional?: boolean; align?: number } = {}): Step =>
    new Step(f, f.name, op, at, size, extra.dflt ?? 0, extra.max ?? 0, fixed, zero, extra.target ?? Target.Wstr, extra.optional ?? true, extra.align ?? 0, rules, op !== Op.Int && op !== Op.Bytes);
  switch (t.kind) {
    case 'int':
      return make(Op.Int, t.width, { dflt: f.fixed ?? 0, max: t.width === 4 ? 0xffffffff : t.width === 2 ? 0xffff : 0xff });
    case 'bytes':
      return make(Op.Bytes, t.length);
    case 'offset': {
      const k = t.target.kind;
      const target = k === 'wstr' ? Target.Wstr : k === 'str' ? Target.Str : k === 'guid' ? Target.Guid : k === 'bytes' ? Target.Bytes : -1;
      if (target < 0) return null;
      const align = f.rules?.find((r) => r.kind === 'align');
      return make(Op.Offset, 4, { target: target as Target, optional: t.optional, align: align?.kind === 'align' ? align.n : 0 });
    }
    case 'size':
      return make(Op.Size, 4);
    case 'total':
      return make(Op.Total, 4);
    case 'varsize':
      return make(Op.VarSize, 4);
    default:
      return null;
  }
}

/**
 * The general decoder's value rules (the rule table, `../rules.ts`) for value `v` of a step,
 * VarData being `varLen` bytes: true when none is broken.
 */
export function valueRulesHold(s: Step, v: number, varLen: number): boolean {
  return tableRulesHold(s.valueRules, v, varLen);
}

/**
 * The rule table: every server rule (MS-TRP 3.1.4.2) and layout rule the codec checks, in one
 * place, each with its attribute, code, section, message, predicate, the condition the code
 * generator inlines, and how to break it. The general decoder (`decode.ts`), the plan
 * interpreters and the generated codecs (`fast/`), hover and completion read it; adding a rule
 * kind is an entry here plus its attribute in the compiler and the catalog.
 *
 * Breaking a rule (`RuleEntry.break`) gives an edit, as plain data: new field values, a new
 * VarData, or a change to the encoded bytes. `break-rule.ts` applies it to a request; the
 * rules test applies it to every rule of every catalog packet and expects exactly that code.
 */
import { Code } from './issues.js';
import { type FieldDef, type Layout, TAPI_NO_DATA } from './layout.js';
import { LIMITS } from './limits.js';

/** The section every server rule lives in. */
export const RULES_SECTION = '3.1.4.2';

/** A rule as it applies to one field (`vardata`: to the layout's VarData). */
export type AppliedRule =
  | { kind: 'zero' }
  | { kind: 'fixed'; value: number }
  | { kind: 'min'; value: number }
  | { kind: 'oneOf'; values: readonly number[] }
  | { kind: 'nonzero' }
  | { kind: 'room' }
  | { kind: 'vardata'; value: number }
  | { kind: 'align'; n: 2 | 4 }
  | { kind: 'inside' }
  | { kind: 'terminated' }
  | { kind: 'itemFits' }
  | { kind: 'required' }
  | { kind: 'total' }
  | { kind: 'ignored' }
  | { kind: 'countAgrees' }
  | { kind: 'wholeEntries' }
  | { kind: 'entriesFit' };

/** The kinds of rule in the table. */
export type RuleKind = AppliedRule['kind'];

/** What a message may name. */
export interface RuleFacts {
  /** The field's name (`VarData` for a layout rule). */
  name: string;
  /** The value read or written. */
  value: number;
  /** Bytes of VarData (of the structure, for an item of a structure; for `total`, of the whole packet). */
  varLen: number;
  /** The layout's name. */
  layout: string;
  /** What the offset counts in: `VarData`, or the structure's name. */
  area: string;
  /** The paired size field and its value, for `itemFits`. */
  sizeField?: string;
  size?: number;
  /** For the list rules: the count field, the entry size, and how many whole entries the bytes hold. */
  countField?: string;
  entrySize?: number;
  entries?: number;
  /** For the list rules: the entry's layout (`LINEMONITORTONE`). */
  entryLayout?: string;
  /** For `entriesFit` on a list without a size field: the list's offset (its bytes are `size`). */
  itemOffset?: number;
}

/**
 * How to break a rule, as plain data. `fields`: values to set (merged into the request's
 * fields); `varData`: VarData bytes to send instead of the computed ones; `bytes`: an edit of
 * the encoded packet (`at` is where the field sits, `fixedEnd` where its offsets count from:
 * VarData's start for a packet, the first byte of an embedded structure; `start` is where the
 * layout holding the field begins, 0 but for an embedded structure), after which the breaker
 * recomputes TotalSize and reads the bytes back into a request.
 */
export interface RuleEdit {
  fields?: Record<string, number | string | null | { raw: number }>;
  varData?: Uint8Array;
  bytes?: (b: Uint8Array, at: number, fixedEnd: number, start: number) => Uint8Array | undefined;
}

/** One entry of the table. */
export interface RuleEntry<R extends AppliedRule = AppliedRule> {
  kind: R['kind'];
  /** How the rule is written in `.tapipkt` (hover and completion show it). */
  attribute: string;
  /** One line: what the server wants (hover and completion show it). */
  doc: string;
  code: Code;
  /** `rules`: MS-TRP 3.1.4.2 for requests (the layout's section otherwise); `layout`: the layout's section. */
  section: 'rules' | 'layout';
  /** Whether decoding bytes reports it (`ignored` is a notice for authors only: decode shows the value). */
  decodes: boolean;
  /** Value rules: true when `v` keeps the rule, VarData being `varLen` bytes. */
  holds?: (r: R, v: number, varLen: number) => boolean;
  /**
   * Value rules: JavaScript source of the condition under which the value `x` breaks the rule,
   * VarData being `varLen` (both expressions); long value lists are pushed to `lists` and read
   * as `L[i]`. The generated codecs inline it (fast/generate.ts).
   */
  condition?: (r: R, x: string, varLen: string, lists: number[][]) => string;
  /** Value rules: values that break it, likeliest first (the breaker keeps one that breaks nothing else). */
  breakingValues?: (r: R, f: FieldDef) => number[];
  message: (r: R, facts: RuleFacts) => string;
  /** The rule with its arguments in a few words, for hover (`at least 16`). */
  summary: (r: R, f?: FieldDef) => string;
  /** The edit that breaks this rule on field `f` of `L` and no other; undefined when there is none. */
  break?: (r: R, L: Layout, f: FieldDef) => RuleEdit | undefined;
  /**
   * The rules that cannot hold when this one is broken on field `f` of `L` (its edit breaks them
   * too, and no edit could avoid it): e.g. a GenerateTone count past VarData always disagrees
   * with a dwSize that fits. Absent: none.
   */
  companions?: (r: R, L: Layout, f: FieldDef) => RuleKind[];
}

/** The value lists longer than this are passed to generated code as data, not inlined. */
const INLINE_ONE_OF = 8;

const hex8 = (v: number): string => v.toString(16).toUpperCase().padStart(8, '0');
const maxOf = (f: FieldDef): number => (f.type.kind === 'int' ? (f.type.width === 4 ? 0xffffffff : f.type.width === 2 ? 0xffff : 0xff) : 0xffffffff);

/** Writes a u32 into a copy-free edit. */
function put32(b: Uint8Array, at: number, v: number): void {
  b[at] = v & 0xff;
  b[at + 1] = (v >>> 8) & 0xff;
  b[at + 2] = (v >>> 16) & 0xff;
  b[at + 3] = v >>> 24;
}
const get32 = (b: Uint8Array, at: number): number => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;

/**
 * The item an offset field at `at` points at, in bytes `b` (offsets from `fixedEnd`, L from
 * `start`), with its length from the size field or its NUL.
 */
function itemOf(L: Layout, f: FieldDef, b: Uint8Array, at: number, fixedEnd: number, start = 0): { pos: number; len: number; sizeAt?: number } | undefined {
  const t = f.type;
  if (t.kind !== 'offset') return undefined;
  const o = get32(b, at);
  if (o === TAPI_NO_DATA) return undefined;
  const pos = fixedEnd + o;
  const sf = t.sizeField !== undefined ? L.fields.find((x) => x.name === t.sizeField) : undefined;
  if (sf) return { pos, len: get32(b, start + sf.offset), sizeAt: start + sf.offset };
  if (t.target.kind === 'guid') return { pos, len: 16 };
  const w = t.target.kind === 'wstr' ? 2 : 1;
  for (let q = pos; q + w <= b.length; q += w) if (b[q] === 0 && (w === 1 || b[q + 1] === 0)) return { pos, len: q + w - pos };
  return undefined;
}

/** `b` with `extra` appended at a 4-byte boundary of VarData plus `skew` bytes; returns the bytes and where `extra` starts (from VarData). */
function appendItem(b: Uint8Array, fixedEnd: number, extra: Uint8Array, skew: number): { bytes: Uint8Array; off: number } {
  const start = fixedEnd + ((b.length - fixedEnd + 3) & ~3) + skew;
  const out = new Uint8Array(start + extra.length);
  out.set(b);
  out.set(extra, start);
  return { bytes: out, off: start - fixedEnd };
}

/** The table, by kind. */
export const RULES: { readonly [K in RuleKind]: RuleEntry<Extract<AppliedRule, { kind: K }>> } = {
  zero: {
    kind: 'zero', attribute: 'zero', doc: 'must be zero when sent', code: Code.NonZeroReserved, section: 'layout', decodes: true,
    summary: () => 'must be zero when sent (a warning otherwise)',
    holds: (_r, v) => v === 0,
    condition: (_r, x) => `${x} !== 0`,
    breakingValues: () => [1],
    message: (_r, x) => `${x.name} must be zero; it is 0x${hex8(x.value)}`,
  },
  fixed: {
    kind: 'fixed', attribute: '= V', doc: 'must hold the value the spec requires', code: Code.FixedMismatch, section: 'layout', decodes: true,
    summary: (r) => `fixed: the encoder writes 0x${r.value.toString(16).toUpperCase()} unless set`,
    holds: (r, v) => v === r.value,
    condition: (r, x) => `${x} !== ${r.value}`,
    breakingValues: (r, f) => [r.value ^ 1, r.value === 0 ? maxOf(f) : 0],
    message: (r, x) => `${x.name} must be 0x${hex8(r.value)} for ${x.layout}; it is 0x${hex8(x.value)}`,
  },
  align: {
    kind: 'align', attribute: '@align(N)', doc: 'the offset must be a multiple of N (2: WCHAR, 4: DWORD)', code: Code.Misaligned, section: 'rules', decodes: true,
    summary: (r, f) => `the offset is ${r.n === 2 ? 'WCHAR' : 'DWORD'}-aligned (${r.n}) and inside VarData${f?.type.kind === 'offset' && (f.type.target.kind === 'wstr' || f.type.target.kind === 'str') ? '; the string ends in NUL' : ''}`,
    message: (r, x) => `${x.name} = ${x.value} is not ${r.n === 4 ? 'DWORD' : 'WCHAR'}-aligned`,
    // A copy of the item at the end of VarData, one WCHAR (n = 4) or one byte (n = 2) past a boundary.
    break: (r, L, f) => ({
      bytes: (b, at, fixedEnd, start) => {
        const it = itemOf(L, f, b, at, fixedEnd, start);
        if (!it || it.len === 0) return undefined;
        const { bytes, off } = appendItem(b, fixedEnd, b.slice(it.pos, it.pos + it.len), r.n === 4 ? 2 : 1);
        put32(bytes, at, off);
        return bytes;
      },
    }),
  },
  min: {
    kind: 'min', attribute: '@min(N)', doc: 'the server rejects a value below N', code: Code.BelowMinimum, section: 'rules', decodes: true,
    summary: (r) => `at least ${r.value}`,
    holds: (r, v) => v >= r.value,
    condition: (r, x) => `${x} < ${r.value}`,
    breakingValues: (r) => (r.value > 0 ? [r.value - 1, 0] : []),
    message: (r, x) => `${x.name} is ${x.value}; the server requires at least ${r.value}`,
  },
  oneOf: {
    kind: 'oneOf', attribute: '@oneOf(A, B, ...)', doc: 'the server accepts only the listed values', code: Code.NotAllowed, section: 'rules', decodes: true,
    summary: (r) => `one of ${r.values.join(', ')}`,
    holds: (r, v) => r.values.includes(v),
    condition: (r, x, _varLen, lists) =>
      r.values.length > INLINE_ONE_OF ? `!L[${lists.push([...r.values]) - 1}].includes(${x})` : r.values.length ? `!(${r.values.map((v) => `${x} === ${v}`).join(' || ')})` : 'true',
    breakingValues: (r, f) => [0, 1, Math.min(maxOf(f), Math.max(0, ...r.values) + 1), maxOf(f)],
    message: (_r, x) => `${x.name} 0x${hex8(x.value)} is not one of the values the server accepts`,
  },
  nonzero: {
    kind: 'nonzero', attribute: '@nonzero', doc: 'the server rejects zero', code: Code.ZeroValue, section: 'rules', decodes: true,
    summary: () => 'not zero',
    holds: (_r, v) => v !== 0,
    condition: (_r, x) => `${x} === 0`,
    breakingValues: () => [0],
    message: (_r, x) => `${x.name} must not be zero`,
  },
  room: {
    kind: 'room', attribute: '@room', doc: 'a byte count VarData must have room for (an output buffer); the encoder zero-fills to it', code: Code.BelowMinimum, section: 'rules', decodes: true,
    summary: () => 'a byte count VarData must hold (the encoder zero-fills VarData to it)',
    holds: (_r, v, varLen) => varLen >= v,
    condition: (_r, x, varLen) => `${varLen} < ${x}`,
    // Room no packet can give is not filled by the encoder (encode.ts), so VarData falls short.
    breakingValues: (_r, f) => [maxOf(f), LIMITS.maxPacketSize],
    message: (_r, x) => `${x.name} asks for ${x.value} bytes but VarData has ${Math.max(0, x.varLen)}`,
    // Where the value is pinned by other rules (e.g. @oneOf(104)): VarData cut one DWORD short of
    // it, when no item and no @vardata minimum needs the bytes cut.
    break: (_r, L, f) => ({
      bytes: (b, at, fixedEnd, start) => {
        const v = get32(b, at);
        const cut = fixedEnd + v - 4;
        if (v < 4 || cut >= b.length || (L.minVarData ?? 0) > v - 4) return undefined;
        for (const g of L.fields) {
          if (g === f || g.type.kind !== 'offset') continue;
          const it = itemOf(L, g, b, start + g.offset, fixedEnd, start);
          if (it && it.pos + it.len > cut) return undefined;
        }
        return b.slice(0, cut);
      },
    }),
  },
  vardata: {
    kind: 'vardata', attribute: '@vardata(N)', doc: 'VarData must be at least N bytes', code: Code.BelowMinimum, section: 'rules', decodes: true,
    summary: (r) => `VarData of at least ${r.value} bytes`,
    message: (r, x) => `VarData is ${x.value} bytes; the server requires at least ${r.value}`,
    // Every item absent and a VarData 4 bytes short (only optional items can be left out).
    break: (r, L) => {
      if (r.value < 4 || L.fields.some((f) => f.type.kind === 'offset' && !f.type.optional)) return undefined;
      const fields: Record<string, null> = {};
      for (const f of L.fields) if (f.type.kind === 'offset') fields[f.name] = null;
      return { fields, varData: new Uint8Array(r.value - 4) };
    },
  },
  inside: {
    kind: 'inside', attribute: 'offset', doc: 'the offset must point inside VarData (of the structure, for a structure\'s items)', code: Code.OffsetOutsideVarData, section: 'rules', decodes: true,
    summary: () => 'the offset points inside VarData',
    message: (_r, x) => `${x.name} = ${x.value} points outside the ${x.varLen} bytes of ${x.area}`,
    // Four bytes past the end: still aligned, and not the empty blob the encoder may place at the very end.
    break: () => ({
      bytes: (b, at, fixedEnd) => {
        if (get32(b, at) === TAPI_NO_DATA) return undefined;
        put32(b, at, b.length - fixedEnd + 4);
        return b;
      },
    }),
  },
  terminated: {
    kind: 'terminated', attribute: 'offset<wstr>, offset<str>', doc: 'a string item must end in a NUL inside its area', code: Code.NotTerminated, section: 'rules', decodes: true,
    summary: () => 'the string ends in NUL inside its area',
    message: (_r, x) => `the string at ${x.name} has no NUL terminator before the end of its area`,
    // The string again at the very end of the packet, without its NUL (and its size saying so).
    break: (_r, L, f) => ({
      bytes: (b, at, fixedEnd, start) => {
        const it = itemOf(L, f, b, at, fixedEnd, start);
        const w = f.type.kind === 'offset' && f.type.target.kind === 'wstr' ? 2 : 1;
        if (!it || it.len <= w) return undefined;
        const { bytes, off } = appendItem(b, fixedEnd, b.slice(it.pos, it.pos + it.len - w), 0);
        put32(bytes, at, off);
        if (it.sizeAt !== undefined) put32(bytes, it.sizeAt, it.len - w);
        return bytes;
      },
    }),
  },
  itemFits: {
    kind: 'itemFits', attribute: 'offset<T>? size F', doc: 'the item (offset plus size) must end inside VarData', code: Code.ItemBeyondVarData, section: 'rules', decodes: true,
    summary: () => 'the item ends inside VarData',
    message: (_r, x) => `${x.name} + ${x.sizeField} (${x.value} + ${x.size}) runs past the end of ${x.area} (${x.varLen} bytes)`,
    // The size grown past the end of VarData by four bytes; the item's own bytes (and NUL) stay.
    // None where the size field's own rules forbid that size (e.g. cbGUID @oneOf(16)).
    break: (_r, L, f) => ({
      bytes: (b, at, fixedEnd, start) => {
        const it = itemOf(L, f, b, at, fixedEnd, start);
        const sf = f.type.kind === 'offset' ? L.fields.find((x) => x.name === (f.type.kind === 'offset' ? f.type.sizeField : '')) : undefined;
        const size = it ? b.length - it.pos + 4 : 0;
        if (!it || it.sizeAt === undefined || !sf || !valueRulesHold(valueRulesOf(sf), size, b.length - fixedEnd)) return undefined;
        put32(b, it.sizeAt, size);
        return b;
      },
    }),
  },
  required: {
    kind: 'required', attribute: 'offset<T> (no ?)', doc: 'the server requires this item: it cannot be TAPI_NO_DATA', code: Code.AbsentRequired, section: 'rules', decodes: true,
    summary: () => 'required: never TAPI_NO_DATA',
    message: (_r, x) => `${x.name} is TAPI_NO_DATA but the server requires this item`,
    // TAPI_NO_DATA in the offset, the paired size left as it was (a size of 0 may break its own rules).
    break: () => ({
      bytes: (b, at) => {
        put32(b, at, TAPI_NO_DATA);
        return b;
      },
    }),
  },
  total: {
    kind: 'total', attribute: 'total', doc: 'TotalSize must be the length of the packet', code: Code.PinDisagrees, section: 'layout', decodes: true,
    summary: () => 'the byte length of the whole packet',
    message: (_r, x) => `${x.name} = ${x.value} disagrees with the length of the packet (${x.varLen} bytes); it is kept as a raw pin`,
    break: () => ({
      bytes: (b, at) => {
        put32(b, at, b.length + 4);
        return b;
      },
    }),
  },
  ignored: {
    kind: 'ignored', attribute: 'ignored', doc: 'padding the server ignores; any value is sent as written', code: Code.IgnoredNonZero, section: 'layout', decodes: false,
    summary: () => 'padding the server ignores; zero unless set',
    holds: (_r, v) => v === 0,
    condition: (_r, x) => `${x} !== 0`,
    breakingValues: () => [1],
    message: (_r, x) => `${x.name} is 0x${hex8(x.value)}; the server ignores this field, so the value is sent but has no effect`,
  },
  countAgrees: {
    kind: 'countAgrees', attribute: 'offset<T[]> count N size F, inline T[] count N', doc: 'the entry count must agree with the entries the list\'s bytes hold', code: Code.CountDisagrees, section: 'rules', decodes: true,
    summary: () => 'the count agrees with the entries the bytes hold',
    message: (_r, x) =>
      x.sizeField !== undefined
        ? `${x.countField} says ${x.value} ${x.value === 1 ? 'entry' : 'entries'}; ${x.sizeField} (${x.size} bytes) holds ${x.entries} of ${x.entrySize} bytes`
        : `${x.countField} says ${x.value} ${x.value === 1 ? 'entry' : 'entries'} of ${x.entrySize} bytes; only ${x.entries} fit in ${x.layout}`,
    // The count one lower (one higher from 0) with the size left alone, when VarData holds that many entries (else entriesFit breaks too).
    break: (_r, L, f) => {
      const c = countFieldOf(L, f);
      if (!c) return undefined;
      return {
        bytes: (b, _at, fixedEnd, start) => {
          const n = get32(b, start + c.offset);
          const want = n > 0 ? n - 1 : 1;
          if (want * entrySizeOf(L, f, b, fixedEnd, start) > b.length - fixedEnd) return undefined;
          put32(b, start + c.offset, want);
          return b;
        },
      };
    },
  },
  wholeEntries: {
    kind: 'wholeEntries', attribute: 'offset<T[]> size F', doc: 'the list\'s byte size must be a whole number of entries', code: Code.PartialEntry, section: 'rules', decodes: true,
    summary: () => 'the size is a whole number of entries',
    message: (_r, x) => `${x.name} holds ${x.value} bytes, not a whole number of ${x.entrySize}-byte ${x.entryLayout} entries`,
    // The size one byte short of the entries: the item still ends inside VarData.
    break: (_r, L, f) => ({
      bytes: (b, at, fixedEnd, start) => {
        const it = itemOf(L, f, b, at, fixedEnd, start);
        if (!it || it.sizeAt === undefined || it.len === 0) return undefined;
        put32(b, it.sizeAt, it.len - 1);
        return b;
      },
    }),
  },
  entriesFit: {
    kind: 'entriesFit', attribute: 'offset<T[]> count N', doc: 'VarData must hold as many entries as the count says (GenerateTone: dwNumTones entries)', code: Code.ItemBeyondVarData, section: 'rules', decodes: true,
    summary: () => 'VarData holds as many entries as the count says',
    message: (_r, x) =>
      x.itemOffset !== undefined
        ? `${x.name} + ${x.countField} x ${x.entrySize} (${x.itemOffset} + ${x.size}) runs past the end of ${x.area} (${x.varLen} bytes)`
        : `${x.countField} (${x.value}) x ${x.entrySize} bytes is more than the ${x.varLen} bytes of ${x.area}`,
    // With a size field that fits, such a count cannot agree with it: both are reported.
    companions: (_r, _L, f) => (f.type.kind === 'offset' && f.type.sizeField !== undefined ? ['countAgrees'] : []),
    // The count one entry past what VarData can hold, the size left alone.
    break: (_r, L, f) => {
      const c = countFieldOf(L, f);
      if (!c) return undefined;
      return {
        bytes: (b, _at, fixedEnd, start) => {
          const size = entrySizeOf(L, f, b, fixedEnd, start);
          if (size <= 0) return undefined;
          put32(b, start + c.offset, Math.floor((b.length - fixedEnd) / size) + 1);
          return b;
        },
      };
    },
  },
};

/** The count field of list field `f` in L. */
function countFieldOf(L: Layout, f: FieldDef): FieldDef | undefined {
  const t = f.type;
  const name = t.kind === 'offset' && t.target.kind === 'list' ? t.countField : undefined;
  return name !== undefined ? L.fields.find((x) => x.name === name) : undefined;
}

/**
 * The entry size of list field `f`, read from the encoded bytes (size / count), since the
 * table holds no catalog; 0 when the bytes do not say.
 */
function entrySizeOf(L: Layout, f: FieldDef, b: Uint8Array, fixedEnd: number, start: number): number {
  const t = f.type;
  const c = countFieldOf(L, f);
  const it = itemOf(L, f, b, start + f.offset, fixedEnd, start);
  if (t.kind !== 'offset' || !c || !it) return 0;
  const n = get32(b, start + c.offset);
  return n > 0 && it.len % n === 0 ? it.len / n : 0;
}

/**
 * The VarData bytes the encoder zero-fills for the `room` rules (their values add up: every
 * output buffer must fit at once) and `@vardata`, for a fixed part of `fixedSize` bytes. Room
 * no packet can give (past LIMITS.maxPacketSize) is not filled at all: the rule's warning says
 * so, and a deliberately bogus size stays a small packet. The general encoder, both fast paths
 * and the generated codecs use this one function.
 */
export function roomToFill(minVarData: number, rooms: number, fixedSize: number): number {
  const want = Math.max(minVarData, rooms);
  return want <= LIMITS.maxPacketSize - fixedSize ? want : 0;
}

/** The table's entry for a rule, typed for it. */
export function ruleEntry<R extends AppliedRule>(r: R): RuleEntry<R> {
  return RULES[r.kind] as unknown as RuleEntry<R>;
}

/** The rules of every kind in table order (hover, completion, documentation). */
export function ruleEntries(): readonly RuleEntry[] {
  return Object.values(RULES) as readonly RuleEntry[];
}

/**
 * The rule attributes written after a field's type (`@align(2)`, `@min(1)`, ...), by name, in
 * table order, with what each means (completion offers them).
 */
export function fieldAttributes(): { name: string; doc: string }[] {
  return ruleEntries()
    .filter((e) => e.attribute.startsWith('@') && e.kind !== 'vardata')
    .map((e) => ({ name: e.attribute.slice(1).replace(/\(.*$/, ''), doc: e.doc }));
}

/** The section a broken rule cites for layout L. */
export function ruleSection(entry: { section: RuleEntry['section'] }, L: Layout): string | undefined {
  return entry.section === 'rules' && L.kind === 'request' ? RULES_SECTION : L.section;
}

const valueCache = new WeakMap<FieldDef, readonly AppliedRule[]>();

/**
 * The value rules of a field, in the order they are checked: must-be-zero, the required value,
 * then its `@` rules (min, oneOf, nonzero, room). Computed once per field.
 */
export function valueRulesOf(f: FieldDef): readonly AppliedRule[] {
  let rs = valueCache.get(f);
  if (!rs) {
    const out: AppliedRule[] = [];
    if (f.role === 'zero') out.push({ kind: 'zero' });
    if (f.fixed !== undefined) out.push({ kind: 'fixed', value: f.fixed });
    for (const r of f.rules ?? []) if (r.kind !== 'align') out.push(r);
    rs = out;
    valueCache.set(f, rs);
  }
  return rs;
}

/** True when `v` keeps every value rule in `rules`, VarData being `varLen` bytes. */
export function valueRulesHold(rules: readonly AppliedRule[], v: number, varLen: number): boolean {
  for (const r of rules) if (!ruleEntry(r).holds!(r, v, varLen)) return false;
  return true;
}

/**
 * Every rule that applies to field `f` of layout `L` (a top-level field of a packet): its value
 * rules, its item rules, TotalSize, and `ignored`. `rulesOfLayout` adds the layout's own.
 */
export function rulesOf(L: Layout, f: FieldDef): AppliedRule[] {
  const out: AppliedRule[] = [...valueRulesOf(f)];
  const t = f.type;
  if (f.role === 'ignored' && t.kind === 'int' && t.width === 4) out.push({ kind: 'ignored' });
  if (t.kind === 'total' && f.offset === 0) out.push({ kind: 'total' });
  if (t.kind === 'offset') {
    const align = f.rules?.find((r) => r.kind === 'align');
    if (align?.kind === 'align') out.push(align);
    out.push({ kind: 'inside' });
    if (t.target.kind === 'wstr' || t.target.kind === 'str') out.push({ kind: 'terminated' });
    if (t.sizeField !== undefined) out.push({ kind: 'itemFits' });
    if (!t.optional && L.kind !== 'structure') out.push({ kind: 'required' });
    if (t.target.kind === 'list') {
      if (t.countField !== undefined && t.sizeField !== undefined) out.push({ kind: 'countAgrees' });
      if (t.sizeField !== undefined) out.push({ kind: 'wholeEntries' });
      if (t.countField !== undefined) out.push({ kind: 'entriesFit' });
    }
  }
  if (t.kind === 'array') out.push({ kind: 'countAgrees' });
  return out;
}

/** The layout-level rules of L (`@vardata`). */
export function layoutRulesOf(L: Layout): AppliedRule[] {
  return L.minVarData !== undefined ? [{ kind: 'vardata', value: L.minVarData }] : [];
}

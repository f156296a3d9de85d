/**
 * `valid` mutants: one value of the input packet replaced by another the server accepts, every
 * relation (offsets, sizes, totals, padding) recomputed by the encoder. Values come from the
 * field's constant table (single names and OR-ed flag sets), boundaries (0, 1, the width's
 * maximum, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, -1 as an error code), strings of length 0, 1, odd
 * and long and with non-ASCII text, GUIDs, blobs, absent and present optional items, union arms
 * and trailing fields left out. The field's rules (@oneOf, @min, @nonzero, @room, required and
 * must-be-zero values) steer the draw; the codec's own check of the result is the judge: a draw
 * that breaks a rule or changes no byte is drawn again.
 */
import { allocBytes, formatGuid, readUintLe, toHex } from './bytes.js';
import type { Base } from './mutate-base.js';
import { changesOf, DeferredRequest, Mutant, ruleCodes, sameBytes, showValue, withChanges } from './mutate-base.js';
import { Rng } from './mutate-prng.js';
import { Code, type CodecIssue } from './issues.js';
import type { FieldDef, Layout } from './layout.js';
import { serverRuleWarnings } from './packet.js';
import { encodeLayout } from './layout-codec.js';
import { type FieldInput, isStructInput, type StructInput, toInt } from './values.js';

/** Nested structures deeper than this are not walked for values (the catalog nests 3 deep). */
const MAX_DEPTH = 4;
/** Draws per mutant before it is given up (each is checked by the codec). */
const ATTEMPTS = 24;
/** The largest @room value drawn: the encoder zero-fills VarData to it, so it sets the packet's size. */
const ROOM_CAP = 4096;

/** A field of the input (or of a structure inside it) whose value a valid mutant may change. */
interface Site {
  /** Keys from the request's fields to the object holding the field. */
  parent: readonly string[];
  field: FieldDef;
  kind: 'int' | 'bytes' | 'item' | 'entries' | 'selector' | 'trailing';
  /** Structure fields (offsets count from the structure; absent items are fine). */
  inStruct: boolean;
  /** The field's dotted path, and the prefix of `what` (the parent's path). */
  path: string;
  prefix: string;
  /** A top-level integer whose value can be written into the input's bytes (see planValid). */
  patch?: { at: number; width: 1 | 2 | 4 };
  /** A top-level GUID item present in the input: a new GUID is written over its 16 bytes (nothing moves). */
  guidAt?: number;
  /** Selector: the union it selects; trailing: the trailing fields that may be left out, in order. */
  union?: FieldDef;
  trailing?: readonly FieldDef[];
  /** An integer site's draws, made on first use. */
  pool?: IntPool;
}

/** One drawn change: field `name` gets `value`, or (`changes`) several fields change at once. */
interface Edit {
  name?: string;
  value?: FieldInput;
  changes?: (readonly [string, FieldInput])[];
  what: string;
  /** An integer edit: the number the value stands for, already known to keep the field's rules. */
  num?: number;
  /** A GUID edit: the GUID's 16 bytes as the wire has them (MS-DTYP 2.3.4.2). */
  raw?: Uint8Array;
}

/** What a valid run needs, prepared once. */
export interface ValidPlan {
  sites: Site[];
}

function isOffsetPinned(v: FieldInput): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && 'raw' in v;
}

/** Every site of a layout's values, nested structures included. */
function collect(base: Base, L: Layout, values: StructInput, parent: readonly string[], inStruct: boolean, depth: number, out: Site[]): void {
  const fields = L.fields;
  const prefix = parent.length ? parent.join('.') + '.' : '';
  const at = (f: FieldDef) => ({ parent, field: f, inStruct, path: prefix + f.name, prefix });
  const unions = new Map<string, FieldDef>();
  for (const f of fields) if (f.type.kind === 'union') unions.set(f.type.selector, f);
  const walk = (fs: readonly FieldDef[]): void => {
    for (const f of fs) {
      const t = f.type;
      const v = values[f.name];
      if (isOffsetPinned(v)) continue; // the author pinned it: not ours to change
      switch (t.kind) {
        case 'int':
          if (f.fixed !== undefined || f.role !== undefined) break;
          if (unions.has(f.name)) out.push({ ...at(f), kind: 'selector', union: unions.get(f.name)! });
          else out.push({ ...at(f), kind: 'int' });
          break;
        case 'bytes':
          if (f.role === undefined) out.push({ ...at(f), kind: 'bytes' });
          break;
        case 'inline': {
          const sub = base.index.layout(t.layout);
          if (sub && depth < MAX_DEPTH) collect(base, sub, isStructInput(v) ? v : {}, [...parent, f.name], true, depth + 1, out);
          break;
        }
        case 'offset': {
          out.push({ ...at(f), kind: 'item' });
          const sub = t.target.kind === 'struct' ? base.index.layout(t.target.layout) : undefined;
          if (sub && isStructInput(v) && depth < MAX_DEPTH) collect(base, sub, v, [...parent, f.name], true, depth + 1, out);
          break;
        }
        case 'array':
          // An inline list at the end of a structure: its entry count is what changes.
          out.push({ ...at(f), kind: 'entries' });
          break;
        case 'union': {
          const sel = toInt(values[t.selector] ?? 0, 4, base.index.constant);
          const arm = sel.ok ? t.variants.find((a) => a.value === sel.value) : undefined;
          if (arm) walk(arm.fields);
          break;
        }
        default:
          break;
      }
    }
  };
  walk(fields);
  // Trailing fields are left out as a suffix (older versions of a structure); null on a trailing
  // offset means "no item", so only the trailing fields after the last trailing offset can go.
  const trailing = fields.filter((f) => f.trailing);
  const lastOffset = trailing.map((f) => f.type.kind).lastIndexOf('offset');
  const cuttable = trailing.slice(lastOffset + 1);
  if (cuttable.length) out.push({ ...at(cuttable[0]!), kind: 'trailing', trailing: cuttable });
}

/** Prepares a valid run: the sites of the input packet. */
export function planValid(base: Base): ValidPlan {
  const sites: Site[] = [];
  collect(base, base.layout, base.fields, [], base.layout.kind === 'structure', 0, sites);
  // A top-level integer of a flat request or response moves nothing: its new value is written
  // into a copy of the input's bytes instead of encoding the whole packet again (the unit tests
  // check that the request encodes to exactly those bytes). Its rules are all value rules, which
  // the draw keeps (intPool); a @room value changes VarData, so it is encoded as usual.
  const flat = base.layout.kind !== 'structure' && base.input.varData === undefined && base.layout.fields.every((f) => f.type.kind !== 'union' && f.type.kind !== 'inline' && !f.trailing);
  for (const site of sites) {
    const f = site.field;
    if (flat && site.kind === 'int' && site.parent.length === 0 && f.type.kind === 'int' && !f.rules?.some((r) => r.kind === 'room')) site.patch = { at: f.offset, width: f.type.width };
    // Likewise a GUID item the input has: another GUID takes the same 16 bytes at the same place,
    // so offsets, sizes and every rule stay as they are.
    if (flat && site.kind === 'item' && site.parent.length === 0 && f.type.kind === 'offset' && f.type.target.kind === 'guid') {
      const item = base.spans.find((x) => x.kind === 'item' && x.path === f.name);
      if (item && item.size === 16) site.guidAt = item.offset;
    }
  }
  return { sites };
}

/** Whether encoded bytes break a server rule, or pin a value the encoder disagrees with. */
function breaksRule(base: Base, issues: readonly CodecIssue[], bytes: Uint8Array): boolean {
  if (ruleCodes(issues).length || issues.some((i) => i.code === Code.PinDisagrees)) return true;
  return ruleCodes(serverRuleWarnings(base.index, base.layout, bytes)).length > 0;
}

/** The input's bytes with one integer field rewritten (little-endian). */
function patched(base: Base, at: number, width: 1 | 2 | 4, v: number): Uint8Array {
  // A view into the codec's shared slab (as the encoder's own output): a fresh ArrayBuffer per
  // mutant would cost more than the rest of the mutant.
  const b = allocBytes(base.bytes.length);
  b.set(base.bytes);
  b[at] = v & 0xff;
  if (width > 1) b[at + 1] = (v >>> 8) & 0xff;
  if (width > 2) {
    b[at + 2] = (v >>> 16) & 0xff;
    b[at + 3] = (v >>> 24) & 0xff;
  }
  return b;
}

// ----- integer values ------------------------------------------------------------------------

/** What the rules of a field allow, and the draws it offers. */
interface IntPool {
  max: number;
  ok: (v: number) => boolean;
  /** Constant names (oneOf: only the allowed ones) usable for the field, and their values. */
  names: string[];
  nameValues: number[];
  values: number[];
  flags: boolean;
  bounds: number[];
  lo: number;
  hi: number;
  /** The `what` of each name, value and boundary above, by position (made once per field). */
  nameWhats: string[];
  valueWhats: string[];
  boundWhats: string[];
}

const pools = new WeakMap<FieldDef, IntPool>();

function intPool(base: Base, f: FieldDef): IntPool {
  let p = pools.get(f);
  if (p) return p;
  const t = f.type;
  const width = t.kind === 'int' ? t.width : 4;
  const max = width === 4 ? 0xffffffff : width === 2 ? 0xffff : 0xff;
  const rules = f.rules ?? [];
  let lo = 0;
  let hi = max;
  let oneOf: number[] | undefined;
  let nonzero = false;
  let room = false;
  for (const r of rules) {
    if (r.kind === 'min') lo = Math.max(lo, r.value);
    else if (r.kind === 'oneOf') oneOf = r.values;
    else if (r.kind === 'nonzero') nonzero = true;
    else if (r.kind === 'room') room = true;
  }
  if (room) hi = Math.min(hi, Math.max(lo, ROOM_CAP));
  const ok = (v: number): boolean => {
    const u = v >>> 0;
    return u >= lo && u <= hi && !(nonzero && u === 0) && (oneOf === undefined || oneOf.includes(u));
  };
  const table = t.kind === 'int' && t.table ? base.index.tables.get(t.table) : undefined;
  const entries = table ? table.entries.filter((e) => ok(e.value)) : [];
  const values = oneOf ? oneOf.filter(ok) : [];
  const names = entries.map((e) => e.name);
  const nameValues = entries.map((e) => e.value);
  const candidates = room ? [0, 1, 2, 3, 4, 15, 16, 17, 64, 255, 256, 1024, ROOM_CAP, lo] : [0, 1, max, 0x7fffffff, 0x80000000, 0xffffffff, -1, lo, hi];
  const bounds = [...new Set(candidates.filter((v) => (v === -1 ? width === 4 : v <= max) && ok(v)))];
  const what = (v: number | string, kind: string): string => `${f.name} = ${showValue(v)} (${kind})`;
  p = {
    max, ok, names, nameValues, values, flags: !!table?.flags && !oneOf, bounds, lo, hi,
    nameWhats: names.map((n) => what(n, oneOf ? 'an allowed constant' : 'a constant of its table')),
    valueWhats: values.map((v) => what(v, 'an allowed value')),
    boundWhats: bounds.map((b) => what(b, b === -1 ? 'boundary: -1, an error code' : 'boundary')),
  };
  pools.set(f, p);
  return p;
}

/**
 * True when an edit gives a string item (UTF-16 or 8-bit) a different string than the input's:
 * the bytes then differ for sure (both encodings write each character as is), no comparison needed.
 */
function textChanged(base: Base, site: Site, edit: Edit): boolean {
  const t = site.field.type;
  if (site.kind !== 'item' || t.kind !== 'offset' || (t.target.kind !== 'wstr' && t.target.kind !== 'str') || typeof edit.value !== 'string') return false;
  const was = valuesAt(base.fields, site.parent)[site.field.name];
  return typeof was === 'string' && was !== edit.value;
}


/** An integer value for `f` that keeps its rules (undefined when this draw found none). */
function drawInt(p: IntPool, f: FieldDef, rng: Rng, base: Base): Edit | undefined {
  const kind = rng.below(4);
  let v: FieldInput;
  let num: number;
  let what: string;
  if (p.values.length) {
    // @oneOf: only its values (by name when the table names them).
    if (p.names.length && rng.chance(1, 2)) {
      const k = rng.below(p.names.length);
      v = p.names[k]!;
      num = p.nameValues[k]!;
      what = p.nameWhats[k]!;
    } else {
      const k = rng.below(p.values.length);
      v = num = p.values[k]!;
      what = p.valueWhats[k]!;
    }
  } else if (kind === 0 && p.names.length) {
    const k = rng.below(p.names.length);
    v = p.names[k]!;
    num = p.nameValues[k]!;
    what = p.nameWhats[k]!;
  } else if (kind === 1 && p.flags && p.names.length > 1) {
    const k = 2 + rng.below(Math.min(3, p.names.length - 1));
    const set = new Set<string>();
    for (let i = 0; i < k; i++) set.add(rng.pick(p.names));
    const list = [...set];
    let acc = 0;
    for (const n of list) acc = (acc | (base.index.constant(n) ?? 0)) >>> 0;
    if (!p.ok(acc)) return undefined;
    v = list;
    num = acc;
    what = `${f.name} = ${list.join('|')} (OR-ed flags of its table)`;
  } else if (kind <= 2 && p.bounds.length) {
    const k = rng.below(p.bounds.length);
    v = num = p.bounds[k]!;
    what = p.boundWhats[k]!;
  } else {
    const r = rng.range(p.lo, p.hi);
    if (!p.ok(r)) return undefined;
    v = num = r;
    what = `${f.name} = ${r} (random)`;
  }
  return { name: f.name, value: v, what, num };
}

// ----- items ---------------------------------------------------------------------------------

const LONG_LENGTHS = [255, 256, 257, 259, 260, 261, 300, 513];
const NON_ASCII_WIDE = ['é', 'ß', 'Ж', 'Ω', '中', '文', '电', '话', 'ü', 'ñ', '😀', '📞', '€', 'ı'];
const NON_ASCII_NARROW = ['é', 'ß', 'ü', 'ñ', '£', '¥', '©', 'Ø', 'ÿ', '\u00a0'];

/**
 * Printable ASCII drawn once (from a fixed seed, so runs stay reproducible): strings are slices
 * of it, which costs far less per mutant than building each from random characters.
 */
const ASCII_POOL = (() => {
  const r = new Rng(0x61736369);
  const codes: number[] = [];
  for (let i = 0; i < 2048; i++) codes.push(0x20 + r.below(0x5f));
  return String.fromCharCode(...codes);
})();

function asciiChars(rng: Rng, n: number): string {
  const at = rng.below(ASCII_POOL.length - n + 1);
  return ASCII_POOL.slice(at, at + n);
}

/** A string without NUL: length 0, 1, odd, long, or with non-ASCII characters. */
function drawString(rng: Rng, wide: boolean): { v: string; what: string } {
  switch (rng.below(5)) {
    case 0:
      return { v: '', what: 'empty string' };
    case 1:
      return { v: asciiChars(rng, 1), what: 'one-character string' };
    case 2: {
      const n = 3 + 2 * rng.below(15);
      return { v: asciiChars(rng, n), what: `${n}-character string (odd length)` };
    }
    case 3: {
      // Long: around and past the sizes of typical fixed buffers (256 characters, MAX_PATH 260).
      const n = rng.pick(LONG_LENGTHS);
      return { v: asciiChars(rng, n), what: `${n}-character string (long)` };
    }
    default: {
      const alphabet = wide ? NON_ASCII_WIDE : NON_ASCII_NARROW;
      const n = 1 + rng.below(12);
      let s = '';
      for (let i = 0; i < n; i++) s += rng.chance(1, 2) ? rng.pick(alphabet) : asciiChars(rng, 1);
      return { v: s, what: 'non-ASCII string' };
    }
  }
}

function randomBytes(rng: Rng, n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i += 4) {
    const x = rng.u32();
    for (let j = 0; j < 4 && i + j < n; j++) b[i + j] = (x >>> (8 * j)) & 0xff;
  }
  return b;
}

const BLOB_LENGTHS = [0, 1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 31, 64, 255, 256];

/** The blob lengths a size field's rules allow. */
function blobLengths(L: Layout, sizeField: string | undefined): number[] {
  const s = sizeField ? L.fields.find((g) => g.name === sizeField) : undefined;
  const rules = s?.rules ?? [];
  return BLOB_LENGTHS.filter((n) =>
    rules.every((r) => (r.kind === 'min' ? n >= r.value : r.kind === 'oneOf' ? r.values.includes(n) : r.kind === 'nonzero' ? n !== 0 : true)),
  ).concat(rules.flatMap((r) => (r.kind === 'oneOf' ? r.values.filter((n) => n <= 4096) : r.kind === 'min' ? [r.value, r.value + 1] : [])));
}

function drawItem(site: Site, owner: Layout, current: FieldInput, rng: Rng): Edit | undefined {
  const f = site.field;
  const t = f.type;
  if (t.kind !== 'offset') return undefined;
  const absentOk = t.optional || site.inStruct;
  const present = current !== undefined && current !== null;
  if (absentOk && present && rng.chance(1, 5)) return { name: f.name, value: null, what: `${f.name} absent (${site.inStruct ? 'size 0, offset 0' : 'TAPI_NO_DATA'})` };
  switch (t.target.kind) {
    case 'wstr':
    case 'str': {
      const s = drawString(rng, t.target.kind === 'wstr');
      return { name: f.name, value: s.v, what: `${f.name} = ${s.what}` };
    }
    case 'guid': {
      const raw = randomBytes(rng, 16);
      const g = formatGuid(raw);
      return { name: f.name, value: g, what: `${f.name} = random GUID ${g}`, raw };
    }
    case 'bytes': {
      const lengths = blobLengths(owner, t.sizeField);
      if (!lengths.length) return undefined;
      const n = rng.pick(lengths);
      return { name: f.name, value: { hex: toHex(randomBytes(rng, n)) }, what: `${f.name} = ${n} random bytes` };
    }
    case 'struct':
      // Its fields are sites of their own; here only presence changes.
      if (present) return undefined;
      return { name: f.name, value: {}, what: `${f.name} present (a ${t.target.layout} of default values)` };
    case 'list':
      return drawEntries(f.name, current, rng);
  }
}

/** Entry counts a list is given: none, one, a few, and many. */
const LIST_COUNTS = [0, 1, 2, 3, 8, 33];

/**
 * A list of 0, 1 or many entries, the count and size beside it recomputed by the encoder. The
 * entries repeat the input's own (cycled), or are entries of default values when it had none.
 */
function drawEntries(name: string, current: FieldInput | undefined, rng: Rng): Edit {
  const own = Array.isArray(current) ? (current as readonly unknown[]).filter((e): e is StructInput => isStructInput(e)) : [];
  const n = rng.pick(LIST_COUNTS);
  const entries: StructInput[] = Array.from({ length: n }, (_, i) => (own.length ? own[i % own.length]! : {}));
  const what = n === 0 ? `${name} = no entries` : `${name} = ${n} entr${n === 1 ? 'y' : 'ies'}${own.length ? ' (the input\'s, cycled)' : ' of default values'}`;
  return { name, value: entries, what };
}

function layoutAt(base: Base, parent: readonly string[]): Layout | undefined {
  let L: Layout | undefined = base.layout;
  for (const k of parent) {
    const f: FieldDef | undefined = L && allFields(L).find((g) => g.name === k);
    const t: FieldDef['type'] | undefined = f?.type;
    L = t?.kind === 'inline' ? base.index.layout(t.layout) : t?.kind === 'offset' && t.target.kind === 'struct' ? base.index.layout(t.target.layout) : undefined;
  }
  return L;
}

function allFields(L: Layout): FieldDef[] {
  return L.fields.flatMap((f) => (f.type.kind === 'union' ? [f, ...f.type.variants.flatMap((a) => a.fields)] : [f]));
}

function valuesAt(root: StructInput, parent: readonly string[]): StructInput {
  let o: FieldInput = root;
  for (const k of parent) o = isStructInput(o) ? o[k] : undefined;
  return isStructInput(o) ? o : {};
}

function drawEdit(base: Base, site: Site, rng: Rng): Edit | undefined {
  const f = site.field;
  const values = valuesAt(base.fields, site.parent);
  switch (site.kind) {
    case 'int':
      return drawInt((site.pool ??= intPool(base, f)), f, rng, base);
    case 'bytes': {
      const n = f.type.kind === 'bytes' ? f.type.length : 0;
      const b = rng.chance(1, 3) ? new Uint8Array(n).fill(rng.chance(1, 2) ? 0xff : 0) : randomBytes(rng, n);
      return { name: f.name, value: { hex: toHex(b) }, what: `${f.name} = ${n} bytes ${b.every((x) => x === b[0]) ? `of 0x${(b[0] ?? 0).toString(16).padStart(2, '0')}` : 'at random'}` };
    }
    case 'item': {
      const owner = layoutAt(base, site.parent);
      return owner && drawItem(site, owner, values[f.name], rng);
    }
    case 'selector': {
      const u = site.union!.type;
      if (u.kind !== 'union' || u.variants.length === 0) return undefined;
      const arm = rng.pick(u.variants);
      // The old arm's values would be left over: the new arm starts from its defaults.
      const changes: (readonly [string, FieldInput])[] = [[f.name, arm.value]];
      for (const a of u.variants) for (const g of a.fields) if (a !== arm && values[g.name] !== undefined) changes.push([g.name, undefined]);
      return { changes, what: `${f.name} = ${arm.value} (selects ${arm.name})` };
    }
    case 'entries':
      return drawEntries(f.name, values[f.name], rng);
    case 'trailing': {
      const list = site.trailing!;
      const cut = rng.below(list.length + 1);
      const changes = list.map((g, i) => [g.name, i >= cut ? null : values[g.name] === null ? undefined : values[g.name]] as const);
      return { changes, what: cut === list.length ? 'every trailing field present' : `trailing fields from ${list[cut]!.name} on left out` };
    }
  }
}

/**
 * Mutant `index` of a valid run, drawn with `rng`: its bytes, its request (made when read) and
 * what changed; undefined when no draw within the attempts gave a packet that breaks no rule
 * and differs from the input.
 */
export function validMutant(base: Base, plan: ValidPlan, rng: Rng, index: number): Mutant | undefined {
  if (plan.sites.length === 0) return undefined;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const site = rng.pick(plan.sites);
    const edit = drawEdit(base, site, rng);
    if (!edit) continue;
    if (site.patch) {
      const { at, width } = site.patch;
      // drawInt gives the number, drawn within the field's value rules (the codec does not see these bytes).
      const n = edit.num;
      if (n === undefined) continue;
      const mask = width === 4 ? 0xffffffff : width === 2 ? 0xffff : 0xff;
      if (((n & mask) >>> 0) === readUintLe(base.bytes, at, width)) continue; // no byte would change
      // The request is made when read: the bytes do not need it.
      return new Mutant(patched(base, at, width, n), new DeferredRequest(base, site.parent, edit), 'valid', { field: site.path, what: edit.what }, index);
    }
    // The layout is known: encode the fields over it (what encodeRequest would do after resolving
    // the input), and make the request when it is read.
    if (site.guidAt !== undefined && edit.raw) {
      const at = site.guidAt;
      const raw = edit.raw;
      let same = true;
      for (let k = 0; k < 16 && same; k++) same = base.bytes[at + k] === raw[k];
      if (same) continue;
      const bytes = allocBytes(base.bytes.length);
      bytes.set(base.bytes);
      bytes.set(raw, at);
      return new Mutant(bytes, new DeferredRequest(base, site.parent, edit), 'valid', { field: site.path, what: edit.what }, index);
    }
    const fields = withChanges(base.fields, site.parent, changesOf(edit));
    const r = encodeLayout(base.index, base.layout, fields, base.extras);
    if (!r.bytes || (!textChanged(base, site, edit) && sameBytes(r.bytes, base.bytes))) continue;
    if (!r.clean && breaksRule(base, r.issues, r.bytes)) continue;
    const path = site.kind === 'trailing' ? site.prefix + (changesOf(edit).find(([, v]) => v === null)?.[0] ?? site.field.name) : site.path;
    return new Mutant(r.bytes, new DeferredRequest(base, site.parent, edit, fields), 'valid', { field: path, what: site.prefix ? site.prefix + edit.what : edit.what }, index);
  }
  return undefined;
}

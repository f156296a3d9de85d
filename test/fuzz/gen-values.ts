/**
 * Random valid values for a catalog layout, generated from its fields: ints in range (or from
 * the field's constants table), strings (empty, non-BMP, lone surrogates), GUIDs, byte blobs,
 * nested structures, null for optional items, union arms by their selector.
 */
import fc from 'fast-check';
import type { FieldDef, Layout, StructInput } from '../../src/codec/index.js';
import { index } from './env.js';

/** Nested structures deeper than this are left absent (keeps cases small). */
const MAX_VALUE_DEPTH = 3;

const u32 = fc.oneof(fc.constantFrom(0, 1, 0x7fffffff, 0x80000000, 0xffffffff), fc.integer({ min: 0, max: 0xffffffff }));

/** A UTF-16 string without NUL (NUL ends a string on the wire). */
const wideString = fc.oneof(
  fc.constant(''),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
  fc.string({ unit: 'binary', maxLength: 10 }),
  fc.array(fc.integer({ min: 1, max: 0xffff }), { maxLength: 12 }).map((cs) => String.fromCharCode(...cs)),
).map((s) => s.replace(/\0/g, 'x'));

/** An 8-bit string without NUL. */
const narrowString = fc.array(fc.integer({ min: 1, max: 0xff }), { maxLength: 24 }).map((cs) => String.fromCharCode(...cs));

const guidText = fc.tuple(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.boolean()).map(([b, upper]) => {
  const h = (i: number, n: number, rev: boolean): string => {
    const part = Array.from(b.subarray(i, i + n));
    return (rev ? part.reverse() : part).map((x) => x.toString(16).padStart(2, '0')).join('');
  };
  const s = `{${h(0, 4, true)}-${h(4, 2, true)}-${h(6, 2, true)}-${h(8, 2, false)}-${h(10, 6, false)}}`;
  return upper ? s.toUpperCase() : s;
});

const blob = fc.uint8Array({ maxLength: 40 }).map((b) => ({ hex: Buffer.from(b).toString('hex') }));

function intValue(f: FieldDef, roomCap: boolean): fc.Arbitrary<unknown> | undefined {
  const t = f.type;
  if (t.kind !== 'int') return undefined;
  const max = t.width === 4 ? 0xffffffff : t.width === 2 ? 0xffff : 0xff;
  // An @room value makes the encoder zero-fill VarData to it: keep it small so cases stay fast.
  if (roomCap || f.rules?.some((r) => r.kind === 'room')) return fc.integer({ min: 0, max: 512 });
  const table = t.table ? index.tables.get(t.table) : undefined;
  const plain = t.width === 4 ? u32 : fc.integer({ min: 0, max });
  if (table && table.entries.length) {
    const names = table.entries.filter((e) => e.value <= max).map((e) => e.name);
    if (names.length === 0) return plain;
    const one = fc.constantFrom(...names);
    return table.flags ? fc.oneof(one, fc.array(one, { minLength: 1, maxLength: 3 }), plain) : fc.oneof(one, plain);
  }
  return plain;
}

function itemValue(f: FieldDef, depth: number, inStruct: boolean): fc.Arbitrary<unknown> {
  const t = f.type;
  if (t.kind !== 'offset') return fc.constant(undefined);
  const absentOk = t.optional || inStruct;
  let present: fc.Arbitrary<unknown>;
  switch (t.target.kind) {
    case 'wstr':
      present = wideString;
      break;
    case 'str':
      present = narrowString;
      break;
    case 'guid':
      present = fc.oneof(guidText, fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => ({ hex: Buffer.from(b).toString('hex') })));
      break;
    case 'bytes':
      present = blob;
      break;
    case 'struct': {
      const sub = index.layout(t.target.layout);
      present = sub && depth < MAX_VALUE_DEPTH ? structValue(sub, depth + 1) : fc.constant(null);
      if (!absentOk && !(sub && depth < MAX_VALUE_DEPTH)) present = fc.constant({});
      break;
    }
    case 'list': {
      // Random entry counts (0 included), or raw bytes that need not be whole entries.
      const sub = index.layout(t.target.layout);
      present = sub && depth < MAX_VALUE_DEPTH
        ? fc.oneof({ weight: 4, arbitrary: fc.array(structValue(sub, depth + 1), { maxLength: 5 }) }, { weight: 1, arbitrary: blob })
        : fc.constant([]);
      break;
    }
  }
  return absentOk ? fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 3, arbitrary: present }) : present;
}

/** Values for a field list (a layout's, or a union arm's); `sel` fixes selectors for unions. */
function fieldsValue(fields: readonly FieldDef[], depth: number, inStruct: boolean): fc.Arbitrary<StructInput> {
  const parts: fc.Arbitrary<[string, unknown][]>[] = [];
  const selectors = new Map<string, number[]>();
  for (const f of fields) if (f.type.kind === 'union') selectors.set(f.type.selector, f.type.variants.map((v) => v.value));
  for (const f of fields) {
    const t = f.type;
    let arb: fc.Arbitrary<[string, unknown][]> | undefined;
    if (selectors.has(f.name)) {
      const vals = selectors.get(f.name)!;
      const u = fields.find((g) => g.type.kind === 'union' && g.type.selector === f.name)!;
      if (u.type.kind !== 'union') continue;
      const variants = u.type.variants;
      // Pick the selector and that arm's fields together.
      arb = fc.nat({ max: vals.length }).chain((i) => {
        if (i === vals.length) return fc.constant([[f.name, 0xfffffff0]] as [string, unknown][]);
        const arm = variants[i]!;
        return fieldsValue(arm.fields, depth, inStruct).map((o) => [[f.name, arm.value] as [string, unknown], ...Object.entries(o)]);
      });
    } else if (t.kind === 'union') continue;
    else if (t.kind === 'int') {
      if (f.fixed !== undefined || f.role === 'zero') arb = fc.constant([]);
      else arb = intValue(f, false)!.map((v) => [[f.name, v]]);
    } else if (t.kind === 'bytes') {
      arb = fc.uint8Array({ minLength: t.length, maxLength: t.length }).map((b) => [[f.name, { hex: Buffer.from(b).toString('hex') }]]);
    } else if (t.kind === 'inline') {
      // Its fields, or now and then its fixed part as raw bytes (an embedded structure's items then absent).
      const sub = index.layout(t.layout);
      const raw = fc.uint8Array({ minLength: sub?.fixedSize ?? 0, maxLength: sub?.fixedSize ?? 0 }).map((b) => ({ hex: Buffer.from(b).toString('hex') }));
      arb = sub ? fc.oneof({ weight: 7, arbitrary: structValue(sub, depth + 1) }, { weight: 1, arbitrary: raw }).map((o) => [[f.name, o]]) : fc.constant([]);
    } else if (t.kind === 'offset') {
      arb = itemValue(f, depth, inStruct).map((v) => (v === undefined ? [] : [[f.name, v]]));
    } else if (t.kind === 'array') {
      // An inline list: random entry counts, or raw bytes.
      const sub = index.layout(t.layout);
      arb = sub && depth < MAX_VALUE_DEPTH
        ? fc.oneof({ weight: 4, arbitrary: fc.array(structValue(sub, depth + 1), { maxLength: 4 }) }, { weight: 1, arbitrary: blob }).map((v) => [[f.name, v]])
        : fc.constant([]);
    } else if (t.kind === 'block') {
      arb = blob.map((v) => [[f.name, v]]);
    } else if (t.kind === 'count') {
      // Mostly computed; sometimes pinned to a count that may disagree with the entries.
      arb = fc.oneof({ weight: 3, arbitrary: fc.constant([] as [string, unknown][]) }, { weight: 1, arbitrary: fc.nat({ max: 20 }).map((n) => [[f.name, { raw: n }]] as [string, unknown][]) });
    } else arb = fc.constant([]);
    parts.push(arb);
  }
  // Trailing fields are left out as a suffix (a structure written by an older version): a cut
  // point among them, every trailing field from there on null. Null on a trailing offset means
  // "no item", not "left out", so the cut comes after the last trailing offset.
  const all = fields.filter((f) => f.trailing);
  const lastOffset = all.map((f) => f.type.kind).lastIndexOf('offset');
  const trailing = all.slice(lastOffset + 1).map((f) => f.name);
  return fc.tuple(fc.tuple(...parts), fc.nat({ max: trailing.length })).map(([ps, cut]) => {
    const o = Object.fromEntries(ps.flat()) as StructInput;
    for (const name of trailing.slice(cut)) o[name] = null;
    return o;
  });
}

const cache = new Map<string, fc.Arbitrary<StructInput>>();

/** Random field values of a structure or packet layout. */
export function structValue(L: Layout, depth = 0): fc.Arbitrary<StructInput> {
  const key = `${L.name}@${depth}`;
  let a = cache.get(key);
  if (!a) cache.set(key, (a = fieldsValue(L.fields, depth, L.kind === 'structure')));
  return a;
}

/** A JSON request for a random packet layout of the catalog, with random valid values. */
export function requestFor(layouts: readonly Layout[]): fc.Arbitrary<{ packet: string; fields: StructInput; padTo?: number }> {
  return fc
    .nat({ max: layouts.length - 1 })
    .chain((i) => fc.tuple(fc.constant(layouts[i]!), structValue(layouts[i]!), fc.option(fc.integer({ min: 0, max: 600 }), { freq: 6 })))
    .map(([L, fields, padTo]) => (padTo === null ? { packet: L.name, fields } : { packet: L.name, fields, padTo }));
}

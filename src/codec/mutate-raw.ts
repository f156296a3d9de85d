/**
 * `raw` mutants: the layout's own relations broken, by surgery on the encoded bytes: an offset,
 * size or total off by one; an offset misaligned; two items overlapping; an item past the end;
 * the packet truncated inside VarData; a string without its NUL; a list's entry count that
 * disagrees with its entries; (for a packet with none of
 * those) bytes past the end of its layout. The bytes are read back with
 * decode, so each mutant's request (raw pins, `varData` hex, `padTo`) encodes to exactly its
 * bytes: decode is lossless, and the mutator checks it for every mutant.
 */
import { readU32le } from './bytes.js';
import type { Span } from './limits.js';
import type { FieldDef, Layout } from './layout.js';
import { type Base, concatBytes, patchU32, readBack, sameBytes } from './mutate-base.js';
import type { Rng } from './mutate-prng.js';
import type { PacketInput } from './values.js';

/** Draws per mutant before it is given up. */
const ATTEMPTS = 16;

/** A computed field of the encoded input: where it is and what it is. */
interface Computed {
  span: Span;
  kind: 'offset' | 'size' | 'total' | 'varsize' | 'count';
  /** Offset fields: the item's target kind. */
  target?: string;
}

/** What a raw run needs, prepared once. */
export interface RawPlan {
  offsets: Computed[];
  /** Offsets whose item is present (not TAPI_NO_DATA / 0). */
  present: Computed[];
  lengths: Computed[];
  /** Entry counts of lists (an entry count, not a byte size). */
  counts: Computed[];
  /** Top-level string items: where they are and how wide their characters are. */
  strings: { field: FieldDef; item: Span; width: 1 | 2 }[];
  kinds: RawKind[];
}

type RawKind = 'offset-off-by-one' | 'misaligned' | 'size-off-by-one' | 'total-off-by-one' | 'count-disagrees' | 'overlap' | 'past-end' | 'truncated' | 'no-nul' | 'extra';

/** The field definition at a dotted path (through inline and nested structures). */
function fieldAt(base: Base, path: string): FieldDef | undefined {
  let L: Layout | undefined = base.layout;
  let f: FieldDef | undefined;
  for (const k of path.split('.')) {
    if (!L) return undefined;
    f = L.fields.flatMap((g) => (g.type.kind === 'union' ? [g, ...g.type.variants.flatMap((a) => a.fields)] : [g])).find((g) => g.name === k);
    const t: FieldDef['type'] | undefined = f?.type;
    L = t?.kind === 'inline' ? base.index.layout(t.layout) : t?.kind === 'offset' && t.target.kind === 'struct' ? base.index.layout(t.target.layout) : undefined;
  }
  return f;
}

/** Prepares a raw run: the computed fields and items of the encoded input. */
export function planRaw(base: Base): RawPlan {
  const offsets: Computed[] = [];
  const lengths: Computed[] = [];
  const counts: Computed[] = [];
  for (const s of base.spans) {
    if (s.kind !== 'field' || !s.computed) continue;
    const t = fieldAt(base, s.path)?.type;
    if (!t) continue;
    if (t.kind === 'offset') offsets.push({ span: s, kind: 'offset', target: t.target.kind });
    else if (t.kind === 'size' || t.kind === 'total' || t.kind === 'varsize') lengths.push({ span: s, kind: t.kind });
    else if (t.kind === 'count') counts.push({ span: s, kind: 'count' });
  }
  const present = offsets.filter((o) => base.spans.some((s) => s.kind === 'item' && s.path === o.span.path));
  const strings: RawPlan['strings'] = [];
  for (const s of base.spans) {
    if (s.kind !== 'item' || s.path.includes('.')) continue;
    const f = base.layout.fields.find((g) => g.name === s.path);
    const t = f?.type;
    if (f && t?.kind === 'offset' && (t.target.kind === 'wstr' || t.target.kind === 'str') && s.size > (t.target.kind === 'wstr' ? 2 : 1)) strings.push({ field: f, item: s, width: t.target.kind === 'wstr' ? 2 : 1 });
  }
  const topPresent = present.filter((o) => !o.span.path.includes('.'));
  const kinds: RawKind[] = [];
  if (present.length) kinds.push('offset-off-by-one', 'misaligned', 'past-end');
  if (lengths.some((l) => l.kind === 'size')) kinds.push('size-off-by-one');
  if (lengths.some((l) => l.kind !== 'size')) kinds.push('total-off-by-one');
  if (counts.length) kinds.push('count-disagrees');
  if (topPresent.length >= 2) kinds.push('overlap');
  if (base.bytes.length > base.fixedEnd) kinds.push('truncated');
  if (strings.length) kinds.push('no-nul');
  // A packet with nothing variable still has one relation: its length is its layout's.
  if (kinds.length === 0) kinds.push('extra');
  return { offsets, present, lengths, counts, strings, kinds };
}

/** Drawn surgery: new bytes, the field it concerns, and in words. */
function draw(base: Base, plan: RawPlan, rng: Rng): { bytes: Uint8Array; field: string; what: string } | undefined {
  const b = base.bytes;
  const varLen = b.length - base.fixedEnd;
  const kind = rng.pick(plan.kinds);
  switch (kind) {
    case 'offset-off-by-one': {
      const o = rng.pick(plan.present);
      const v = readU32le(b, o.span.offset);
      const d = v === 0 || rng.chance(1, 2) ? 1 : -1;
      return { bytes: patchU32(b, o.span.offset, v + d), field: o.span.path, what: `${o.span.path} = ${v + d}: off by ${d > 0 ? '+1' : '-1'} from ${v}` };
    }
    case 'misaligned': {
      const o = rng.pick(plan.present);
      const v = readU32le(b, o.span.offset);
      const d = 1 + rng.below(3);
      return { bytes: patchU32(b, o.span.offset, v + d), field: o.span.path, what: `${o.span.path} = ${v + d}: moved ${d} byte${d > 1 ? 's' : ''} off its ${v % 4 === 0 ? 'DWORD' : 'WCHAR'}-aligned item` };
    }
    case 'past-end': {
      const o = rng.pick(plan.present);
      const v = rng.pick([varLen, varLen + 1 + rng.below(64), 0x7fffffff, 0xfffffffe]);
      return { bytes: patchU32(b, o.span.offset, v), field: o.span.path, what: `${o.span.path} = ${v}: past the end of the ${o.span.path.includes('.') ? 'structure' : `${varLen} bytes of VarData`}` };
    }
    case 'size-off-by-one':
    case 'total-off-by-one': {
      const list = plan.lengths.filter((l) => (kind === 'size-off-by-one' ? l.kind === 'size' : l.kind !== 'size'));
      const l = rng.pick(list);
      const v = readU32le(b, l.span.offset);
      const d = v === 0 || rng.chance(1, 2) ? 1 : -1;
      return { bytes: patchU32(b, l.span.offset, v + d), field: l.span.path, what: `${l.span.path} = ${v + d}: off by ${d > 0 ? '+1' : '-1'} from ${v}` };
    }
    case 'count-disagrees': {
      // More entries claimed than there are (the server reads past them), fewer, none, or a
      // count whose entries could never fit: where a count and its entries part ways.
      const c = rng.pick(plan.counts);
      const v = readU32le(b, c.span.offset);
      const to = rng.pick([v + 1, v === 0 ? 2 : v - 1, v * 2 + 1, 0, 0x7fffffff, 0xffffffff].filter((x) => x !== v));
      return { bytes: patchU32(b, c.span.offset, to), field: c.span.path, what: `${c.span.path} = ${to}: the entry count disagrees with the ${v} entr${v === 1 ? 'y' : 'ies'}` };
    }
    case 'overlap': {
      const top = plan.present.filter((o) => !o.span.path.includes('.'));
      const a = rng.pick(top);
      const others = top.filter((o) => o !== a);
      const c = rng.pick(others);
      const target = readU32le(b, a.span.offset);
      // Onto the other item's start, or into its middle.
      const item = base.spans.find((s) => s.kind === 'item' && s.path === a.span.path);
      const v = item && item.size > 2 && rng.chance(1, 2) ? target + 2 * rng.below(Math.floor(item.size / 2)) : target;
      return { bytes: patchU32(b, c.span.offset, v), field: c.span.path, what: `${c.span.path} = ${v}: overlaps ${a.span.path}'s item (at ${target})` };
    }
    case 'truncated': {
      const cut = base.fixedEnd + rng.below(varLen);
      return { bytes: b.slice(0, cut), field: 'VarData', what: `packet truncated to ${cut} bytes (${cut - base.fixedEnd} of ${varLen} bytes of VarData)` };
    }
    case 'extra': {
      const n = 1 + rng.below(16);
      const tail = new Uint8Array(n);
      for (let i = 0; i < n; i++) tail[i] = rng.below(256);
      return { bytes: concatBytes(b, tail), field: 'packet', what: `${n} bytes past the end of the ${b.length}-byte ${base.layout.name}` };
    }
    case 'no-nul': {
      const s = rng.pick(plan.strings);
      // The string copied to the end of VarData with a character where its NUL was: nothing
      // terminates it before the packet ends.
      const item = b.slice(s.item.offset, s.item.offset + s.item.size);
      item[s.item.size - s.width] = 0x41;
      if (s.width === 2) item[s.item.size - 1] = 0;
      const at = Math.ceil(varLen / 4) * 4;
      const out = patchU32(concatBytes(b, new Uint8Array(at - varLen), item), s.field.offset, at);
      return { bytes: out, field: s.field.name, what: `${s.field.name}: its string copied to the end of VarData without a NUL terminator` };
    }
  }
}

/** Mutant of a raw run; undefined when no draw within the attempts read back losslessly. */
export function rawMutant(base: Base, plan: RawPlan, rng: Rng): { request: PacketInput; bytes: Uint8Array; field: string; what: string } | undefined {
  if (plan.kinds.length === 0) return undefined;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const d = draw(base, plan, rng);
    if (!d || sameBytes(d.bytes, base.bytes)) continue;
    const back = readBack(base, d.bytes);
    if (back) return { request: back.request, bytes: d.bytes, field: d.field, what: d.what };
  }
  return undefined;
}

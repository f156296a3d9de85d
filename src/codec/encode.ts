/**
 * The encoder: lays out a packet or structure from a layout and field values, following the
 * encoding conventions (README "Encoding conventions"): fields in order; VarData items in the
 * order of the fields that point at them, each on a 4-byte boundary, padding zero; VarData a
 * multiple of 4; absent request items TAPI_NO_DATA; absent structure items size 0 / offset 0;
 * sizes and totals computed unless pinned.
 */
import { ByteWriter } from './bytes.js';
import { type CodecContext, type EncodeResult, LIMITS, type Span, type TopExtras } from './limits.js';
import { roomToFill, RULES, ruleSection } from './rules.js';
import { offsetNumberMessage } from './hints.js';
import { Code, type CodecIssue, joinPath } from './issues.js';
import { embedsItems, type FieldDef, isComputed, type Layout, TAPI_NO_DATA } from './layout.js';
import {
  describe, type FieldInput, isHexValue, isRawPin, isStructInput, rawNumber, type StructInput, toBytes, toGuid, toInt,
} from './values.js';

/** A size or count field: where it is, the author's pin if any, and (pinned, spans wanted) its span. */
interface SizeSlot {
  at: number;
  pinned: number | undefined;
  field: FieldDef;
  span?: Span;
}
type SizeSlots = Map<string, SizeSlot>;

/** A total or varsize field, patched once the layout's length is known. */
interface TotalSlot {
  at: number;
  field: FieldDef;
  path: string;
  pinned: boolean;
  varsize: boolean;
  value: number;
  span?: Span;
}

/** Records, on a pinned field's span, the value the encoder computed for it. */
function wouldWrite(slot: { span?: Span } | undefined, value: number): void {
  if (slot?.span) slot.span.wouldWrite = value;
}

/**
 * A structure embedded inline whose items live in the enclosing layout's variable part
 * (LINEPROXYREQUEST's GroupListSETAGENTGROUP, MS-TRP 2.2.6.28): its offsets count from `start`;
 * its `total` fields are patched, once every item is written, to `end - start`.
 */
interface Embedded {
  /** Its first byte (the inline field's). */
  start: number;
  /** The end of its fixed part, then of its last item written. */
  end: number;
  /** Its total fields (dwTotalSize, dwNeededSize, dwUsedSize). */
  totals: TotalSlot[];
  /** The embedded structure it is itself embedded in, whose extent grows with it. */
  parent?: Embedded;
  /** Whether it is a structure (absent items size 0 / offset 0) rather than a packet layout (TAPI_NO_DATA). */
  isStruct: boolean;
}

/** The items of a layout being written: its own, its list entries', its embedded structures'. */
interface Frame {
  pending: Pending[];
  embedded: Embedded[];
}

interface Pending {
  /** The size and count fields of the layout that declares the offset (a list entry's own, for entries). */
  sizes: SizeSlots;
  /** Where the field named by the offset's `base` starts (the offset counts from there), if it has one. */
  baseAt?: number;
  /** The embedded structure that declares the offset (or holds the list whose entry does): the offset counts from its first byte. */
  owner?: Embedded;
  field: FieldDef;
  /** Position of the offset field in the writer. */
  at: number;
  value: FieldInput;
  path: string;
}

class Encoder {
  readonly issues: CodecIssue[] = [];
  readonly spans: Span[] | undefined;
  readonly w = new ByteWriter(256);
  /** Entries of the list item written last (its count field's value). */
  private lastEntries = 0;

  constructor(
    private readonly ctx: CodecContext,
    wantSpans: boolean,
  ) {
    this.spans = wantSpans ? [] : undefined;
  }

  error(code: Code, path: string, message: string): void {
    this.issues.push({ severity: 'error', code, path, message, offset: this.w.length });
  }

  warn(code: Code, path: string, message: string, offset: number, section?: string): void {
    this.issues.push({ severity: 'warning', code, path, message, offset, ...(section ? { section } : {}) });
  }

  span(path: string, offset: number, size: number, kind: 'field' | 'item', computed?: boolean): Span | undefined {
    if (!this.spans) return undefined;
    const s: Span = computed ? { path, offset, size, kind, computed } : { path, offset, size, kind };
    this.spans.push(s);
    return s;
  }

  /**
   * A size or count field gets the value the encoder computed: written when the author did not
   * pin it, a warning when the pin disagrees; either way the pin's span records it (wouldWrite).
   * `of` says what was measured: an item's bytes, a block's bytes, or a list's entries.
   */
  private settle(s: SizeSlot | undefined, n: number, path: string, name: string, of: 'item' | 'block' | 'list'): void {
    if (!s) return;
    wouldWrite(s, n);
    if (s.pinned === undefined) this.w.patchU32le(s.at, n);
    else if (s.pinned !== n) {
      const what = of === 'list' ? `the list has ${n} ${n === 1 ? 'entry' : 'entries'}` : `the ${of} is ${n} bytes`;
      this.warn(Code.PinDisagrees, joinPath(path, name), `${name} is pinned to ${s.pinned}; ${what}`, s.at);
    }
  }

  /**
   * Encodes one layout at the writer's position; returns false when an error stopped it.
   * @param host for a list entry or an embedded structure: the items of the layout that holds
   *   it, where its own items go (after that layout's fixed part, in field order)
   * @param owner the embedded structure its offsets count from (for a list entry: the one that
   *   holds the list, if any); without one they count from the holding layout's base
   */
  layout(L: Layout, values: StructInput, path: string, depth: number, extras?: TopExtras, host?: Frame, owner?: Embedded): boolean {
    if (depth > LIMITS.maxDepth) {
      this.error(Code.TooDeep, path, `structures nest deeper than ${LIMITS.maxDepth} levels`);
      return false;
    }
    const known = new Set<string>();
    collectNames(L.fields, known);
    for (const k of Object.keys(values)) {
      if (!known.has(k)) {
        this.error(Code.UnknownField, joinPath(path, k), `${L.name} has no field '${k}'`);
        return false;
      }
    }
    const start = this.w.length;
    const isStruct = L.kind === 'structure';
    const frame: Frame = host ?? { pending: [], embedded: [] };
    const pending = frame.pending;
    const totals: TotalSlot[] = [];
    const sizeAt: SizeSlots = new Map();
    const ints = new Map<string, number>();
    if (!this.fields(L.fields, values, path, depth, start, frame, owner, totals, sizeAt, ints, new Map())) return false;
    if (host) {
      // An embedded structure's totals wait for its items (list entries have none).
      if (owner) owner.totals.push(...totals);
      return true;
    }
    const fixedEnd = this.w.length;
    const base = isStruct ? start : fixedEnd;
    const replaceVar = extras?.varData;
    for (const p of pending) {
      if (p.value === undefined || p.value === null) {
        const t = p.field.type;
        // An embedded structure's absent item follows its own kind's convention, as decode reads it.
        const inStruct = p.owner ? p.owner.isStruct : isStruct;
        if (t.kind === 'offset' && !t.optional && !inStruct && p.value === undefined) {
          this.error(Code.MissingValue, p.path, `${p.field.name} needs a value (null sends TAPI_NO_DATA; {"raw": n} pins the offset)`);
          return false;
        }
        this.w.patchU32le(p.at, inStruct ? 0 : TAPI_NO_DATA);
        // No item: its size and count stay 0.
        const t0 = p.field.type;
        if (t0.kind === 'offset') {
          if (t0.sizeField) wouldWrite(p.sizes.get(t0.sizeField), 0);
          if (t0.countField) wouldWrite(p.sizes.get(t0.countField), 0);
        }
        continue;
      }
      this.w.align(4, base);
      const itemStart = this.w.length;
      this.lastEntries = 0;
      if (!this.item(p, depth, frame)) return false;
      const size = this.w.length - itemStart;
      this.w.patchU32le(p.at, itemStart - (p.baseAt ?? p.owner?.start ?? base));
      this.span(p.path, itemStart, size, 'item');
      for (let o = p.owner; o; o = o.parent) o.end = Math.max(o.end, this.w.length);
      const t = p.field.type;
      const slots = p.sizes;
      if (t.kind === 'offset' && t.sizeField) this.settle(slots.get(t.sizeField), size, path, t.sizeField, 'item');
      if (t.kind === 'offset' && t.countField) this.settle(slots.get(t.countField), this.lastEntries, path, t.countField, 'list');
      if (this.w.length - start > LIMITS.maxPacketSize) {
        this.error(Code.TooLarge, path, `the packet would exceed ${LIMITS.maxPacketSize} bytes`);
        return false;
      }
    }
    // Embedded structures' totals: from their first byte to the end of their last item (MS-TRP
    // is silent; see the `inline` field type). A pin wins, as for any nested structure's total.
    for (const e of frame.embedded) {
      for (const t of e.totals) {
        wouldWrite(t, e.end - e.start);
        if (!t.pinned) this.w.patchU32le(t.at, e.end - e.start);
      }
    }
    if (!replaceVar && !isStruct) {
      // Every output buffer must fit at once, so their sizes add up.
      let rooms = 0;
      for (const f of L.fields) if (f.rules?.some((r) => r.kind === 'room')) rooms += ints.get(f.name) ?? 0;
      // Room no packet can give (past maxPacketSize, e.g. 0xFFFFFFFF) is not filled at all: the
      // server-rule warning says so, and a deliberately bogus size stays a small packet.
      const room = roomToFill(L.minVarData ?? 0, rooms, fixedEnd - start);
      if (this.w.length - fixedEnd < room) this.w.zeros(room - (this.w.length - fixedEnd));
    }
    let varTrue = this.w.length - fixedEnd;
    if (replaceVar) {
      // The computed VarData is replaced by the author's bytes; offsets keep their computed values.
      this.w.truncate(fixedEnd);
      this.w.bytes(replaceVar);
      varTrue = replaceVar.length;
    }
    if (!replaceVar) this.w.align(4, start);
    const total = this.w.length - start;
    for (const t of totals) {
      const computed = t.varsize ? varTrue : total;
      wouldWrite(t, computed);
      if (!t.pinned) this.w.patchU32le(t.at, computed);
      else if (depth === 0 && !t.varsize && t.field.offset === 0 && t.value !== computed + (extras?.padTo !== undefined && extras.padTo > total ? extras.padTo - total : 0)) {
        // The TotalSize rule (rules.ts `total`): the same warning decode gives for these bytes.
        const e = RULES.total;
        this.warn(e.code, t.path, e.message({ kind: 'total' }, { name: t.field.name, value: t.value, varLen: Math.max(total, extras?.padTo ?? 0), layout: L.name, area: 'VarData' }), t.at, ruleSection(e, L));
      }
    }
    if (extras?.padTo !== undefined && extras.padTo > this.w.length) {
      if (extras.padTo > LIMITS.maxPacketSize) {
        this.error(Code.TooLarge, 'padTo', `padTo ${extras.padTo} exceeds the ${LIMITS.maxPacketSize}-byte limit`);
        return false;
      }
      this.w.zeros(extras.padTo - this.w.length);
    } else if (extras?.padTo !== undefined && extras.padTo < this.w.length) {
      this.warn(Code.PadToBelowSize, 'padTo', `padTo ${extras.padTo} is smaller than the packet (${this.w.length} bytes): nothing is padded and nothing is cut`, this.w.length);
    }
    return true;
  }

  /** Writes the fixed part of a field list. */
  private fields(
    fields: readonly FieldDef[],
    values: StructInput,
    path: string,
    depth: number,
    start: number,
    frame: Frame,
    owner: Embedded | undefined,
    totals: TotalSlot[],
    sizeAt: SizeSlots,
    ints: Map<string, number>,
    where: Map<string, number>,
  ): boolean {
    for (const f of fields) {
      const v = values[f.name];
      const fpath = joinPath(path, f.name);
      if (f.trailing && v === null && f.type.kind !== 'offset') continue; // null on a trailing offset means "no item", not "left out"
      const at = this.w.length;
      where.set(f.name, at);
      const t = f.type;
      if (isRawPin(v) && t.kind !== 'bytes' && t.kind !== 'inline' && t.kind !== 'union' && t.kind !== 'array' && t.kind !== 'block') {
        const r = rawNumber(v);
        if (!r.ok) {
          this.error(r.outOfRange ? Code.OutOfRange : Code.BadValue, fpath, `${f.name}: raw pin ${r.message}`);
          return false;
        }
        this.w.u32le(r.value);
        ints.set(f.name, r.value);
        const span = this.span(fpath, at, 4, 'field');
        if (t.kind === 'size' || t.kind === 'count') sizeAt.set(f.name, span ? { at, pinned: r.value, field: f, span } : { at, pinned: r.value, field: f });
        if (t.kind === 'total' || t.kind === 'varsize') {
          const slot: TotalSlot = { at, field: f, path: fpath, pinned: true, varsize: t.kind === 'varsize', value: r.value };
          if (span) slot.span = span;
          totals.push(slot);
        }
        continue;
      }
      switch (t.kind) {
        case 'int': {
          let n = f.fixed ?? 0;
          if (v !== undefined) {
            const r = toInt(v, t.width, this.ctx.constant);
            if (!r.ok) {
              this.error(r.unknownName ? Code.UnknownConstant : r.outOfRange ? Code.OutOfRange : Code.BadValue, fpath, `${f.name}: ${r.message}`);
              return false;
            }
            n = r.value;
          }
          if (t.width === 4) this.w.u32le(n);
          else if (t.width === 2) this.w.u16le(n);
          else this.w.u8(n);
          ints.set(f.name, n);
          break;
        }
        case 'bytes': {
          if (v === undefined || v === null) this.w.zeros(t.length);
          else {
            const r = toBytes(v);
            if (!r.ok) {
              this.error(Code.BadHex, fpath, `${f.name}: ${r.message}`);
              return false;
            }
            if (r.bytes.length !== t.length) {
              this.error(Code.WrongLength, fpath, `${f.name} takes exactly ${t.length} bytes, got ${r.bytes.length}`);
              return false;
            }
            this.w.bytes(r.bytes);
          }
          break;
        }
        case 'inline': {
          const sub = this.ctx.layout(t.layout);
          if (!sub) {
            this.error(Code.UnknownPacket, fpath, `unknown structure ${t.layout}`);
            return false;
          }
          let sv: StructInput = {};
          if (isHexValue(v) || v instanceof Uint8Array) {
            // The fixed part as raw bytes (how the embedded structures were written before they
            // were structures): exactly its size; an embedded structure's items are then absent.
            const r = toBytes(v);
            if (!r.ok) {
              this.error(Code.BadHex, fpath, `${f.name}: ${r.message}`);
              return false;
            }
            if (r.bytes.length !== sub.fixedSize) {
              this.error(Code.WrongLength, fpath, `${f.name} takes its ${t.layout}'s fields in an object, or exactly ${sub.fixedSize} raw bytes; got ${r.bytes.length}`);
              return false;
            }
            this.w.bytes(r.bytes);
            break;
          }
          if (v !== undefined && v !== null) {
            if (!isStructInput(v)) {
              this.error(Code.BadValue, fpath, `${f.name} is a ${t.layout}: expected its fields as an object, got ${describe(v)}`);
              return false;
            }
            sv = v;
          }
          if (embedsItems(sub)) {
            // Its items join this layout's, its offsets count from its first byte (MS-TRP 2.2.6.28).
            const e: Embedded = { start: at, end: at, totals: [], isStruct: sub.kind === 'structure', ...(owner ? { parent: owner } : {}) };
            if (!this.layout(sub, sv, fpath, depth + 1, undefined, frame, e)) return false;
            e.end = this.w.length;
            frame.embedded.push(e);
          } else if (!this.layout(sub, sv, fpath, depth + 1)) return false;
          break;
        }
        case 'offset':
          frame.pending.push({ field: f, at, value: v, path: fpath, sizes: sizeAt, ...(t.base !== undefined && where.has(t.base) ? { baseAt: where.get(t.base)! } : {}), ...(owner ? { owner } : {}) });
          this.w.u32le(0);
          break;
        case 'size':
        case 'count':
          sizeAt.set(f.name, { at, pinned: undefined, field: f });
          this.w.u32le(0);
          break;
        case 'total':
        case 'varsize':
          totals.push({ at, field: f, path: fpath, pinned: false, varsize: t.kind === 'varsize', value: 0 });
          this.w.u32le(0);
          break;
        case 'block': {
          let n = 0;
          if (v !== undefined && v !== null) {
            const r = toBytes(v);
            if (!r.ok) {
              this.error(Code.BadHex, fpath, `${f.name}: ${r.message}`);
              return false;
            }
            this.w.bytes(r.bytes);
            n = r.bytes.length;
          }
          this.settle(sizeAt.get(t.sizeField), n, path, t.sizeField, 'block');
          break;
        }
        case 'array': {
          const n = this.inlineEntries(f, t.layout, v, fpath, depth, frame, owner);
          if (n === undefined) return false;
          this.settle(sizeAt.get(t.countField), n, path, t.countField, 'list');
          break;
        }
        case 'union': {
          const sel = ints.get(t.selector) ?? 0;
          const arm = t.variants.find((a) => a.value === sel);
          const size = f.size;
          if (arm) {
            if (!this.fields(arm.fields, values, path, depth, start, frame, owner, totals, sizeAt, ints, where)) return false;
            const used = this.w.length - at;
            if (used < size) this.w.zeros(size - used);
          } else this.w.zeros(size);
          this.span(fpath, at, this.w.length - at, 'field');
          continue;
        }
      }
      this.span(fpath, at, this.w.length - at, 'field', isComputed(t));
    }
    return true;
  }

  /** Writes the entries of an inline list (e.g. LINEFORWARDLIST.ForwardList); returns how many, or undefined on an error. */
  private inlineEntries(f: FieldDef, layoutName: string, v: FieldInput, path: string, depth: number, host: Frame, owner: Embedded | undefined): number | undefined {
    const sub = this.ctx.layout(layoutName);
    if (!sub) {
      this.error(Code.UnknownPacket, path, `unknown structure ${layoutName}`);
      return undefined;
    }
    if (v === undefined || v === null) return 0;
    if (!Array.isArray(v)) {
      const r = toBytes(v);
      if (!r.ok) {
        this.error(Code.BadValue, path, `${f.name} is a list of ${layoutName}: give its entries as [{...}, ...], or raw bytes as {"hex": "..."}; got ${describe(v)}`);
        return undefined;
      }
      this.w.bytes(r.bytes);
      return sub.fixedSize > 0 ? Math.floor(r.bytes.length / sub.fixedSize) : 0;
    }
    if (v.length > LIMITS.maxEntries) {
      this.error(Code.TooLarge, path, `${f.name} has ${v.length} entries; at most ${LIMITS.maxEntries} are allowed`);
      return undefined;
    }
    for (let i = 0; i < v.length; i++) {
      const e: unknown = v[i];
      const epath = `${path}[${i}]`;
      if (!isStructInput(e)) {
        this.error(Code.BadValue, epath, `entry ${i} of ${f.name} is a ${layoutName}: expected its fields as an object, got ${describe(e)}`);
        return undefined;
      }
      const at = this.w.length;
      if (!this.layout(sub, e, epath, depth + 1, undefined, host, owner)) return undefined;
      this.span(epath, at, this.w.length - at, 'item');
      if (this.w.length > LIMITS.maxPacketSize) {
        this.error(Code.TooLarge, path, `the packet would exceed ${LIMITS.maxPacketSize} bytes`);
        return undefined;
      }
    }
    return v.length;
  }

  /** Writes one VarData item. */
  private item(p: Pending, depth: number, host: Frame): boolean {
    const t = p.field.type;
    if (t.kind !== 'offset') return true;
    const v = p.value;
    if (typeof v === 'number') {
      this.error(Code.BadValue, p.path, offsetNumberMessage(p.field.name, t.target, String(v), 'json'));
      return false;
    }
    switch (t.target.kind) {
      case 'wstr':
      case 'str':
        if (typeof v !== 'string') {
          if (v instanceof Uint8Array || (typeof v === 'object' && v !== null && 'hex' in v)) return this.rawItem(p);
          this.error(Code.BadValue, p.path, `${p.field.name} takes a string, got ${describe(v)}`);
          return false;
        }
        if (t.target.kind === 'wstr') this.w.utf16z(v);
        else {
          const wide = /[^\x00-\xff]/.exec(v);
          if (wide) {
            this.error(Code.BadValue, p.path, `${p.field.name} is an 8-bit string; '${wide[0]}' (U+${wide[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}) does not fit`);
            return false;
          }
          this.w.asciiz(v);
        }
        return true;
      case 'guid': {
        const g = toGuid(v);
        if (!g.ok) {
          this.error(Code.BadGuid, p.path, `${p.field.name}: ${g.message}`);
          return false;
        }
        this.w.bytes(g.bytes);
        return true;
      }
      case 'bytes':
        return this.rawItem(p);
      case 'struct': {
        if (!isStructInput(v)) return this.rawItem(p);
        const sub = this.ctx.layout(t.target.layout);
        if (!sub) {
          this.error(Code.UnknownPacket, p.path, `unknown structure ${t.target.layout}`);
          return false;
        }
        return this.layout(sub, v, p.path, depth + 1);
      }
      case 'list':
        return this.list(p, t.target.layout, depth, host);
    }
  }

  /** Writes a list's entries end to end (MS-TRP arrays of structures have no padding between entries). */
  private list(p: Pending, layoutName: string, depth: number, host: Frame): boolean {
    const sub = this.ctx.layout(layoutName);
    if (!sub) {
      this.error(Code.UnknownPacket, p.path, `unknown structure ${layoutName}`);
      return false;
    }
    const v = p.value;
    if (!Array.isArray(v)) {
      if (!isHexValue(v) && !(v instanceof Uint8Array)) {
        this.error(Code.BadValue, p.path, `${p.field.name} is a list of ${layoutName}: give its entries as [{...}, ...], or raw bytes as {"hex": "..."}; got ${describe(v)}`);
        return false;
      }
      const at = this.w.length;
      if (!this.rawItem(p)) return false;
      // Raw bytes count as many entries as fit whole; a count that should say otherwise is pinned.
      this.lastEntries = sub.fixedSize > 0 ? Math.floor((this.w.length - at) / sub.fixedSize) : 0;
      return true;
    }
    if (v.length > LIMITS.maxEntries) {
      this.error(Code.TooLarge, p.path, `${p.field.name} has ${v.length} entries; at most ${LIMITS.maxEntries} are allowed`);
      return false;
    }
    for (let i = 0; i < v.length; i++) {
      const e: unknown = v[i];
      const epath = `${p.path}[${i}]`;
      if (!isStructInput(e)) {
        this.error(Code.BadValue, epath, `entry ${i} of ${p.field.name} is a ${layoutName}: expected its fields as an object, got ${describe(e)}`);
        return false;
      }
      const at = this.w.length;
      if (!this.layout(sub, e, epath, depth + 1, undefined, host, p.owner)) return false;
      this.span(epath, at, this.w.length - at, 'item');
      if (this.w.length > LIMITS.maxPacketSize) {
        this.error(Code.TooLarge, p.path, `the packet would exceed ${LIMITS.maxPacketSize} bytes`);
        return false;
      }
    }
    this.lastEntries = v.length;
    return true;
  }

  private rawItem(p: Pending): boolean {
    const r = toBytes(p.value);
    if (!r.ok) {
      this.error(Code.BadHex, p.path, `${p.field.name}: ${r.message}`);
      return false;
    }
    this.w.bytes(r.bytes);
    return true;
  }
}

function collectNames(fields: readonly FieldDef[], into: Set<string>): void {
  for (const f of fields) {
    into.add(f.name);
    if (f.type.kind === 'union') for (const a of f.type.variants) collectNames(a.fields, into);
  }
}

/**
 * The general encoder: encodes `values` over any layout `L`, with any extras. Never throws on
 * bad values: errors come back as issues (with no bytes), warnings beside the bytes; it never
 * vouches that no server rule is broken (`clean: false`). Callers normally use `encodeLayout` (`layout-codec.ts`), which takes the compiled fast path first.
 */
export function encodeGeneral(
  ctx: CodecContext,
  L: Layout,
  values: StructInput,
  extras: TopExtras = {},
  options: { spans?: boolean } = {},
): EncodeResult & { clean: false; layout: Layout } {
  const e = new Encoder(ctx, options.spans === true);
  const ok = e.layout(L, values, '', 0, extras);
  // `clean: false`: the general encoder does not look for broken server rules (the decoder does).
  if (!ok) return { issues: e.issues, clean: false, layout: L };
  const bytes = e.w.finish();
  return e.spans ? { bytes, issues: e.issues, spans: e.spans, clean: false, layout: L } : { bytes, issues: e.issues, clean: false, layout: L };
}

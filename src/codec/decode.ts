/**
 * The decoder: reads bytes over a layout, following offsets (never assuming order), checking
 * bounds before every read, and checking the server's rules (MS-TRP 3.1.4.2) on the way. It
 * never throws: what it cannot read comes back as a located issue and a raw pin.
 */
import { findNul, formatGuid, readAscii, readU32le, readUintLe, readUtf16, toHex } from './bytes.js';
import { type CodecContext, LIMITS, type Span } from './limits.js';
import { Code, type CodecIssue, joinPath } from './issues.js';
import { embedsItems, type FieldDef, isComputed, type Layout, type Rule, TAPI_NO_DATA } from './layout.js';
import { type AppliedRule, type RuleEntry, ruleEntry, type RuleFacts, RULES_SECTION, ruleSection, valueRulesOf } from './rules.js';
import type { FieldInput, StructInput } from './values.js';

/** Result of decoding one layout. */
export interface DecodedLayout {
  /** Field values in the JSON request shape; computed fields are left out. */
  fields: StructInput;
  issues: CodecIssue[];
  spans: Span[];
  /** True when every field of the fixed part could be read. */
  complete: boolean;
  /** Where the top layout's fixed part ends (VarData starts). */
  fixedEnd: number;
}

export { RULES_SECTION } from './rules.js';

interface Frame {
  L: Layout;
  start: number;
  /** Exclusive end of the bytes this layout may use. */
  end: number;
  /** Where offsets count from. */
  base: number;
  isStruct: boolean;
  path: string;
  depth: number;
  ints: Map<string, number>;
  out: StructInput;
  /** Where each field of the fixed part starts (for offsets that count from a named field). */
  where: Map<string, number>;
  /** Offset fields seen, resolved after the fixed part. */
  offsets: { f: FieldDef; value: number; at: number; path: string }[];
}

class Decoder {
  readonly issues: CodecIssue[] = [];
  readonly spans: Span[] = [];
  topFixedEnd = 0;

  constructor(
    private readonly ctx: CodecContext,
    private readonly b: Uint8Array,
  ) {}

  issue(severity: 'error' | 'warning', code: Code, path: string, offset: number, message: string, section?: string): void {
    this.issues.push(section ? { severity, code, path, message, offset, section } : { severity, code, path, message, offset });
  }

  /**
   * Decodes layout L at [start, end); returns false if the fixed part was cut short.
   * @param host for a list entry: the base and end of the layout that holds the list (its items
   *   live there); for an embedded structure: its own first byte and the end of the enclosing layout
   */
  layout(L: Layout, start: number, end: number, path: string, depth: number, out: StructInput, host?: { base: number; end: number }): boolean {
    if (depth > LIMITS.maxDepth) {
      this.issue(depth === 0 ? 'error' : 'warning', Code.TooDeep, path, start, `structures nest deeper than ${LIMITS.maxDepth} levels`);
      return false;
    }
    const isStruct = L.kind === 'structure';
    const fr: Frame = { L, start, end: host?.end ?? end, base: host?.base ?? start, isStruct, path, depth, ints: new Map(), where: new Map(), out, offsets: [] };
    let p = start;
    const ok = this.fields(fr, L.fields, () => p, (n) => (p = n));
    fr.base = host ? host.base : isStruct ? start : p;
    if (depth === 0) this.topFixedEnd = p;
    if (!ok) return false;
    if (L.minVarData !== undefined && end - p < L.minVarData) {
      this.broke(fr, { kind: 'vardata', value: L.minVarData }, joinPath(path, 'VarData'), p, { name: 'VarData', value: end - p });
    }
    for (const o of fr.offsets) this.item(fr, o.f, o.value, o.at, o.path);
    reorder(out, L.fields);
    return true;
  }

  private fields(fr: Frame, fields: readonly FieldDef[], get: () => number, set: (n: number) => void): boolean {
    for (const f of fields) {
      const at = get();
      fr.where.set(f.name, at);
      const fpath = joinPath(fr.path, f.name);
      const t = f.type;
      // A trailing field is absent when the bytes end, or when an item an earlier offset points
      // at starts where it would be (the structure was written without it).
      if (f.trailing && (at + f.size > fr.end || (fr.isStruct && fr.offsets.some((o) => o.value > 0 && fr.start + o.value >= at && fr.start + o.value < Math.min(at + f.size, fr.end))))) {
        fr.out[f.name] = null;
        continue;
      }
      if (t.kind === 'union') {
        const sel = fr.ints.get(t.selector) ?? 0;
        const arm = t.variants.find((a) => a.value === sel);
        let q = at;
        if (arm && !this.fields(fr, arm.fields, () => q, (n) => (q = n))) return false;
        // An arm ending in an inline block may run past the union's size.
        set(Math.max(at + Math.max(f.size, 0), q));
        if (!arm && at + f.size <= fr.end) {
          const raw = this.b.subarray(at, at + f.size);
          if (raw.some((x) => x !== 0)) this.issue('warning', Code.NotAllowed, fpath, at, `${t.selector} = ${sel} selects no known variant; ${f.size} bytes left unread`);
        }
        continue;
      }
      if (t.kind === 'array') {
        set(this.inlineEntries(fr, f, t.layout, t.countField, at, fpath));
        continue;
      }
      if (t.kind === 'block') {
        // As many bytes as the size field says, cut at the end of the bytes (the size then comes back pinned).
        const n = Math.min(fr.ints.get(t.sizeField) ?? 0, Math.max(0, fr.end - at));
        if ((fr.ints.get(t.sizeField) ?? 0) > n) this.issue('warning', Code.ItemBeyondVarData, fpath, at, `${t.sizeField} (${fr.ints.get(t.sizeField)}) runs past the end of ${fr.L.name}`, fr.L.section);
        this.spans.push({ path: fpath, offset: at, size: n, kind: 'item' });
        fr.out[f.name] = { hex: toHex(this.b.subarray(at, at + n)) };
        set(at + n);
        continue;
      }
      const size = t.kind === 'inline' ? (this.ctx.layout(t.layout)?.fixedSize ?? 0) : f.size;
      if (at + size > fr.end) {
        // Only the packet's own fixed part cut short stops the decode; a nested structure cut
        // short is a problem of the bytes it was read from (kept verbatim), so a warning.
        this.issue(fr.depth === 0 ? 'error' : 'warning', Code.Truncated, fpath, at, `${f.name} needs ${size} bytes at offset ${at}, only ${Math.max(0, fr.end - at)} left`);
        return false;
      }
      this.spans.push({ path: fpath, offset: at, size, kind: 'field', ...(isComputed(t) ? { computed: true } : {}) });
      switch (t.kind) {
        case 'int': {
          const v = readUintLe(this.b, at, t.width);
          fr.ints.set(f.name, v);
          fr.out[f.name] = v;
          this.checkValue(fr, f, v, at, fpath);
          break;
        }
        case 'bytes':
          fr.out[f.name] = { hex: toHex(this.b.subarray(at, at + size)) };
          break;
        case 'inline': {
          const sub = this.ctx.layout(t.layout);
          const o: StructInput = {};
          // An embedded structure's items lie in this layout's bytes, its offsets counting from its first byte.
          if (sub) this.layout(sub, at, at + size, fpath, fr.depth + 1, o, embedsItems(sub) ? { base: at, end: fr.end } : undefined);
          fr.out[f.name] = o;
          break;
        }
        case 'offset': {
          const v = readU32le(this.b, at);
          fr.ints.set(f.name, v);
          fr.offsets.push({ f, value: v, at, path: fpath });
          break;
        }
        default: {
          const v = readU32le(this.b, at);
          fr.ints.set(f.name, v);
          this.checkValue(fr, f, v, at, fpath);
        }
      }
      set(at + size);
    }
    return true;
  }

  /**
   * Reads an inline list's entries (as many as the count says and whole entries fit); returns
   * where they end. Entries' items count from this structure's start (fr.base).
   */
  private inlineEntries(fr: Frame, f: FieldDef, layoutName: string, countField: string, at: number, path: string): number {
    const sub = this.ctx.layout(layoutName);
    const count = fr.ints.get(countField) ?? 0;
    const size = sub?.fixedSize ?? 0;
    if (!sub || size <= 0) {
      fr.out[f.name] = [];
      return at;
    }
    const fit = Math.floor(Math.max(0, fr.end - at) / size);
    const n = Math.min(count, fit, LIMITS.maxEntries);
    if (n < count) this.broke(fr, { kind: 'countAgrees' }, path, at, { name: f.name, value: count, countField, entrySize: size, entries: fit });
    const out: StructInput[] = [];
    for (let i = 0; i < n; i++) {
      const o: StructInput = {};
      const e = at + i * size;
      const epath = `${path}[${i}]`;
      this.spans.push({ path: epath, offset: e, size, kind: 'item' });
      this.layout(sub, e, e + size, epath, fr.depth + 1, o, { base: fr.start, end: fr.end });
      out.push(o);
    }
    fr.out[f.name] = out;
    return at + n * size;
  }

  /** Reports rule `r` broken (its code, message and section from the rule table). */
  private broke<R extends AppliedRule>(fr: Frame, r: R, path: string, at: number, facts: Partial<RuleFacts> & { name: string; value: number }): void {
    const e: RuleEntry<R> = ruleEntry(r);
    const varLen = fr.end - fr.base;
    const full: RuleFacts = { varLen, layout: fr.L.name, area: fr.isStruct ? fr.L.name : 'VarData', ...facts };
    this.issue('warning', e.code, path, at, e.message(r, full), ruleSection(e, fr.L));
  }

  /** Value rules (the table's: must-be-zero, required values, min, oneOf, nonzero, room). */
  private checkValue(fr: Frame, f: FieldDef, v: number, at: number, path: string): void {
    const rules = valueRulesOf(f);
    if (rules.length === 0) return;
    // `room` is about the packet's VarData; a structure has none of its own to fill.
    const varLen = fr.end - fr.start - fr.L.fixedSize;
    for (const r of rules) {
      if (r.kind === 'room' && fr.isStruct) continue;
      if (!ruleEntry(r).holds!(r, v, varLen)) this.broke(fr, r, path, at, { name: f.name, value: v, varLen });
    }
  }

  /**
   * Reads a list's entries from [pos, limit). Bytes that are not a whole number of entries come
   * back as hex (encode then reproduces them exactly); a count that disagrees with the entries is
   * a warning here and comes back pinned (packet.ts pins whatever the encoder would compute otherwise).
   */
  private list(fr: Frame, f: FieldDef, layoutName: string, entrySize: number, pos: number, limit: number, sizeVal: number | undefined, countVal: number | undefined, path: string): ListRead {
    const sub = this.ctx.layout(layoutName);
    const t = f.type;
    const len = limit - pos;
    // Bytes cut at the end of VarData are the item running past it (reported already), not a partial entry.
    const cut = sizeVal !== undefined && pos + sizeVal > fr.end;
    if (sub && entrySize > 0 && len % entrySize !== 0 && !cut) this.broke(fr, { kind: 'wholeEntries' }, path, pos, { name: f.name, value: len, entrySize, entryLayout: layoutName });
    if (!sub || entrySize <= 0 || sizeVal === undefined || len % entrySize !== 0 || pos + sizeVal > fr.end || len / entrySize > LIMITS.maxEntries) {
      return { value: { hex: toHex(this.b.subarray(pos, limit)) }, end: limit };
    }
    const n = len / entrySize;
    // GenerateTone's rule (3.1.4.2): VarData must hold dwNumTones entries, whatever dwSize says.
    if (t.kind === 'offset' && t.countField !== undefined && t.sizeField !== undefined && countVal !== undefined) {
      if (countVal * entrySize > fr.end - fr.base) this.broke(fr, { kind: 'entriesFit' }, path, pos, { name: f.name, value: countVal, countField: t.countField, entrySize });
      if (countVal !== n) this.broke(fr, { kind: 'countAgrees' }, path, pos, { name: f.name, value: countVal, countField: t.countField, sizeField: t.sizeField, size: sizeVal, entries: n, entrySize });
    }
    const out: StructInput[] = [];
    for (let i = 0; i < n; i++) {
      const o: StructInput = {};
      const at = pos + i * entrySize;
      const epath = `${path}[${i}]`;
      this.spans.push({ path: epath, offset: at, size: entrySize, kind: 'item' });
      this.layout(sub, at, at + entrySize, epath, fr.depth + 1, o, { base: fr.base, end: fr.end });
      out.push(o);
    }
    return { value: out, end: limit };
  }

  /** Follows one offset field to its item. */
  private item(fr: Frame, f: FieldDef, v: number, at: number, path: string): void {
    const t = f.type;
    if (t.kind !== 'offset') return;
    const countVal = t.countField !== undefined ? fr.ints.get(t.countField) : undefined;
    const entrySize = t.target.kind === 'list' ? (this.ctx.layout(t.target.layout)?.fixedSize ?? 0) : 0;
    // A list without a byte-size field is as long as its count says (count x entry size).
    const sizeVal = t.sizeField !== undefined ? fr.ints.get(t.sizeField) : countVal !== undefined ? countVal * entrySize : undefined;
    const align = (f.rules ?? []).find((r): r is Extract<Rule, { kind: 'align' }> => r.kind === 'align');
    const sec = fr.L.kind === 'request' ? RULES_SECTION : fr.L.section;
    const absent = fr.isStruct ? v === 0 && (sizeVal === undefined || sizeVal === 0) : v === TAPI_NO_DATA;
    if (absent) {
      fr.out[f.name] = null;
      if (!t.optional && !fr.isStruct) this.broke(fr, { kind: 'required' }, path, at, { name: f.name, value: v });
      return;
    }
    const from = t.base !== undefined ? (fr.where.get(t.base) ?? fr.base) : fr.base;
    const varLen = fr.end - from;
    const pos = from + v;
    if (align && v % align.n !== 0) this.broke(fr, align, path, at, { name: f.name, value: v });
    // An empty blob the encoder placed at the very end (offset = length, size 0) is inside.
    if ((t.target.kind === 'bytes' || t.target.kind === 'list') && sizeVal === 0 && v === varLen && !(align && v % align.n !== 0)) {
      this.spans.push({ path, offset: pos, size: 0, kind: 'item' });
      fr.out[f.name] = t.target.kind === 'list' ? [] : { hex: '' };
      return;
    }
    if (v >= varLen || pos >= fr.end) {
      this.broke(fr, { kind: 'inside' }, path, at, { name: f.name, value: v });
      fr.out[f.name] = { raw: v };
      return;
    }
    const limit = sizeVal !== undefined && t.target.kind !== 'struct' ? Math.min(fr.end, pos + sizeVal) : fr.end;
    if (sizeVal !== undefined && pos + sizeVal > fr.end) {
      if (t.sizeField !== undefined) this.broke(fr, { kind: 'itemFits' }, path, at, { name: f.name, value: v, sizeField: t.sizeField, size: sizeVal });
      else if (t.countField !== undefined) this.broke(fr, { kind: 'entriesFit' }, path, at, { name: f.name, value: countVal ?? 0, countField: t.countField, entrySize, size: sizeVal, itemOffset: v, varLen });
    }
    let value: FieldInput;
    let itemEnd = pos;
    switch (t.target.kind) {
      case 'wstr':
      case 'str': {
        const width = t.target.kind === 'wstr' ? 2 : 1;
        const q = findNul(this.b, pos, limit, width);
        if (q < 0) {
          this.broke(fr, { kind: 'terminated' }, path, pos, { name: f.name, value: v });
          fr.out[f.name] = { raw: v };
          return;
        }
        value = width === 2 ? readUtf16(this.b, pos, q) : readAscii(this.b, pos, q);
        itemEnd = q + width;
        break;
      }
      case 'guid':
        if (pos + 16 > fr.end) {
          this.issue('warning', Code.Truncated, path, pos, `the GUID at ${f.name} needs 16 bytes, only ${fr.end - pos} left`, sec);
          fr.out[f.name] = { raw: v };
          return;
        }
        value = formatGuid(this.b, pos);
        itemEnd = pos + 16;
        break;
      case 'bytes': {
        const n = sizeVal ?? 0;
        const e = Math.min(fr.end, pos + n);
        value = { hex: toHex(this.b.subarray(pos, e)) };
        itemEnd = e;
        break;
      }
      case 'struct': {
        const sub = this.ctx.layout(t.target.layout);
        if (!sub || pos + 4 > fr.end) {
          fr.out[f.name] = { raw: v };
          return;
        }
        const total = readU32le(this.b, pos);
        const e = total >= sub.fixedSize && pos + total <= fr.end ? pos + total : fr.end;
        const o: StructInput = {};
        this.layout(sub, pos, e, path, fr.depth + 1, o);
        value = o;
        itemEnd = e;
        break;
      }
      case 'list': {
        const r = this.list(fr, f, t.target.layout, entrySize, pos, limit, sizeVal, countVal, path);
        value = r.value;
        itemEnd = r.end;
        break;
      }
    }
    this.spans.push({ path, offset: pos, size: itemEnd - pos, kind: 'item' });
    fr.out[f.name] = value;
  }
}

/** The result of reading a list item: its value and where its bytes end. */
interface ListRead {
  value: FieldInput;
  end: number;
}

/** Puts an object's keys in field order (items are resolved after the fixed part). */
function reorder(out: StructInput, fields: readonly FieldDef[]): void {
  const names: string[] = [];
  const walk = (fs: readonly FieldDef[]): void => {
    for (const f of fs) {
      if (f.type.kind === 'union') for (const a of f.type.variants) walk(a.fields);
      else names.push(f.name);
    }
  };
  walk(fields);
  const entries = names.filter((n) => n in out).map((n) => [n, out[n]] as const);
  for (const k of Object.keys(out)) delete out[k];
  for (const [k, v] of entries) out[k] = v;
}


/**
 * Decodes `bytes[start..end)` as layout `L`. Never throws; problems are issues with the field
 * path and byte offset.
 */
export function decodeLayout(ctx: CodecContext, L: Layout, bytes: Uint8Array, start = 0, end = bytes.length): DecodedLayout {
  const d = new Decoder(ctx, bytes);
  const out: StructInput = {};
  const complete = d.layout(L, start, Math.min(end, bytes.length), '', 0, out);
  return { fields: out, issues: d.issues, spans: d.spans, complete, fixedEnd: d.topFixedEnd };
}

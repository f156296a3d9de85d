/**
 * The packet checker: resolves a packet's type, checks every assignment against the layout
 * (unknown fields, duplicates, constants, ranges, types, required fields), converts the values
 * to the codec's input form, encodes, and turns codec warnings into located diagnostics.
 */
import {
  type CatalogIndex, Code, type CodecContext, type CodecIssue, type EncodeResult, type FieldDef, type FieldInput, isComputed, isStructInput, type Layout, type Span,
  offsetNumberMessage, parseGuid, unknownPacketMessage, parseHex, readU32le, type StructInput, toHex, type TopExtras,
} from '../codec/index.js';
import type { Assignment, Expr, Node, PacketDecl } from './ast.js';
import { encodeChecked, issueText, serverRuleIssues } from './codec-bridge.js';
import { DiagCode } from './codes.js';
import type { RawDiagnostic, Scope } from './compile.js';
import { fieldsByName } from './layout-fields.js';
import { closest } from './suggest.js';
import { warningFilter } from './warning-relevance.js';

export { allFields, fieldsByName } from './layout-fields.js';

/** What the checker learned about one packet. */
export interface CheckedPacket {
  decl: PacketDecl;
  layout?: Layout;
  /** Codec input, when the packet has no errors. */
  fields?: StructInput;
  extras: TopExtras;
  /** Assignment per dotted field path, to locate codec issues and hovers. */
  nodes: Map<string, Assignment>;
  /** Encoded bytes with spans, when the packet has no errors. */
  encoded?: EncodeResult;
  /** Values the encoder would compute for pinned fields (path -> value). */
  computed: Map<string, number>;
  diagnostics: RawDiagnostic[];
}

class Checker {
  readonly diags: RawDiagnostic[] = [];
  readonly nodes = new Map<string, Assignment>();
  /** Errors found, reported or not (a value the parser already reported counts too). */
  private errorCount = 0;
  /** Dotted paths of the fields whose values have errors (see warning-relevance.ts). */
  readonly errorPaths = new Set<string>();

  get hasError(): boolean {
    return this.errorCount > 0;
  }

  constructor(
    private readonly uri: string,
    private readonly scope: Scope,
  ) {}

  diag(n: Node, code: DiagCode | Code, message: string, severity: RawDiagnostic['severity'] = 'error', data?: RawDiagnostic['data']): void {
    if (severity === 'error') this.errorCount++;
    this.diags.push({ uri: this.uri, start: n.start, end: Math.max(n.end, n.start + 1), severity, code, message, ...(data ? { data } : {}) });
  }

  /** Checks assignments against layout L; returns codec input. */
  body(L: Layout, body: readonly Assignment[], path: string, top: boolean, extras: TopExtras, anchor: Node): StructInput {
    const out: StructInput = {};
    const byName = fieldsByName(L);
    const seen = new Set<string>();
    for (const a of body) {
      const name = a.name.text;
      const fpath = path ? `${path}.${name}` : name;
      if (seen.has(name)) {
        this.diag(a.name, DiagCode.Duplicate, `${name} is set twice`);
        this.errorPaths.add(fpath);
        continue;
      }
      seen.add(name);
      if (top && name === 'varData') {
        if (a.value.kind !== 'hex') this.diag(a.value, DiagCode.TypeMismatch, 'varData takes raw bytes: varData = hex { ... }');
        else {
          const b = this.hex(a.value);
          if (b) extras.varData = b;
        }
        this.nodes.set('varData', a);
        continue;
      }
      if (top && name === 'padTo') {
        if (a.value.kind !== 'number' || a.value.value < 0 || a.value.value > 16 * 1024 * 1024) this.diag(a.value, DiagCode.OutOfRange, 'padTo takes a byte count up to 16 MiB');
        else extras.padTo = a.value.value;
        this.nodes.set('padTo', a);
        continue;
      }
      const f = byName.get(name);
      if (!f) {
        const sugg = closest(name, [...byName.keys()]);
        this.diag(a.name, DiagCode.UnknownField, `${L.name} has no field '${name}'${sugg.length ? `; did you mean ${sugg[0]}?` : ''}`, 'error', { suggestions: sugg });
        // A misspelt field leaves the one it meant unset: rules on that one say nothing yet.
        if (sugg[0]) this.errorPaths.add(path ? `${path}.${sugg[0]}` : sugg[0]);
        continue;
      }
      this.nodes.set(fpath, a);
      const before = this.errorCount;
      const v = this.value(f, a.value, fpath);
      if (v !== undefined) out[name] = v;
      // A nested value with errors names its own fields; otherwise the field's value is wrong.
      if (this.errorCount > before && ![...this.errorPaths].some((p) => p.startsWith(fpath + '.'))) this.errorPaths.add(fpath);
    }
    if (L.kind === 'request' || L.kind === 'response') {
      for (const f of L.fields) {
        if (f.type.kind === 'offset' && !f.type.optional && !seen.has(f.name)) {
          this.diag(anchor, DiagCode.MissingField, `${L.name} needs ${f.name} (a value, null for TAPI_NO_DATA, or raw N)`, 'error', { field: f.name });
          this.errorPaths.add(path ? `${path}.${f.name}` : f.name);
        }
      }
    }
    return out;
  }

  private hex(e: Extract<Expr, { kind: 'hex' }>): Uint8Array | undefined {
    const r = parseHex(e.text);
    if ('error' in r) {
      this.diag(e, DiagCode.BadHex, `bad hex: ${r.error}`);
      return undefined;
    }
    return r.bytes;
  }

  /** Checks one value against its field; returns the codec input (undefined after an error). */
  value(f: FieldDef, e: Expr, path: string): FieldInput {
    const t = f.type;
    if (e.kind === 'missing') {
      this.errorCount++;
      return undefined;
    }
    if (e.kind === 'ref') {
      // Session steps take these out before checking (session.ts); anywhere else there is no reply to read.
      this.diag(e, DiagCode.RefOutsideSession, `${e.step.text}.${e.field.text} reads an earlier step's reply: it works only as the value of a top-level field of a session step`);
      return undefined;
    }
    if (e.kind === 'raw') {
      if (!e.value || e.value.kind === 'missing') {
        this.errorCount++;
        return undefined;
      }
      if (e.value.kind === 'number') {
        const n = e.value.value < 0 ? e.value.value >>> 0 : e.value.value;
        if (n > 0xffffffff || (e.value.value < -0x80000000)) {
          this.diag(e.value, DiagCode.OutOfRange, `raw ${e.value.text} does not fit in 32 bits`);
          return undefined;
        }
        if (t.kind === 'bytes' || t.kind === 'inline') {
          this.diag(e, DiagCode.TypeMismatch, `${f.name} is ${t.kind === 'bytes' ? `${t.length} bytes` : 'a structure'}: pin it with raw hex { ... }`);
          return undefined;
        }
        return { raw: n };
      }
      if (e.value.kind === 'hex') {
        const b = this.hex(e.value);
        if (!b) return undefined;
        if (t.kind === 'bytes') {
          if (b.length !== t.length) {
            this.diag(e.value, DiagCode.TypeMismatch, `${f.name} takes exactly ${t.length} bytes, got ${b.length}`);
            return undefined;
          }
          return { hex: e.value.text };
        }
        if (t.kind === 'offset') return { hex: e.value.text };
        if (t.kind === 'inline') {
          // A structure's fixed part as raw bytes: exactly its size (the encoder says so too).
          const size = this.scope.layout(t.layout)?.fixedSize;
          if (b.length !== size) {
            this.diag(e.value, DiagCode.TypeMismatch, `${f.name} takes exactly ${size ?? 0} bytes (a ${t.layout}), got ${b.length}`);
            return undefined;
          }
          return { hex: e.value.text };
        }
        this.diag(e, DiagCode.TypeMismatch, `raw hex fits byte fields, offset items and structures; ${f.name} takes raw N`);
        return undefined;
      }
      this.diag(e.value, DiagCode.TypeMismatch, 'raw takes a number (raw 8) or bytes (raw hex { ... })');
      return undefined;
    }
    if (e.kind === 'null') {
      if (t.kind === 'offset' || f.trailing) return null;
      this.diag(e, DiagCode.TypeMismatch, `${f.name} cannot be null: null means an absent offset item or a left-out trailing field`);
      return undefined;
    }
    switch (t.kind) {
      case 'int':
        return this.int(f, t.width, t.table, e);
      case 'size':
      case 'count':
      case 'total':
      case 'varsize':
        if (e.kind === 'number') return this.int(f, 4, undefined, e) === undefined ? undefined : { raw: e.value >>> 0 };
        this.diag(e, DiagCode.TypeMismatch, `${f.name} is computed; pin it with a number (raw N)`);
        return undefined;
      case 'bytes': {
        if (e.kind === 'guid' && t.length === 16) return { hex: toHex(parseGuid(e.text)!) };
        if (e.kind !== 'hex') {
          this.diag(e, DiagCode.TypeMismatch, `${f.name} takes ${t.length} bytes: hex { ... }`);
          return undefined;
        }
        const b = this.hex(e);
        if (!b) return undefined;
        if (b.length !== t.length) {
          this.diag(e, DiagCode.TypeMismatch, `${f.name} takes exactly ${t.length} bytes, got ${b.length}`);
          return undefined;
        }
        return { hex: e.text };
      }
      case 'inline': {
        const sub = this.scope.layout(t.layout);
        if (!sub) return undefined;
        if (e.kind !== 'struct') {
          this.diag(e, DiagCode.TypeMismatch, `${f.name} is a ${t.layout}: give its fields in { ... }`);
          return undefined;
        }
        return this.body(sub, e.body, path, false, {}, e);
      }
      case 'offset': {
        if (e.kind === 'hex') {
          const b = this.hex(e);
          return b ? { hex: e.text } : undefined;
        }
        if (e.kind === 'number') {
          // A number here is usually meant as the offset itself (copied from a capture or a PoC);
          // say the two ways to write that, as the JSON path does.
          this.diag(e, DiagCode.TypeMismatch, offsetNumberMessage(f.name, t.target, e.text, 'text'));
          return undefined;
        }
        switch (t.target.kind) {
          case 'wstr':
          case 'str':
            if (e.kind === 'string') {
              if (t.target.kind === 'str' && /[^\x00-\xff]/.test(e.value)) {
                this.diag(e, DiagCode.TypeMismatch, `${f.name} is an 8-bit string; it cannot hold characters above \\xFF`);
                return undefined;
              }
              return e.value;
            }
            this.diag(e, DiagCode.TypeMismatch, `${f.name} takes a string in quotes`);
            return undefined;
          case 'guid':
            if (e.kind === 'guid') return e.text;
            this.diag(e, DiagCode.TypeMismatch, `${f.name} takes a GUID: {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`);
            return undefined;
          case 'bytes':
            this.diag(e, DiagCode.TypeMismatch, `${f.name} takes bytes: hex { ... }`);
            return undefined;
          case 'struct': {
            const sub = this.scope.layout(t.target.layout);
            if (!sub) return undefined;
            if (e.kind !== 'struct') {
              this.diag(e, DiagCode.TypeMismatch, `${f.name} points at a ${t.target.layout}: give its fields in { ... }`);
              return undefined;
            }
            return this.body(sub, e.body, path, false, {}, e);
          }
          case 'list':
            return this.entries(f, t.target.layout, e, path);
        }
        return undefined;
      }
      case 'array':
        if (e.kind === 'hex') return this.hex(e) ? { hex: e.text } : undefined;
        return this.entries(f, t.layout, e, path);
      case 'block':
        if (e.kind === 'hex') return this.hex(e) ? { hex: e.text } : undefined;
        this.diag(e, DiagCode.TypeMismatch, `${f.name} takes bytes: hex { ... }`);
        return undefined;
      case 'union':
        return undefined;
    }
  }

  /** A list's entries: `[ { ... } { ... } ]`, each entry a structure value of `layoutName`. */
  private entries(f: FieldDef, layoutName: string, e: Expr, path: string): FieldInput {
    const sub = this.scope.layout(layoutName);
    if (!sub) return undefined;
    if (e.kind !== 'list') {
      this.diag(e, DiagCode.TypeMismatch, `${f.name} is a list of ${layoutName}: give its entries in [ { ... } { ... } ] ([] for none)`);
      return undefined;
    }
    const out: StructInput[] = [];
    for (let i = 0; i < e.items.length; i++) {
      const it = e.items[i]!;
      if (it.kind === 'missing') {
        this.errorCount++;
        return undefined;
      }
      if (it.kind !== 'struct') {
        this.diag(it, DiagCode.TypeMismatch, `entry ${i} of ${f.name} is a ${layoutName}: give its fields in { ... }`);
        return undefined;
      }
      out.push(this.body(sub, it.body, `${path}[${i}]`, false, {}, it));
    }
    return out;
  }

  private int(f: FieldDef, width: 1 | 2 | 4, table: string | undefined, e: Expr): FieldInput {
    const max = width === 4 ? 0xffffffff : width === 2 ? 0xffff : 0xff;
    switch (e.kind) {
      case 'missing': // `A |` cut short: the parser reported it
        this.errorCount++;
        return undefined;
      case 'number': {
        const min = width === 4 ? -0x80000000 : 0;
        if (e.value < min || e.value > max) {
          this.diag(e, DiagCode.OutOfRange, `${f.name} is ${width * 8}-bit: ${e.text} is out of range (0 to 0x${max.toString(16).toUpperCase()})`);
          return undefined;
        }
        return e.value < 0 ? e.value >>> 0 : e.value;
      }
      case 'name': {
        const v = this.scope.constant(e.name.text);
        if (v === undefined) {
          const pool = table ? (this.scope.table(table)?.entries.map((x) => x.name) ?? []) : [];
          const sugg = closest(e.name.text, pool);
          this.diag(e, DiagCode.UnknownConstant, `unknown constant '${e.name.text}'${sugg.length ? `; did you mean ${sugg[0]}?` : ''}`, 'error', { suggestions: sugg });
          return undefined;
        }
        if (v > max) {
          this.diag(e, DiagCode.OutOfRange, `${e.name.text} (0x${v.toString(16)}) does not fit in ${f.name}`);
          return undefined;
        }
        if (table) {
          const t = this.scope.table(table);
          if (t && !t.entries.some((x) => x.name === e.name.text)) {
            this.diag(e, DiagCode.TypeMismatch, `${e.name.text} is not one of ${table}; the value 0x${v.toString(16).toUpperCase()} is used as written`, 'warning');
          }
        }
        return e.name.text;
      }
      case 'or': {
        // `A |` cut short is still being typed: its parts are not judged (the parser reported the gap).
        if (e.parts.some((p) => p.kind === 'missing')) {
          this.errorCount++;
          return undefined;
        }
        const parts: (number | string)[] = [];
        for (const p of e.parts) {
          const v = this.int(f, width, table, p);
          if (v === undefined) return undefined;
          parts.push(v as number | string);
        }
        return parts;
      }
      case 'string':
        this.diag(e, DiagCode.TypeMismatch, `${f.name} takes a number or a constant name, not a string${/^(0x)?[0-9a-f]+$/i.test(e.value) ? ' (drop the quotes)' : ''}`);
        return undefined;
      default:
        this.diag(e, DiagCode.TypeMismatch, `${f.name} takes a number or a constant name`);
        return undefined;
    }
  }
}


/** Whether the values pin a computed field (size, count, offset, total) anywhere, nested structures and entries included. */
function hasComputedPin(L: Layout, values: StructInput, scope: Scope): boolean {
  const byName = fieldsByName(L);
  for (const k in values) {
    const f = byName.get(k);
    if (!f) continue;
    const v = values[k];
    if (isComputed(f.type)) {
      if (typeof v === 'object' && v !== null && 'raw' in v) return true;
    }
    const t = f.type;
    const sub = t.kind === 'inline' ? scope.layout(t.layout)
      : t.kind === 'array' ? scope.layout(t.layout)
      : t.kind === 'offset' && (t.target.kind === 'struct' || t.target.kind === 'list') ? scope.layout(t.target.layout) : undefined;
    if (!sub) continue;
    if (isStructInput(v) && hasComputedPin(sub, v, scope)) return true;
    if (Array.isArray(v) && v.some((e) => isStructInput(e) && hasComputedPin(sub, e, scope))) return true;
  }
  return false;
}

/** Where the names of the layouts a packet may use come from, for "did you mean". */
export interface LayoutPool {
  own: readonly Layout[];
  catalog: CatalogIndex;
}

/**
 * Checks one packet declaration against the scope and encodes it.
 * @param ctx the codec's view of the same scope
 * @param pool the layout names to suggest from when the packet type is unknown
 */
export function checkPacket(uri: string, decl: PacketDecl, scope: Scope, ctx: CodecContext, pool?: LayoutPool): CheckedPacket {
  const c = new Checker(uri, scope);
  const res: CheckedPacket = { decl, extras: {}, nodes: c.nodes, computed: new Map(), diagnostics: c.diags };
  if (!decl.type) return res;
  const L = scope.layout(decl.type.text);
  if (!L) {
    const u = unknownPacketMessage(decl.type.text, pool ? [...pool.own.map((x) => x.name), ...pool.catalog.byName.keys()] : [], 'text');
    c.diag(decl.type, DiagCode.UnknownType, u.message, 'error', { suggestions: u.suggestions });
    return res;
  }
  res.layout = L;
  const fields = c.body(L, decl.body, '', true, res.extras, decl.name);
  if (!decl.closed) return res;
  if (c.hasError) {
    // Not encoded for use; its warnings still show, computed on the fields that are right, so
    // fixing one mistake does not reveal a broken rule only then (issue 12).
    const partial = encodeChecked(ctx, L, fields, res.extras, true);
    reportWarnings(c, uri, decl, L, ctx, partial, true, new Map(), warningFilter(L, scope, c.errorPaths, fields));
    return res;
  }
  res.fields = fields;
  // Spans (where each field landed) are for hover, inlay hints and the layout view: most packets
  // of a large file never need them, so they are computed on first use. A packet with pins on
  // computed fields needs them now (the spans carry what the encoder would write at each pin),
  // so it is encoded once, with them.
  const pinned = hasComputedPin(L, fields, scope);
  const enc = pinned
    ? encodeChecked(ctx, L, fields, res.extras, true)
    : withLazySpans(encodeChecked(ctx, L, fields, res.extras, false), () => encodeChecked(ctx, L, fields, res.extras, true).spans ?? []);
  res.encoded = enc;
  reportWarnings(c, uri, decl, L, ctx, enc, pinned, res.computed, undefined);
  return res;
}

/**
 * Pins that disagree with the computed value, the encoder's issues and the server's rules
 * (MS-TRP 3.1.4.2) on the encoded bytes, located at the assignments. With `keep` (a packet
 * that has errors) only the warnings it accepts are reported.
 * @param readPins whether the packet pins a computed field (then `enc` has its spans)
 * @param computed filled with the value the encoder would write at each pinned computed field
 */
function reportWarnings(
  c: Checker, uri: string, decl: PacketDecl, L: Layout, ctx: CodecContext,
  enc: EncodeResult & { clean?: boolean }, readPins: boolean, computed: Map<string, number>, keep: ((path: string) => boolean) | undefined,
): void {
  // The encoder records, on the span of each computed field the author pinned, what it would
  // have written there (Span.wouldWrite); only spans already computed are read (a packet
  // without such pins is encoded without spans, and has nothing to read here).
  if (readPins && enc.bytes && enc.spans) {
    for (const s of enc.spans) {
      if (s.wouldWrite === undefined || s.kind !== 'field') continue;
      const want = s.wouldWrite;
      computed.set(s.path, want);
      const a = c.nodes.get(s.path);
      const have = readU32le(enc.bytes, s.offset);
      if (a && have !== want && !a.keep && (!keep || keep(s.path))) {
        c.diag(a.value, Code.PinDisagrees, `${a.name.text} is pinned to ${have}; the encoder would write ${want}`, 'warning', { computed: want, field: s.path });
      }
    }
  }
  const issues = keep ? enc.issues.filter((i) => i.severity === 'warning') : enc.issues;
  // Rules of MS-TRP 3.1.4.2 are checked on the bytes the server would see (none to find when
  // the encoder's fast path already showed the bytes clean).
  const rules = enc.bytes && !enc.clean ? serverRuleIssues(ctx, L, enc.bytes) : [];
  for (const i of [...issues, ...rules]) {
    if (i.code === Code.PinDisagrees) continue; // reported above with the computed value
    if (keep && !keep(i.path)) continue;
    const a = nodeFor(c.nodes, i.path);
    if (a?.keep) continue;
    const at: Node = a ? a.value : decl.name;
    c.diags.push({
      uri, start: at.start, end: Math.max(at.end, at.start + 1), severity: i.severity, code: i.code,
      message: issueText(i, false), ...(i.section ? { section: i.section } : {}),
    });
  }
}

/** Gives an encode result a `spans` property computed once, when first read. */
function withLazySpans(r: EncodeResult & { clean: boolean }, compute: () => Span[]): EncodeResult & { clean: boolean } {
  return r.bytes ? new LazySpans(r.bytes, r.issues, r.clean, compute) : r;
}

/**
 * An encode result whose `spans` are computed on first read. A class with the getter on its
 * prototype: defining a getter on each result object (10,000 in a large file) made every one a
 * slow dictionary object.
 */
class LazySpans implements EncodeResult {
  private cached: Span[] | undefined;

  constructor(
    readonly bytes: Uint8Array,
    readonly issues: CodecIssue[],
    readonly clean: boolean,
    private readonly compute: () => Span[],
  ) {}

  get spans(): Span[] {
    return (this.cached ??= this.compute());
  }
}

function nodeFor(nodes: Map<string, Assignment>, path: string): Assignment | undefined {
  let p = path;
  for (;;) {
    const a = nodes.get(p);
    if (a) return a;
    const dot = p.lastIndexOf('.');
    if (dot < 0) return undefined;
    p = p.slice(0, dot);
  }
}


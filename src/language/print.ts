/**
 * Prints a decoded packet (the JSON request form) as `.tapipkt` text that encodes back to the
 * same bytes: constants by name where a value matches its table exactly, flags as `A | B`,
 * strings quoted, GUIDs braced, bytes as hex blocks, pins as `raw`.
 *
 * Fields come in wire order (the layout's order, whatever order the request's keys are in, so a
 * pinned field stands where it sits). One rule for reserved fields: a field the layout declares
 * `zero` or `ignored` (the Reserved words, padding) is printed only when its bytes are not all
 * zero; zero is what the encoder writes for it, so leaving it out changes no byte.
 */
import { type ConstTable, type FieldDef, type FieldInput, isEntryList, type Layout, type PacketInput, type Span, type StructInput, toHex } from '../codec/index.js';
import type { Scope } from './compile.js';
import { allFields } from './check.js';

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Quotes a string for `.tapipkt` text (escapes that the scanner reads back exactly). */
export function quote(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i]!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c === 9) out += '\\t';
    else if (c < 32 || (c >= 0x7f && c < 0xa0) || (c >= 0xd800 && c <= 0xdfff)) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

/** A number as `0x...` (8 digits for u32 values). */
export function hexNum(v: number, width = 4): string {
  return '0x' + v.toString(16).toUpperCase().padStart(width * 2, '0');
}

/** Names a value from a constants table: one exact name, or an exact OR of flags; else undefined. */
export function nameValue(v: number, table: ConstTable | undefined): string | undefined {
  if (!table) return undefined;
  const exact = table.entries.filter((e) => e.value === v);
  if (exact.length === 1) return exact[0]!.name;
  if (exact.length > 1) return exact[0]!.name;
  if (!table.flags || v === 0) return undefined;
  const parts: string[] = [];
  let rest = v;
  for (const e of table.entries) {
    if (e.value !== 0 && (e.value & (e.value - 1)) === 0 && (rest & e.value) === e.value) {
      parts.push(e.name);
      rest = (rest & ~e.value) >>> 0;
    }
  }
  if (rest !== 0 || parts.length === 0) return undefined;
  return parts.join(' | ');
}

function hexBlock(hex: string, indent: string): string {
  const pairs = hex.match(/../g) ?? [];
  if (pairs.length <= 16) return `hex { ${pairs.join(' ')} }`;
  const lines: string[] = [];
  for (let i = 0; i < pairs.length; i += 16) lines.push(indent + '  ' + pairs.slice(i, i + 16).join(' '));
  return `hex {\n${lines.join('\n')}\n${indent}}`;
}

function valueText(f: FieldDef | undefined, v: FieldInput, scope: Scope, indent: string): string {
  if (v === null) return 'null';
  if (v === undefined) return 'null';
  if (typeof v === 'number') {
    const t = f?.type;
    if (t?.kind === 'int' && t.table) {
      const n = nameValue(v, scope.table(t.table));
      if (n) return n;
    }
    return t?.kind === 'int' && t.width !== 4 ? String(v) : v < 10 ? String(v) : hexNum(v);
  }
  if (typeof v === 'string') {
    if (f?.type.kind === 'offset' && f.type.target.kind === 'guid') return v;
    return quote(v);
  }
  const entryType = f ? listEntryType(f) : undefined;
  if (entryType && isEntryList(v)) return listText(scope.layout(entryType), v, scope, indent);
  if (Array.isArray(v)) return (v as readonly unknown[]).map((x) => (typeof x === 'number' ? hexNum(x) : String(x))).join(' | ');
  if (v instanceof Uint8Array) return hexBlock(toHex(v), indent);
  if (typeof v === 'object') {
    if ('raw' in v) return typeof v.raw === 'number' ? `raw ${v.raw < 10 ? v.raw : hexNum(v.raw)}` : `raw ${hexBlock(String(v.raw), indent)}`;
    if ('hex' in v) {
      if (f?.type.kind === 'bytes' && f.type.length === 16 && /guid/i.test(f.name)) return hexBlock(String(v.hex), indent);
      return hexBlock(String(v.hex), indent);
    }
    const sub = f ? subLayout(f, scope) : undefined;
    return structText(sub, v as StructInput, scope, indent);
  }
  return 'null';
}

/** The entry structure of a list field (an offset list or an inline list), if `f` is one. */
function listEntryType(f: FieldDef): string | undefined {
  if (f.type.kind === 'offset' && f.type.target.kind === 'list') return f.type.target.layout;
  return f.type.kind === 'array' ? f.type.layout : undefined;
}

/** A list's entries, one structure value per entry: `[ { ... } { ... } ]`; `[]` when empty. */
function listText(L: Layout | undefined, v: readonly StructInput[], scope: Scope, indent: string, offsets?: Offsets, path = ''): string {
  if (v.length === 0) return '[]';
  const inner = indent + '  ';
  const lines = v.map((e, i) => `${inner}${withComment(structText(L, e, scope, inner, offsets, `${path}[${i}]`), offsets?.get(`${path}[${i}]`))}`);
  return `[\n${lines.join('\n')}\n${indent}]`;
}

function subLayout(f: FieldDef, scope: Scope): Layout | undefined {
  if (f.type.kind === 'inline') return scope.layout(f.type.layout);
  if (f.type.kind === 'offset' && f.type.target.kind === 'struct') return scope.layout(f.type.target.layout);
  return undefined;
}

/** A reserved field (declared `zero` or `ignored`) holding zero: left out of the text. */
function quietReserved(f: FieldDef | undefined, v: FieldInput): boolean {
  if (f?.role === undefined) return false;
  if (v === 0) return true;
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && 'hex' in v && /^(00)*$/.test(String(v.hex));
}

/** Where fields and items sit, by path: the text of an `--offsets` comment. */
type Offsets = ReadonlyMap<string, string>;

function offsetsOf(spans: readonly Span[]): Offsets {
  const field = new Map<string, Span>();
  const item = new Map<string, Span>();
  for (const s of spans) (s.kind === 'field' ? field : item).set(s.path, s);
  const out = new Map<string, string>();
  for (const [p, s] of field) {
    const it = item.get(p);
    out.set(p, `// @${s.offset}, ${s.size} B${it ? `; item @${it.offset}, ${it.size} B` : ''}`);
  }
  return out;
}

/**
 * Puts a comment after a value: at the end of a structure's first line (its `{`), after a hex
 * block's closing `}` (a hex block holds only digits), else at the end of the line.
 */
function withComment(text: string, comment: string | undefined): string {
  if (!comment) return text;
  const nl = text.indexOf('\n');
  if (nl < 0 || /^(raw )?hex \{/.test(text)) return `${text}  ${comment}`;
  return `${text.slice(0, nl)}  ${comment}${text.slice(nl)}`;
}

function structText(L: Layout | undefined, v: StructInput, scope: Scope, indent: string, offsets?: Offsets, path = ''): string {
  const order = L ? allFields(L) : [];
  const byName = new Map(order.map((f) => [f.name, f]));
  const rank = new Map(order.map((f, i) => [f.name, i]));
  const keys = Object.keys(v)
    .filter((k) => !quietReserved(byName.get(k), v[k]))
    .map((k, i) => ({ k, r: rank.get(k) ?? order.length + i }))
    .sort((a, b) => a.r - b.r)
    .map((x) => x.k);
  if (keys.length === 0) return '{ }';
  const inner = indent + '  ';
  const lines = keys.map((k) => {
    const f = byName.get(k);
    const p = path ? `${path}.${k}` : k;
    const val = v[k];
    const sub = f && offsets && isStructValue(val) ? subLayout(f, scope) : undefined;
    const entryType = f ? listEntryType(f) : undefined;
    const list = offsets && entryType && isEntryList(val) ? scope.layout(entryType) : undefined;
    const text = sub
      ? structText(sub, val as StructInput, scope, inner, offsets, p)
      : list && isEntryList(val)
        ? listText(list, val, scope, inner, offsets, p)
        : valueText(f, val, scope, inner);
    return `${inner}${k} = ${withComment(text, offsets?.get(p))}`;
  });
  return `{\n${lines.join('\n')}\n${indent}}`;
}

function isStructValue(v: FieldInput): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && !('raw' in v) && !('hex' in v);
}

/** Options of `printPacket`. */
export interface PrintOptions {
  /**
   * Where each field and item of the bytes sits (the decode's spans): each field then ends in
   * a comment with its offset and size, `hAgent = 7  // @16, 4 B`.
   */
  spans?: readonly Span[];
  /** The packet's length, for the comments of `varData` and `padTo`. */
  length?: number;
}

/** Prints a packet as `packet NAME: TYPE { ... }`. */
export function printPacket(name: string, req: PacketInput, scope: Scope, options: PrintOptions = {}): string {
  const L = req.packet ? scope.layout(req.packet) : undefined;
  const type = L?.name ?? req.packet ?? 'TAPI32_MSG';
  const safe = IDENT.test(name) ? name : 'decoded';
  const fields = { ...(req.fields ?? {}) } as StructInput;
  const offsets = options.spans ? offsetsOf(options.spans) : undefined;
  let body = structText(L, fields, scope, '', offsets);
  const extra: string[] = [];
  const n = options.length;
  const vdLen = req.varData ? req.varData.hex.length / 2 : 0;
  if (req.varData) extra.push(`  varData = ${withComment(hexBlock(req.varData.hex, '  '), offsets && n !== undefined ? `// @${n - vdLen}, ${vdLen} B` : undefined)}`);
  if (req.padTo !== undefined) extra.push(`  padTo = ${req.padTo}`);
  if (extra.length) body = body === '{ }' ? `{\n${extra.join('\n')}\n}` : body.replace(/\n\}$/, `\n${extra.join('\n')}\n}`);
  return `packet ${safe}: ${type} ${body}\n`;
}

/**
 * Markdown pieces shared by hover and completion: bytes as hex, values with their constant
 * names, layout tables and summaries.
 */
import { type ConstTable, type FieldDef, type Layout, readUintLe, typeName } from '../../codec/index.js';
import type { Scope } from '../compile.js';

/** Bytes as `0c 00 00 00`, cut after `max` bytes with `...`. */
export function hexOf(b: Uint8Array, start: number, size: number, max = 32): string {
  const end = Math.min(b.length, start + Math.min(size, max));
  const parts: string[] = [];
  for (let i = Math.max(0, start); i < end; i++) parts.push(b[i]!.toString(16).padStart(2, '0'));
  return parts.join(' ') + (size > max ? ' ...' : '');
}

/** A little-endian integer of `size` (1, 2 or 4) bytes at `at`, or undefined when out of range. */
export function readInt(b: Uint8Array, at: number, size: number): number | undefined {
  if ((size !== 1 && size !== 2 && size !== 4) || at < 0 || at + size > b.length) return undefined;
  return readUintLe(b, at, size);
}

/** `4660 (0x00001234)`. */
export function numText(v: number, width = 4): string {
  return `${v} (0x${v.toString(16).toUpperCase().padStart(width * 2, '0')})`;
}

/**
 * What a value means in a constants table: the exact name(s), or for flags the names of its
 * bits plus any bits no name covers. Undefined when nothing matches.
 */
export function meaning(v: number, table: ConstTable | undefined): string | undefined {
  if (!table) return undefined;
  const exact = table.entries.filter((e) => e.value === v).map((e) => e.name);
  if (exact.length) return exact.join(' = ');
  if (!table.flags || v === 0) return undefined;
  const parts: string[] = [];
  let rest = v >>> 0;
  for (const e of table.entries) {
    if (e.value !== 0 && (v & e.value) >>> 0 === e.value && (rest & e.value) !== 0) {
      parts.push(e.name);
      rest = (rest & ~e.value) >>> 0;
    }
  }
  if (!parts.length) return undefined;
  if (rest) parts.push(`0x${rest.toString(16).toUpperCase()} (no name)`);
  return parts.join(' | ');
}

/** `request, Req_Func 147, MS-TRP 2.2.4.1.3.11, 60 bytes fixed`. */
export function layoutFacts(L: Layout): string {
  const facts: string[] = [L.kind];
  if (L.reqFunc !== undefined) facts.push(`Req_Func ${L.reqFunc}`);
  if (L.msg !== undefined) facts.push(`Msg ${L.msg} (0x${L.msg.toString(16).toUpperCase()})`);
  if (L.section) facts.push(`MS-TRP ${L.section}`);
  facts.push(`${L.fixedSize} bytes fixed${L.hasVarData ? ' + VarData' : ''}`);
  if (L.minVarData !== undefined) facts.push(`VarData at least ${L.minVarData}`);
  return facts.join(', ');
}

/** A layout's heading, doc and facts. */
export function layoutSummary(L: Layout): string {
  const lines = [`**${L.name}** (${layoutFacts(L)})`];
  if (L.doc) lines.push('', L.doc);
  return lines.join('\n');
}

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|');
}

/** One row of a layout table: a field (a union arm's fields are prefixed with the arm). */
export interface LayoutRow {
  offset: number;
  size: number;
  field: string;
  /** The field's own name (`field` without the arm prefix). */
  name: string;
  /** For a field of a union arm: the selector and the arm (`dwRequestType`, `LINEPROXYREQUEST_SETAGENTGROUP`). */
  arm?: { selector: string; name: string };
  /** The type as declared (`offset<wstr>? @align(2)`, `zero`, `u32 = 0x93`), or `switch X` for a union. */
  type: string;
  union: boolean;
}

/** The rows of a layout, in wire order (union arms after their union); the hover and `tapipkt catalog NAME` show these. */
export function layoutRows(L: Layout): LayoutRow[] {
  const rows: LayoutRow[] = [];
  const walk = (fs: readonly FieldDef[], prefix: string, arm?: LayoutRow['arm']): void => {
    for (const f of fs) {
      const at = { offset: f.offset, size: f.size, field: `${prefix}${f.name}`, name: f.name, ...(arm ? { arm } : {}) };
      if (f.type.kind === 'union') {
        rows.push({ ...at, type: typeName(f.type), union: true });
        for (const v of f.type.variants) walk(v.fields, `${prefix}${v.name}: `, { selector: f.type.selector, name: v.name });
        continue;
      }
      rows.push({ ...at, type: fieldTypeText(f), union: false });
    }
  };
  walk(L.fields, '');
  return rows;
}

/** The layout as a Markdown table: offset | size | field | type (union arms indented). */
export function layoutTable(L: Layout, maxRows = 80): string {
  const all = layoutRows(L);
  const rows: string[] = ['| offset | size | field | type |', '|---:|---:|---|---|'];
  for (const r of all.slice(0, maxRows)) rows.push(`| ${r.offset} | ${r.size} | ${escapeCell(r.field)} | ${r.union ? escapeCell(r.type) : `\`${escapeCell(r.type)}\``} |`);
  if (all.length > maxRows) rows.push(`| | | ... | |`);
  return rows.join('\n');
}

/** The field's type as written, with its fixed value and role. */
export function fieldTypeText(f: FieldDef): string {
  let t = f.role ?? typeName(f.type);
  if (f.fixed !== undefined) t += ` = 0x${f.fixed.toString(16).toUpperCase()}`;
  if (f.trailing) t += ' @trailing';
  for (const r of f.rules ?? []) {
    if (r.kind === 'align') t += ` @align(${r.n})`;
    else if (r.kind === 'min') t += ` @min(${r.value})`;
    else if (r.kind === 'oneOf') t += ` @oneOf(${r.values.join(', ')})`;
    else t += ` @${r.kind}`;
  }
  return t;
}

/** A constants table's heading: kind, section, size. */
export function tableSummary(t: ConstTable): string {
  const lines = [`**${t.name}** (${t.flags ? 'flags' : 'const'}${t.section ? `, MS-TRP ${t.section}` : ''}, ${t.entries.length} entries)`];
  if (t.doc) lines.push('', t.doc);
  return lines.join('\n');
}

/** The constants table a field draws its values from. */
export function tableOf(f: FieldDef | undefined, scope: Pick<Scope, 'table'>): ConstTable | undefined {
  return f?.type.kind === 'int' && f.type.table ? scope.table(f.type.table) : undefined;
}

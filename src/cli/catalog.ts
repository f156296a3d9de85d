/**
 * `tapipkt catalog [--json]` and `tapipkt catalog --constants [--json]`: every layout or every
 * constant of the built-in catalog, in the JSON shape of DESIGN.md's contract.
 */
import { builtinCatalog } from '../catalog/index.js';
import { type FieldDef, type Layout, typeName } from '../codec/index.js';
import { layoutFieldRows } from '../language/index.js';

export interface CatalogEntryJson {
  name: string;
  kind: Layout['kind'];
  section: string;
  reqFunc?: number;
  msg?: number;
  fixedSize: number;
  fields: { name: string; offset: number; size: number; type: string }[];
}

function flatFields(fields: readonly FieldDef[]): CatalogEntryJson['fields'] {
  return layoutFieldRows(fields).map((r) => ({ name: r.name, offset: r.offset, size: r.size, type: r.arm ? `${typeName(r.def.type)} (${r.arm.selector} = ${r.arm.name})` : typeName(r.def.type) }));
}

/** Compares MS-TRP section numbers part by part ("2.2.4.1.3.9" before "2.2.4.1.3.10"). */
export function compareSections(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? -1) - (y[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

/** Every layout as JSON, in section order. */
export function catalogJson(): CatalogEntryJson[] {
  return [...builtinCatalog.layouts].sort((a, b) => compareSections(a.section ?? '', b.section ?? '')).map((L) => ({
    name: L.name, kind: L.kind, section: L.section ?? '',
    ...(L.reqFunc !== undefined ? { reqFunc: L.reqFunc } : {}), ...(L.msg !== undefined ? { msg: L.msg } : {}),
    fixedSize: L.fixedSize, fields: flatFields(L.fields),
  }));
}

/** Every constant as JSON. */
export function constantsJson(): { table: string; section: string; name: string; value: number }[] {
  return builtinCatalog.tables.flatMap((t) => t.entries.map((e) => ({ table: t.name, section: t.section ?? '', name: e.name, value: e.value })));
}

/** The human-readable listing. */
export function catalogText(constants: boolean): string {
  if (constants) {
    return builtinCatalog.tables.map((t) => `${t.name} (${t.section ?? ''})${t.flags ? ' flags' : ''}\n` + t.entries.map((e) => `  ${e.name} = 0x${e.value.toString(16).toUpperCase().padStart(8, '0')}\n`).join('')).join('');
  }
  const rows = catalogJson();
  const kinds: Layout['kind'][] = ['request', 'response', 'template', 'structure'];
  let s = '';
  for (const k of kinds) {
    const of = rows.filter((r) => r.kind === k);
    s += `${k}s (${of.length}):\n`;
    for (const r of of) {
      const id = r.reqFunc !== undefined ? `Req_Func ${r.reqFunc}` : r.msg !== undefined ? `Msg 0x${r.msg.toString(16).toUpperCase()}` : '';
      s += `  ${r.section.padEnd(16)} ${r.name.padEnd(34)} ${id.padEnd(14)} ${r.fixedSize} bytes\n`;
    }
  }
  return s;
}

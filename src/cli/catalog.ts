/**
 * `tapipkt catalog [--json]`, `tapipkt catalog NAME [--skeleton] [--json]` and
 * `tapipkt catalog --constants [--json]`: every layout, one layout, or every constant of the
 * built-in catalog. The JSON keys of the contract (name, kind, section, reqFunc, msg, fixedSize,
 * fields: name, offset, size, type) never change; what the hover shows comes in added keys.
 */
import { builtinCatalog, builtinScope } from '../catalog/index.js';
import { type FieldDef, type Layout, type Rule, typeName, unknownPacketMessage } from '../codec/index.js';
import { fieldTypeText, layoutFieldRows, layoutText, packetSkeleton, ruleText } from '../language/index.js';
import { UsageError } from './io.js';

/** One field in `catalog --json`: the contract's four keys, then what the hover adds. */
export interface CatalogFieldJson {
  name: string;
  offset: number;
  size: number;
  type: string;
  /** The type as declared in the catalog (`offset<wstr>? @align(2)`, `zero`, `u32 = 0x93`, a constant table). */
  declared: string;
  /** `zero` (must be zero when sent) or `ignored` (padding the server ignores). */
  role?: FieldDef['role'];
  /** The value the spec requires (Req_Func, Msg, "MUST be ..."). */
  fixed?: number;
  /** The constants table the value draws from. */
  table?: string;
  /** Offsets: the item may be absent (TAPI_NO_DATA in a request). */
  optional?: boolean;
  /** The encoder computes the value (offsets, sizes, totals) unless it is pinned. */
  computed?: boolean;
  /** The server's rules on this field (MS-TRP 3.1.4.2), as data and in words. */
  rules?: (Rule & { text: string })[];
  doc?: string;
}

export interface CatalogEntryJson {
  name: string;
  kind: Layout['kind'];
  section: string;
  reqFunc?: number;
  msg?: number;
  fixedSize: number;
  fields: CatalogFieldJson[];
  /** Whether VarData may follow the fixed part. */
  hasVarData: boolean;
  /** Fewest VarData bytes the server accepts. */
  minVarData?: number;
  doc?: string;
}

function fieldJson(f: FieldDef, type: string): CatalogFieldJson {
  const t = f.type;
  const computed = t.kind === 'offset' || t.kind === 'size' || t.kind === 'total' || t.kind === 'varsize';
  return {
    name: f.name, offset: f.offset, size: f.size, type, declared: fieldTypeText(f),
    ...(f.role !== undefined ? { role: f.role } : {}),
    ...(f.fixed !== undefined ? { fixed: f.fixed } : {}),
    ...(t.kind === 'int' && t.table ? { table: t.table } : {}),
    ...(t.kind === 'offset' ? { optional: t.optional } : {}),
    ...(computed ? { computed: true } : {}),
    ...(f.rules?.length ? { rules: f.rules.map((r) => ({ ...r, text: ruleText(r, f) })) } : {}),
    ...(f.doc ? { doc: f.doc } : {}),
  };
}

/** The fields as `catalog --json` lists them: one flattening with the exported clients' reply tables. */
function flatFields(fields: readonly FieldDef[]): CatalogFieldJson[] {
  return layoutFieldRows(fields).map((r) => fieldJson(r.def, r.arm ? `${typeName(r.def.type)} (${r.arm.selector} = ${r.arm.name})` : typeName(r.def.type)));
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
    hasVarData: L.hasVarData, ...(L.minVarData !== undefined ? { minVarData: L.minVarData } : {}), ...(L.doc ? { doc: L.doc } : {}),
  }));
}

/**
 * The layout a user names: a catalog name in any case (`getuidllname`) or a section number.
 * Unknown: a UsageError with the closest names.
 */
export function findLayout(name: string): Layout {
  const index = builtinScope();
  const exact = index.layout(name);
  if (exact) return exact;
  const lower = name.toLowerCase();
  const byCase = builtinCatalog.layouts.filter((L) => L.name.toLowerCase() === lower);
  if (byCase.length === 1) return byCase[0]!;
  throw new UsageError(unknownPacketMessage(name, index.byName.keys(), 'text', 'layout').message);
}

/** One layout: text as the hover shows it (with a packet skeleton), or JSON (one entry of `catalog --json`, plus `skeleton`). */
export function catalogOne(name: string, json: boolean, skeleton: boolean): string {
  const L = findLayout(name);
  const text = packetSkeleton(L, builtinScope());
  if (json) {
    const entry = catalogJson().find((e) => e.name === L.name)!;
    return JSON.stringify(skeleton ? { ...entry, skeleton: text } : entry, null, 1) + '\n';
  }
  return skeleton ? text : layoutText(L);
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

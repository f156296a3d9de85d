/**
 * A layout for a terminal (`tapipkt catalog NAME`): the rows the hover's layout table shows,
 * the server rules in words, and a `packet` skeleton that encodes as it stands, for an author
 * to fill in. Pure text over a layout; the hover and this share `layoutRows`.
 */
import { type FieldDef, type Layout, type Rule, RULES, ruleEntry } from '../../codec/index.js';
import type { Scope } from '../compile.js';
import { fieldTypeText, layoutFacts, type LayoutRow, layoutRows } from './format.js';

/** One rule of a field, in words (what the server checks, MS-TRP 3.1.4.2; from the rule table). */
export function ruleText(r: Rule, f?: FieldDef): string {
  return ruleEntry(r).summary(r, f);
}

/** What a field's declared type means for the author, when it is not a plain number. */
function roleText(f: FieldDef): string | undefined {
  if (f.fixed !== undefined) return RULES.fixed.summary({ kind: 'fixed', value: f.fixed });
  if (f.role === 'zero') return RULES.zero.summary({ kind: 'zero' });
  if (f.role === 'ignored') return RULES.ignored.summary({ kind: 'ignored' });
  switch (f.type.kind) {
    case 'size':
      return `computed: the byte length of ${f.type.of}'s item`;
    case 'total':
      return 'computed: the byte length of the whole packet or structure';
    case 'varsize':
      return 'computed: the byte length of VarData';
    case 'offset':
      return `computed: where the item lands${f.type.optional ? '; null = absent (TAPI_NO_DATA in a request)' : ''}`;
    default:
      return undefined;
  }
}

/**
 * The layout as plain text: heading and facts, doc, one row per field (offset, size, field,
 * declared type), then the rules and roles of the fields that have any.
 */
export function layoutText(L: Layout): string {
  const rows = layoutRows(L);
  // A union arm's fields are indented under a `when SELECTOR = ARM:` line, not prefixed with the arm.
  const label = (r: LayoutRow): string => (r.arm ? `  ${r.name}` : r.name);
  const wo = Math.max(6, ...rows.map((r) => String(r.offset).length));
  const ws = Math.max(4, ...rows.map((r) => String(r.size).length));
  const wf = Math.max(5, ...rows.map((r) => label(r).length));
  const lines = [`${L.name} (${layoutFacts(L)})`];
  if (L.doc) lines.push(L.doc);
  lines.push('', `${'offset'.padStart(wo)}  ${'size'.padStart(ws)}  ${'field'.padEnd(wf)}  type`);
  let arm: string | undefined;
  for (const r of rows) {
    const key = r.arm ? `${r.arm.selector} = ${r.arm.name}` : undefined;
    if (key && key !== arm) lines.push(`${''.padStart(wo + ws + 4)}when ${key}:`);
    arm = key;
    lines.push(`${String(r.offset).padStart(wo)}  ${String(r.size).padStart(ws)}  ${label(r).padEnd(wf)}  ${r.type}`.trimEnd());
  }
  if (L.hasVarData) lines.push(`${String(L.fixedSize).padStart(wo)}  ${'...'.padStart(ws)}  ${'VarData'.padEnd(wf)}  items the offsets point at, each on a 4-byte boundary`);
  const notes: string[] = [];
  const walk = (fs: readonly FieldDef[], prefix: string): void => {
    for (const f of fs) {
      if (f.type.kind === 'union') {
        for (const v of f.type.variants) walk(v.fields, `${prefix}${v.name}: `);
        continue;
      }
      const said = [roleText(f), ...(f.rules ?? []).map((r) => ruleText(r, f))].filter((x): x is string => x !== undefined);
      if (said.length) notes.push(`  ${prefix}${f.name}: ${said.join('; ')}`);
    }
  };
  walk(L.fields, '');
  if (L.minVarData !== undefined) notes.push(`  VarData: at least ${L.minVarData} bytes (zero-filled by the encoder)`);
  if (notes.length) lines.push('', 'rules and computed fields:', ...notes);
  return lines.join('\n') + '\n';
}

/** The smallest value an int field's rules accept (0 when it has none), so the skeleton breaks no rule. */
function ruleAbiding(f: FieldDef): number {
  let v = 0;
  for (const r of f.rules ?? []) {
    if (r.kind === 'min') v = Math.max(v, r.value);
    else if (r.kind === 'oneOf' && r.values.length) v = r.values.includes(v) ? v : Math.min(...r.values);
    else if (r.kind === 'nonzero' && v === 0) v = 1;
  }
  return v;
}

const ZERO_GUID = '{00000000-0000-0000-0000-000000000000}';

/** A value the field accepts as it stands, and a comment that says what else it takes. */
function skeletonValue(f: FieldDef, scope: Pick<Scope, 'table'>): { value: string; note: string } | undefined {
  const t = f.type;
  const declared = fieldTypeText(f);
  switch (t.kind) {
    case 'int': {
      const table = t.table ? scope.table(t.table) : undefined;
      const first = table?.entries[0]?.name;
      const v = ruleAbiding(f);
      return { value: v > 0xffff ? `0x${v.toString(16).toUpperCase().padStart(8, '0')}` : String(v), note: table ? `${declared}: a number or ${table.flags ? 'flags OR-ed with |' : 'a constant'}${first ? `, e.g. ${first}` : ''}` : declared };
    }
    case 'bytes':
      return { value: `hex { ${'00 '.repeat(t.length).trim()} }`, note: declared };
    case 'inline':
      return { value: '{ }', note: `${declared}: its fields inside { }` };
    case 'offset': {
      const k = t.target.kind;
      if (k === 'list') return { value: '[ { } ]', note: `${declared}: entries in [ { } { } ], [] for none${t.optional ? '; null = absent' : ''}; raw N pins the offset` };
      const value = k === 'wstr' || k === 'str' ? '""' : k === 'guid' ? ZERO_GUID : k === 'bytes' ? 'hex { }' : '{ }';
      return { value, note: `${declared}${t.optional ? '; null = absent' : ''}; raw N pins the offset` };
    }
    default:
      return undefined;
  }
}

/**
 * A `packet` skeleton of L: every field an author sets, with a value that encodes as it stands
 * (zero, an empty string or blob, a zero GUID, `{ }`), and a comment giving the declared type.
 * Computed, fixed, must-be-zero and ignored fields are listed as comments: the encoder fills them.
 */
export function packetSkeleton(L: Layout, scope: Pick<Scope, 'table'>, name = 'p'): string {
  const set: [string, string][] = [];
  const filled: string[] = [];
  const walk = (fs: readonly FieldDef[]): void => {
    for (const f of fs) {
      if (f.type.kind === 'union') {
        const arms = f.type.variants.map((v) => `${v.name}: ${v.fields.map((x) => x.name).join(', ')}`);
        filled.push(`${f.name}: the fields of the arm ${f.type.selector} picks (${arms.slice(0, 3).join('; ')}${arms.length > 3 ? '; ...' : ''})`);
        continue;
      }
      const auto = f.fixed !== undefined || f.role !== undefined || f.type.kind === 'size' || f.type.kind === 'total' || f.type.kind === 'varsize';
      const v = auto ? undefined : skeletonValue(f, scope);
      if (v) set.push([`${f.name} = ${v.value}`, v.note]);
      else filled.push(`${f.name}: ${fieldTypeText(f)}`);
    }
  };
  walk(L.fields);
  const width = Math.max(0, ...set.map(([a]) => a.length));
  const lines = [`packet ${name}: ${L.name} {`];
  for (const [a, note] of set) lines.push(`  ${a.padEnd(width)}  // ${note}`);
  if (filled.length) {
    lines.push('  // filled in by the encoder unless set:');
    for (const x of filled) lines.push(`  //   ${x}`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

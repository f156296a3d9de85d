/**
 * Fields declared `ignored` (padding the server ignores on receipt) that an author set to
 * something other than zero: the packet is sent as written, and the warning says the server
 * ignores the value, rather than that it "must be zero" (that is what `zero` fields say).
 */
import { readU32le } from './bytes.js';
import type { CodecIssue } from './issues.js';
import type { FieldDef, Layout } from './layout.js';
import { RULES } from './rules.js';

const cache = new WeakMap<Layout, readonly FieldDef[]>();

/** The top-level u32 fields of L declared `ignored`, found once per layout. */
function ignoredFields(L: Layout): readonly FieldDef[] {
  let fs = cache.get(L);
  if (!fs) {
    fs = L.fields.filter((f) => f.role === 'ignored' && f.type.kind === 'int' && f.size === 4);
    cache.set(L, fs);
  }
  return fs;
}

/** A warning for each top-level `ignored` field of L that is not zero in `bytes`. */
export function ignoredFieldWarnings(L: Layout, bytes: Uint8Array): CodecIssue[] {
  const out: CodecIssue[] = [];
  for (const f of ignoredFields(L)) {
    if (f.offset + 4 > bytes.length) continue;
    const v = readU32le(bytes, f.offset);
    if (v !== 0) {
      const e = RULES.ignored;
      out.push({ severity: 'warning', code: e.code, path: f.name, offset: f.offset, message: e.message({ kind: 'ignored' }, { name: f.name, value: v, varLen: 0, layout: L.name, area: 'VarData' }) });
    }
  }
  return out;
}

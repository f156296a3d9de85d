/**
 * A layout's fields by name and by dotted path: the lookups the checker, the warning filter
 * and the editor features share.
 */
import type { FieldDef, FieldType, Layout } from '../codec/index.js';
import type { Scope } from './compile.js';

/** All fields a layout accepts by name, union arms included. */
export function allFields(L: Layout): FieldDef[] {
  const out: FieldDef[] = [];
  const walk = (fs: readonly FieldDef[]): void => {
    for (const f of fs) {
      if (f.type.kind === 'union') {
        for (const a of f.type.variants) walk(a.fields);
      } else out.push(f);
    }
  };
  walk(L.fields);
  return out;
}

const byNameCache = new WeakMap<Layout, ReadonlyMap<string, FieldDef>>();

/** A layout's fields by name, union arms included (built once per layout). */
export function fieldsByName(L: Layout): ReadonlyMap<string, FieldDef> {
  let m = byNameCache.get(L);
  if (!m) {
    m = new Map(allFields(L).map((f) => [f.name, f]));
    byNameCache.set(L, m);
  }
  return m;
}


/** The field at a dotted path (`lpCallParams.DialParams.dwDialPause`), following nested layouts. */
export function fieldAt(L: Layout, path: string, scope: Pick<Scope, 'layout'>): FieldDef | undefined {
  let layout: Layout | undefined = L;
  let f: FieldDef | undefined;
  for (const seg of path.split('.')) {
    if (!layout) return undefined;
    f = fieldsByName(layout).get(seg);
    if (!f) return undefined;
    const t: FieldType = f.type;
    layout = t.kind === 'inline' ? scope.layout(t.layout) : t.kind === 'offset' && t.target.kind === 'struct' ? scope.layout(t.target.layout) : undefined;
  }
  return f;
}

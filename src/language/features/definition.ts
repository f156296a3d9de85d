/**
 * Go to definition: a packet type to its layout, a field name to its declaration, a constant to
 * its entry, an import path to the file, a session's `STEP.FIELD` and `decode reply STEP` to
 * the step (FIELD to the field of the step's layout). Catalog definitions live at `tapipkt-catalog:/file`
 * URIs whose text the program serves.
 */
import type { FieldDecl, Member } from '../ast.js';
import type { Analysis } from '../program.js';
import { type FeatureContext, fileOf, findConstant } from './context.js';
import { itemAt, within } from './locate.js';
import { occurrenceAt, stepOf, type Sym } from './occurrences.js';
import type { Location } from './types.js';

function at(uri: string, offset: number, name: string): Location {
  return { uri, range: { start: offset, end: offset + name.length } };
}

function findMember(ms: readonly Member[], name: string): FieldDecl | undefined {
  for (const m of ms) {
    if (m.kind === 'switch') {
      for (const c of m.cases) {
        const r = findMember(c.fields, name);
        if (r) return r;
      }
    } else if (m.name.text === name || (m.rangeEnd && m.rangeEnd.text === name)) return m;
  }
  // A numbered range (Reserved2..Reserved5) declares the names between its ends.
  for (const m of ms) {
    if (m.kind !== 'field' || !m.rangeEnd) continue;
    const a = /^(.*?)(\d+)$/.exec(m.name.text);
    const b = /^(.*?)(\d+)$/.exec(m.rangeEnd.text);
    const c = /^(.*?)(\d+)$/.exec(name);
    if (a && b && c && a[1] === c[1] && b[1] === c[1] && +c[2]! >= +a[2]! && +c[2]! <= +b[2]!) return m;
  }
  return undefined;
}

/** Where a symbol visible in `a` is declared. */
export function locationOf(ctx: FeatureContext, a: Analysis, sym: Sym): Location | undefined {
  switch (sym.kind) {
    case 'layout': {
      const s = a.scope.layout(sym.name)?.source;
      return s ? at(s.uri, s.offset, sym.name) : undefined;
    }
    case 'table': {
      const s = a.scope.table(sym.name)?.source;
      return s ? at(s.uri, s.offset, sym.name) : undefined;
    }
    case 'alias': {
      const s = a.scope.alias(sym.name)?.source;
      return s ? at(s.uri, s.offset, sym.name) : undefined;
    }
    case 'constant': {
      const s = findConstant(ctx, a, sym.name)?.entry.source;
      return s ? at(s.uri, s.offset, sym.name) : undefined;
    }
    case 'packet': {
      const p = a.file.items.find((i) => i.kind === 'packet' && i.name.text === sym.name);
      return p && p.kind === 'packet' ? at(a.uri, p.name.start, sym.name) : undefined;
    }
    case 'step': {
      const s = a.file.items.find((i) => i.kind === 'session' && i.start === sym.session);
      const st = s?.kind === 'session' ? stepOf(s, sym.name) : undefined;
      return st ? { uri: a.uri, range: { start: st.name.start, end: st.name.end } } : undefined;
    }
    case 'field': {
      const L = a.scope.layout(sym.layout);
      const s = L?.source;
      if (!s) return undefined;
      const file = fileOf(ctx, a, s.uri);
      const decl = file?.items.find((i) => i.kind === 'layout' && i.name.text === sym.layout);
      if (!decl || decl.kind !== 'layout') return at(s.uri, s.offset, sym.layout);
      const m = findMember(decl.members, sym.name);
      if (!m) return at(s.uri, s.offset, sym.layout);
      const id = m.rangeEnd?.text === sym.name ? m.rangeEnd : m.name;
      return { uri: s.uri, range: { start: id.start, end: id.end } };
    }
    default:
      return undefined;
  }
}

/** Definition of the name (or import path) at `offset`; empty when there is none. */
export function getDefinition(ctx: FeatureContext, a: Analysis, offset: number): Location[] {
  const it = itemAt(a, offset);
  if (it?.kind === 'import') {
    const imp = a.imports.find((i) => i.decl === it);
    if (imp?.uri && it.path && within(it.path, offset)) return [{ uri: imp.uri, range: { start: 0, end: 0 } }];
    return [];
  }
  if (it?.kind === 'session') {
    // `STEP.FIELD`: STEP goes to that step, FIELD to the field of the step's layout.
    for (const st of it.steps) {
      for (const asg of st.body) {
        const v = asg.value;
        if (v.kind !== 'ref' || offset < v.start || offset > v.end) continue;
        const src = it.steps.find((x) => x.name.text === v.step.text);
        if (!src) return [];
        if (offset <= v.step.end) return [{ uri: a.uri, range: { start: src.name.start, end: src.name.end } }];
        const loc = src.type ? locationOf(ctx, a, { kind: 'field', layout: src.type.text, name: v.field.text }) : undefined;
        return loc ? [loc] : [];
      }
    }
  }
  const occ = occurrenceAt(a, offset);
  if (!occ) return [];
  const loc = locationOf(ctx, a, occ.sym);
  return loc ? [loc] : [];
}

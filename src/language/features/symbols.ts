/**
 * Document symbols (the outline) and workspace symbols (definitions and packets by name,
 * the built-in catalog included).
 */
import type { Assignment, Expr, Item, Member } from '../ast.js';
import type { Analysis } from '../program.js';
import type { FeatureContext } from './context.js';
import type { DocumentSymbol, Location, SymbolKind } from './types.js';

function sym(name: string, kind: SymbolKind, range: { start: number; end: number }, sel: { start: number; end: number }, children: DocumentSymbol[] = [], detail?: string): DocumentSymbol {
  return { name: name || '(unnamed)', kind, range: { start: range.start, end: range.end }, selectionRange: { start: sel.start, end: sel.end }, children, ...(detail ? { detail } : {}) };
}

function memberSymbols(ms: readonly Member[]): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  for (const m of ms) {
    if (m.kind === 'switch') {
      const arms = m.cases.map((c) => sym(c.value.kind === 'name' ? c.value.name.text : 'case', 'field', c, c.value, memberSymbols(c.fields)));
      out.push(sym(`switch ${m.selector.text}`, 'field', m, m.name, arms));
      continue;
    }
    const name = m.rangeEnd ? `${m.name.text}..${m.rangeEnd.text}` : m.name.text;
    out.push(sym(name, 'field', m, m.name));
  }
  return out;
}

function assignmentSymbols(body: readonly Assignment[]): DocumentSymbol[] {
  return body.map((a) => sym(a.name.text, 'field', a, a.name, a.value.kind === 'struct' ? assignmentSymbols(a.value.body) : a.value.kind === 'list' ? entrySymbols(a.value.items) : []));
}

/** A list's entries in the outline: `[0]`, `[1]`, ... each with its assignments. */
function entrySymbols(items: readonly Expr[]): DocumentSymbol[] {
  return items.flatMap((e, i) => (e.kind === 'struct' ? [sym(`[${i}]`, 'field', e, { start: e.start, end: e.start + 1 }, assignmentSymbols(e.body))] : []));
}

function itemSymbol(it: Item): DocumentSymbol | undefined {
  switch (it.kind) {
    case 'import':
      return it.path ? sym(it.path.value, 'import', it, it.path) : undefined;
    case 'const':
      return sym(it.name.text, it.flags ? 'flags' : 'const', it, it.name, it.entries.map((e) => sym(e.name.text, 'constant', e, e.name)));
    case 'type':
      return sym(it.name.text, 'type', it, it.name);
    case 'layout':
      return sym(it.name.text, it.keyword, it, it.name, memberSymbols(it.members), it.id?.kind === 'number' ? `= ${it.id.text}` : undefined);
    case 'packet':
      return sym(it.name.text, 'packet', it, it.name, assignmentSymbols(it.body), it.type?.text);
    case 'decode':
      return sym(it.as ? `decode ${it.reply ? 'reply ' : ''}${it.as.text}` : 'decode', 'decode', it, it.as ?? it.keyword);
    case 'session': {
      const kids = it.steps.map((s) => sym(s.name.text, 'step', s, s.name, assignmentSymbols(s.body), s.type?.text));
      if (it.attach) kids.unshift(sym('attach', 'field', it.attach, it.attach.keyword, assignmentSymbols(it.attach.body)));
      return sym(it.name.text, 'session', it, it.name, kids, `${it.steps.length} step${it.steps.length === 1 ? '' : 's'}`);
    }
  }
}

/** The outline of a document: definitions with their fields, packets with their assignments, decode blocks, const tables. */
export function getDocumentSymbols(a: Analysis): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  for (const it of a.file.items) {
    const s = itemSymbol(it);
    if (s) out.push(s);
  }
  return out;
}

/** One workspace symbol. */
export interface WorkspaceSymbol {
  name: string;
  kind: SymbolKind;
  location: Location;
  container?: string;
}

/** True when the letters of `query` appear in `name` in order (case-insensitive). */
export function fuzzyMatch(query: string, name: string): boolean {
  if (!query) return true;
  const q = query.toLowerCase();
  const n = name.toLowerCase();
  let j = 0;
  for (let i = 0; i < n.length && j < q.length; i++) if (n[i] === q[j]) j++;
  return j === q.length;
}

/** Most workspace symbols returned; editors show a list, not thousands. */
export const MAX_WORKSPACE_SYMBOLS = 1000;

/** Definitions and packets matching `query` in the given documents and the built-in catalog. */
export function getWorkspaceSymbols(ctx: FeatureContext, query: string, uris: readonly string[]): WorkspaceSymbol[] {
  const out: WorkspaceSymbol[] = [];
  const add = (name: string, kind: SymbolKind, uri: string, start: number, container?: string): void => {
    if (out.length >= MAX_WORKSPACE_SYMBOLS || !name || !fuzzyMatch(query, name)) return;
    out.push({ name, kind, location: { uri, range: { start, end: start + name.length } }, ...(container ? { container } : {}) });
  };
  for (const uri of uris) {
    const a = ctx.program.analyze(uri);
    for (const it of a.file.items) {
      if (it.kind === 'import' || it.kind === 'decode') continue;
      if (it.kind === 'const') {
        add(it.name.text, it.flags ? 'flags' : 'const', uri, it.name.start);
        for (const e of it.entries) add(e.name.text, 'constant', uri, e.name.start, it.name.text);
      } else if (it.kind === 'layout') add(it.name.text, it.keyword, uri, it.name.start);
      else if (it.kind === 'type') add(it.name.text, 'type', uri, it.name.start);
      else if (it.kind === 'session') add(it.name.text, 'session', uri, it.name.start);
      else add(it.name.text, 'packet', uri, it.name.start, it.type?.text);
    }
  }
  const cat = ctx.program.catalog.data;
  for (const L of cat.layouts) if (L.source) add(L.name, L.kind === 'structure' ? 'struct' : L.kind, L.source.uri, L.source.offset, 'MS-TRP catalog');
  for (const al of cat.aliases) if (al.source) add(al.name, 'type', al.source.uri, al.source.offset, 'MS-TRP catalog');
  for (const t of cat.tables) {
    if (t.source) add(t.name, t.flags ? 'flags' : 'const', t.source.uri, t.source.offset, 'MS-TRP catalog');
    for (const e of t.entries) if (e.source) add(e.name, 'constant', e.source.uri, e.source.offset, t.name);
  }
  return out;
}

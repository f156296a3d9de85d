/**
 * Completion. The item under the cursor is found by binary search; only its text up to the
 * cursor is scanned, so completion works on incomplete text (an unclosed `{`, a half-typed
 * name) and costs the same in a 1 MB file as in a small one.
 */
import { type FieldDef, fieldAttributes, isComputed, type Layout } from '../../codec/index.js';
import type { Item } from '../ast.js';
import { allFields } from '../check.js';
import type { Analysis } from '../program.js';
import { scan, type Token } from '../scanner.js';
import { type FeatureContext, isCatalogUri } from './context.js';
import { fieldTypeText, tableOf } from './format.js';
import { assignmentsAt, checkedPacketOf, entryAt, fieldOf, lastStartingAtOrBefore, subLayout } from './locate.js';
import { BUILTIN_TYPES } from './occurrences.js';
import type { CompletionItem } from './types.js';

const WORD = /[A-Za-z0-9_]/;
const ZERO_GUID_SNIPPET = '{${1:00000000-0000-0000-0000-000000000000}}';

/** Completions and whether typing more may change them (then the editor asks again). */
export interface CompletionList {
  items: CompletionItem[];
  /** True when items were held back until a name is typed (fields set only to override the encoder). */
  isIncomplete: boolean;
}

/** What a completion request knows beyond the item under the cursor. */
interface Request {
  /** True when part of a name is typed before the cursor. */
  typed: boolean;
  /** Set when items were held back because nothing is typed yet. */
  heldBack: boolean;
}

/** Completions at `offset`. Never throws on user text. */
export function getCompletions(ctx: FeatureContext, a: Analysis, offset: number): CompletionItem[] {
  return getCompletionList(ctx, a, offset).items;
}

/** Completions at `offset`, and whether the list is incomplete. Never throws on user text. */
export function getCompletionList(ctx: FeatureContext, a: Analysis, offset: number): CompletionList {
  const text = a.text;
  const at = Math.max(0, Math.min(offset, text.length));
  let ws = at;
  while (ws > 0 && WORD.test(text[ws - 1]!)) ws--;
  let we = at;
  while (we < text.length && WORD.test(text[we]!)) we++;
  const range = { start: ws, end: we };
  if (inComment(a, ws)) return { items: [], isIncomplete: false };
  const req: Request = { typed: at > ws, heldBack: false };
  const i = lastStartingAtOrBefore(a.file.items, ws - 1);
  const it = i >= 0 ? a.file.items[i] : undefined;
  const items = it ? inItem(ctx, a, it, ws, at, req) : undefined;
  const out = items ?? topLevel(ctx, a);
  return { items: out.map((c) => ({ ...c, range: c.range ?? range })), isIncomplete: req.heldBack };
}

function inComment(a: Analysis, offset: number): boolean {
  const cs = a.file.comments;
  const i = lastStartingAtOrBefore(cs, offset - 1);
  const c = i >= 0 ? cs[i] : undefined;
  return c !== undefined && offset > c.start && (offset < c.end || (!c.block && offset === c.end));
}

/** Completions inside an item; undefined when the cursor is past it (top level). */
function inItem(ctx: FeatureContext, a: Analysis, it: Item, ws: number, at: number, req: Request): CompletionItem[] | undefined {
  const toks = scan(a.text.slice(it.start, ws)).tokens.filter((t) => t.kind !== 'eof' && t.kind !== 'doc');
  const last = toks[toks.length - 1];
  if (last && (last.kind === 'error' || last.kind === 'string') && last.end + it.start >= ws && /^"/.test(last.text)) return [];
  switch (it.kind) {
    case 'packet':
      return packetCompletions(ctx, a, it, toks, at, req);
    case 'decode': {
      if (toks.some((t) => t.text === '{')) return toks.some((t) => t.text === '}') ? undefined : [];
      return last?.text === 'decode' ? layoutNames(ctx, a, false) : [];
    }
    case 'layout':
      return layoutBodyCompletions(ctx, a, toks);
    case 'const': {
      const d = depthOf(toks);
      return d > 0 ? [] : toks.some((t) => t.text === '}') ? undefined : [];
    }
    case 'type':
      if (last?.text === '=') return typeNames(ctx, a);
      return ws > it.end ? undefined : [];
    case 'session':
      return sessionCompletions(ctx, a, it, ws, at, req);
    default:
      return ws > it.end ? undefined : [];
  }
}

/**
 * Inside a session: in a step's body, a packet's completions plus `lNeededSize`, and after
 * `=` the earlier steps' reply values; after `STEP.`, that step's reply fields (server-filled
 * first); between steps, `attach` and a step snippet.
 */
function sessionCompletions(ctx: FeatureContext, a: Analysis, it: Extract<Item, { kind: 'session' }>, ws: number, at: number, req: Request): CompletionItem[] | undefined {
  const all = scan(a.text.slice(it.start, ws)).tokens.filter((t) => t.kind !== 'eof' && t.kind !== 'doc');
  if (depthOf(all) <= 0) return all.some((t) => t.text === '}') ? undefined : [];
  const idx = it.steps.findIndex((s) => ws > s.start && (ws <= s.end || !s.closed) && s.bodyStart <= ws);
  const st = idx >= 0 ? it.steps[idx] : undefined;
  const earlier = it.steps.slice(0, Math.max(0, idx));
  const layoutOf = (n: string): Layout | undefined => {
    const s = it.steps.find((x) => x.name.text === n);
    return s?.type ? a.scope.layout(s.type.text) : undefined;
  };
  if (!st) {
    const last = all[all.length - 1];
    if (last?.text === ':') return layoutNames(ctx, a, true).filter((c) => c.sortText?.startsWith('0') || c.sortText?.startsWith('3') || c.sortText?.startsWith('4'));
    if (it.attach && ws > it.attach.start && ws <= it.attach.end) {
      return ['lProcessID', 'pszDomainUser', 'pszMachine'].filter((k) => !it.attach!.body.some((x) => x.name.text === k)).map((k) => ({ label: k, kind: 'field' as const, insertText: `${k} = `, detail: 'ClientAttach (MS-TRP 3.1.4.1)' }));
    }
    return [
      ...(it.attach ? [] : [{ label: 'attach', kind: 'snippet' as const, detail: 'ClientAttach values (MS-TRP 3.1.4.1)', insertText: 'attach { pszMachine = "${1:LAB-PC}" }', snippet: true }]),
      { label: 'step', kind: 'snippet', detail: 'one ClientRequest', insertText: `\${1:name}: \${2:Initialize} {
	$0
}`, snippet: true },
    ];
  }
  const toks = scan(a.text.slice(st.start, ws)).tokens.filter((t) => t.kind !== 'eof' && t.kind !== 'doc');
  const n = toks.length;
  const last = toks[n - 1];
  if (last?.text === '.' && toks[n - 2]?.kind === 'ident') {
    const L = layoutOf(toks[n - 2]!.text);
    if (!L) return [];
    const fields = L.fields.filter((f) => f.size === 4 && f.type.kind !== 'union' && f.name !== 'Req_Func');
    return [
      { label: 'Ack_ReturnValue', kind: 'field', detail: 'byte 0 of the reply', sortText: '0' },
      ...fields.map((f) => ({ label: f.name, kind: 'field' as const, detail: `${f.out ? 'filled in by the server' : 'echoed as sent'} · reply +${f.offset}`, sortText: `${f.out ? '1' : '2'}${String(f.offset).padStart(6, '0')}` })),
    ];
  }
  const pseudo = { kind: 'packet' as const, name: st.name, type: st.type, body: st.body, start: st.start, end: st.end, bodyStart: st.bodyStart, closed: st.closed };
  const base = packetCompletions(ctx, a, pseudo, toks, at, req) ?? [];
  if (last?.text === '=') {
    if (toks[n - 2]?.text === 'lNeededSize') return [];
    return [...base, ...earlier.map((e) => ({ label: `${e.name.text}.`, kind: 'value' as const, detail: `a value from step ${e.name.text}'s reply`, insertText: `${e.name.text}.`, sortText: 'y' }))];
  }
  const assigned = st.body.some((x) => x.name.text === 'lNeededSize' && !(at >= x.name.start && at <= x.name.end));
  if (!assigned && (last?.text === '{' || last?.kind !== 'punct')) base.push({ label: 'lNeededSize', kind: 'field', detail: 'buffer size offered to the server (default: the packet\'s length)', insertText: 'lNeededSize = ', sortText: '2lNeededSize' });
  return base;
}

function depthOf(toks: readonly Token[]): number {
  let d = 0;
  for (const t of toks) {
    if (t.kind !== 'punct') continue;
    if (t.text === '{') d++;
    else if (t.text === '}') d--;
  }
  return d;
}

interface Level {
  layout: Layout | undefined;
  assigned: Set<string>;
  /** Inside `[ ... ]` of a list field: the layout each `{` entry opens. */
  entries?: Layout | undefined;
  list?: boolean;
}

function packetCompletions(ctx: FeatureContext, a: Analysis, decl: Extract<Item, { kind: 'packet' }>, toks: readonly Token[], at: number, req: Request): CompletionItem[] | undefined {
  const open = toks.findIndex((t) => t.kind === 'punct' && t.text === '{');
  if (open < 0) {
    const last = toks[toks.length - 1];
    return last?.text === ':' ? layoutNames(ctx, a, true) : [];
  }
  const p = checkedPacketOf(a, decl);
  const root = p?.layout ?? (decl.type ? a.scope.layout(decl.type.text) : undefined);
  const stack: Level[] = [{ layout: root, assigned: new Set() }];
  let lastField = '';
  for (let k = open + 1; k < toks.length; k++) {
    const t = toks[k]!;
    const top = stack[stack.length - 1]!;
    if (t.kind === 'ident' && t.text === 'hex' && toks[k + 1]?.text === '{') {
      k++;
      while (k + 1 < toks.length && !(toks[k]!.kind === 'punct' && toks[k]!.text === '}')) k++;
      continue;
    }
    if (t.kind === 'ident' && toks[k + 1]?.text === '=') {
      top.assigned.add(t.text);
      lastField = t.text;
    } else if (t.kind === 'punct' && t.text === '[') {
      const prev = toks[k - 1]?.text;
      stack.push({ layout: undefined, assigned: new Set(), list: true, entries: prev === '=' ? subLayout(fieldOf(top.layout, lastField), a.scope) : undefined });
    } else if (t.kind === 'punct' && t.text === ']') {
      if (top.list) stack.pop();
      if (!stack.length) return undefined;
    } else if (t.kind === 'punct' && t.text === '{') {
      const prev = toks[k - 1]?.text;
      // An entry of a list opens the entry's layout, whatever precedes it inside the brackets.
      const layout = top.list ? top.entries : prev === '=' ? subLayout(fieldOf(top.layout, lastField), a.scope) : undefined;
      stack.push({ layout, assigned: new Set() });
    } else if (t.kind === 'punct' && t.text === '}') {
      stack.pop();
      if (!stack.length) return undefined;
    }
  }
  const level = stack[stack.length - 1]!;
  const n = toks.length;
  const last = toks[n - 1]!;
  if (last.kind === 'punct' && last.text === '=') return valueCompletions(a, fieldOf(level.layout, toks[n - 2]?.text ?? ''));
  if (last.kind === 'punct' && last.text === '|') {
    let j = n - 1;
    const used = new Set<string>();
    while (j > 0 && toks[j]!.text !== '=') {
      if (toks[j]!.kind === 'ident') used.add(toks[j]!.text);
      j--;
    }
    const f = fieldOf(level.layout, toks[j - 1]?.text ?? '');
    const t = tableOf(f, a.scope);
    if (!t) return [];
    return t.entries.filter((e) => !used.has(e.name) && (!t.flags || e.value !== 0)).map((e, i) => constantItem(e, t.name, i));
  }
  if (last.kind === 'ident' && last.text === 'raw') return [];
  if (last.kind === 'punct' && last.text === '@') return [{ label: 'keep', kind: 'keyword', detail: 'silence the warnings on this deliberate value' }];
  // A new assignment: fields of this level not yet set (the AST knows the ones after the cursor too).
  for (const name of bodyNamesAt(a, decl, root, at)) level.assigned.add(name);
  return fieldItems(level.layout, level.assigned, stack.length === 1, req);
}

/** Names assigned in the body that contains `at`, except the one being typed. */
function bodyNamesAt(a: Analysis, decl: Extract<Item, { kind: 'packet' }>, root: Layout | undefined, at: number): string[] {
  const hits = assignmentsAt(decl, root, a.scope, at);
  let body = decl.body;
  for (const h of hits) {
    const v = h.assignment.value;
    const entry = entryAt(v, at);
    if (entry) body = entry.entry.body;
    else if (v.kind === 'struct' && at > v.start) body = v.body;
  }
  return body.filter((x) => !(at >= x.name.start && at <= x.name.end)).map((x) => x.name.text);
}

/**
 * Fields not yet set, in the order an author fills them: items the packet cannot do without
 * (a required offset), then the other fields by offset, then `varData`/`padTo`. Fields set only
 * to override the encoder (fixed like Req_Func, computed sizes and totals, reserved and
 * padding) come last, and only once part of a name is typed: on an empty line they were noise
 * above the fields that matter (issue 12).
 */
function fieldItems(L: Layout | undefined, assigned: ReadonlySet<string>, top: boolean, req: Request): CompletionItem[] {
  if (!L) return [];
  const out: CompletionItem[] = [];
  for (const f of allFields(L)) {
    if (assigned.has(f.name)) continue;
    const nested = f.type.kind === 'inline' || (f.type.kind === 'offset' && f.type.target.kind === 'struct');
    const list = f.type.kind === 'array' || (f.type.kind === 'offset' && f.type.target.kind === 'list');
    const routine = f.role !== undefined || f.fixed !== undefined || (isComputed(f.type) && f.type.kind !== 'offset');
    if (routine && !req.typed) {
      req.heldBack = true;
      continue;
    }
    const required = f.type.kind === 'offset' && !f.type.optional;
    out.push({
      label: f.name, kind: 'field',
      detail: `${fieldTypeText(f)} @${f.offset}${L.section ? ` · MS-TRP ${L.section}` : ''}`,
      ...(f.doc ? { documentation: f.doc } : {}),
      ...(nested ? { insertText: `${f.name} = {\n\t$0\n}`, snippet: true } : list ? { insertText: `${f.name} = [\n\t{ $0 }\n]`, snippet: true } : { insertText: `${f.name} = ` }),
      sortText: `${routine ? '3' : required ? '0' : '1'}${String(f.offset).padStart(6, '0')}`,
    });
  }
  if (top) {
    if (!assigned.has('varData')) out.push({ label: 'varData', kind: 'field', detail: 'replaces the computed VarData verbatim', insertText: 'varData = hex { $1 }', snippet: true, sortText: '2varData' });
    if (!assigned.has('padTo')) out.push({ label: 'padTo', kind: 'field', detail: 'zero-fills the packet to this many bytes', insertText: 'padTo = ', sortText: '2padTo' });
  }
  return out;
}

function constantItem(e: { name: string; value: number; doc?: string }, table: string, i: number): CompletionItem {
  return {
    label: e.name, kind: 'constant', detail: `0x${e.value.toString(16).toUpperCase().padStart(8, '0')} (${table})`,
    ...(e.doc ? { documentation: e.doc } : {}), sortText: String(i).padStart(5, '0'),
  };
}

function valueCompletions(a: Analysis, f: FieldDef | undefined): CompletionItem[] {
  if (!f) return [];
  const out: CompletionItem[] = [];
  const t = f.type;
  const table = tableOf(f, a.scope);
  if (table) table.entries.forEach((e, i) => out.push(constantItem(e, table.name, i)));
  if (f.fixed !== undefined) out.push({ label: `0x${f.fixed.toString(16).toUpperCase()}`, kind: 'value', detail: 'the value the spec requires' });
  if ((t.kind === 'offset' && t.optional) || f.trailing) out.push({ label: 'null', kind: 'value', detail: t.kind === 'offset' ? 'absent item (TAPI_NO_DATA)' : 'leave the trailing field out' });
  if (t.kind === 'offset' && !t.optional) out.push({ label: 'null', kind: 'value', detail: 'absent item (TAPI_NO_DATA); the server may reject it', sortText: 'z' });
  if (isComputed(t) || t.kind === 'bytes') out.push({ label: 'raw', kind: 'keyword', detail: 'pin exactly this value, whatever the encoder computes', insertText: t.kind === 'bytes' ? 'raw hex { $1 }' : 'raw ${1:0}', snippet: true });
  const guid = (t.kind === 'offset' && t.target.kind === 'guid') || (t.kind === 'bytes' && t.length === 16);
  if (guid) out.push({ label: '{GUID}', kind: 'snippet', detail: 'a GUID', insertText: ZERO_GUID_SNIPPET, snippet: true, filterText: '{' });
  if (t.kind === 'bytes' || (t.kind === 'offset' && t.target.kind === 'bytes')) out.push({ label: 'hex { }', kind: 'snippet', detail: 'raw bytes', insertText: 'hex { $1 }', snippet: true, filterText: 'hex' });
  if (t.kind === 'offset' && (t.target.kind === 'wstr' || t.target.kind === 'str')) out.push({ label: '""', kind: 'snippet', detail: t.target.kind === 'wstr' ? 'UTF-16LE string' : '8-bit string', insertText: '"$1"', snippet: true });
  if (t.kind === 'inline' || (t.kind === 'offset' && t.target.kind === 'struct')) out.push({ label: '{ }', kind: 'snippet', detail: 'the structure\'s fields', insertText: '{\n\t$0\n}', snippet: true });
  if (t.kind === 'int' && !table && f.fixed === undefined) out.push(...numberSnippets(t.width));
  return out;
}

/**
 * A plain number has no names to offer: a hex and a decimal placeholder, so the list is not
 * empty (an empty answer made VS Code fill it with words of the document: `A, a, agents`).
 */
function numberSnippets(width: 1 | 2 | 4): CompletionItem[] {
  const bits = width * 8;
  return [
    { label: `0x${'0'.repeat(width * 2)}`, kind: 'snippet', detail: `u${bits} in hex`, insertText: `0x\${1:${'0'.repeat(width * 2)}}`, snippet: true, filterText: '0x', sortText: '0' },
    { label: '0', kind: 'snippet', detail: `u${bits} in decimal`, insertText: '${1:0}', snippet: true, sortText: '1' },
  ];
}

/** Every layout the document can see: its own, its imports', the catalog's. */
function visibleLayouts(ctx: FeatureContext, a: Analysis): Layout[] {
  const out: Layout[] = [];
  const seen = new Set<string>();
  const add = (L: Layout): void => {
    if (seen.has(L.name)) return;
    seen.add(L.name);
    out.push(L);
  };
  const walk = (x: Analysis, depth: number): void => {
    for (const L of x.compiled.layouts) add(L);
    if (depth < 16) for (const i of x.imports) if (i.analysis) walk(i.analysis, depth + 1);
  };
  walk(a, 0);
  for (const L of ctx.program.catalog.data.layouts) add(L);
  return out;
}

function layoutNames(ctx: FeatureContext, a: Analysis, withIds: boolean): CompletionItem[] {
  const out: CompletionItem[] = [];
  for (const L of visibleLayouts(ctx, a)) {
    const id = L.reqFunc !== undefined ? `Req_Func ${L.reqFunc}` : L.msg !== undefined ? `Msg ${L.msg}` : L.kind;
    const where = isCatalogUri(L.source?.uri) ? '' : ' (this workspace)';
    const detail = `${L.kind === 'structure' ? 'struct' : L.kind} · ${id}${L.section ? ` · MS-TRP ${L.section}` : ''}${where}`;
    const rank = L.kind === 'request' ? '0' : L.kind === 'response' ? '1' : L.kind === 'structure' ? '2' : '3';
    out.push({ label: L.name, kind: 'packet', detail, ...(L.doc ? { documentation: L.doc } : {}), sortText: `${rank}${L.name}` });
    if (withIds && L.reqFunc !== undefined) {
      out.push({ label: `${L.reqFunc} ${L.name}`, kind: 'packet', detail, insertText: L.name, filterText: `${L.reqFunc} ${L.name}`, sortText: `4${String(L.reqFunc).padStart(6, '0')}` });
    }
  }
  return out;
}

function typeNames(ctx: FeatureContext, a: Analysis): CompletionItem[] {
  const out: CompletionItem[] = [];
  for (const b of BUILTIN_TYPES) {
    if (b === 'offset' || b === 'bytes' || b === 'wstr' || b === 'str') continue;
    out.push({ label: b, kind: 'type', detail: 'built-in' });
  }
  out.push({ label: 'offset<...>', kind: 'snippet', detail: 'u32 offset to an item', insertText: 'offset<${1|wstr,str,guid,bytes|}>', snippet: true, filterText: 'offset' });
  out.push({ label: 'bytes[N]', kind: 'snippet', detail: 'N raw bytes', insertText: 'bytes[${1:16}]', snippet: true, filterText: 'bytes' });
  const cat = ctx.program.catalog.data;
  for (const al of [...a.compiled.aliases, ...cat.aliases]) out.push({ label: al.name, kind: 'type', detail: 'alias', ...(al.doc ? { documentation: al.doc } : {}) });
  for (const t of [...a.compiled.tables, ...cat.tables]) out.push({ label: t.name, kind: 'type', detail: `${t.flags ? 'flags' : 'const'} table (u32)`, ...(t.doc ? { documentation: t.doc } : {}) });
  for (const L of visibleLayouts(ctx, a)) if (L.kind === 'structure') out.push({ label: L.name, kind: 'type', detail: 'struct, inline', ...(L.doc ? { documentation: L.doc } : {}) });
  return out;
}

function layoutBodyCompletions(ctx: FeatureContext, a: Analysis, toks: readonly Token[]): CompletionItem[] | undefined {
  const d = depthOf(toks);
  if (d <= 0) return toks.some((t) => t.text === '}') ? undefined : [];
  const last = toks[toks.length - 1];
  if (last?.text === ':') return typeNames(ctx, a);
  if (last?.text === '<') return ['wstr', 'str', 'guid', 'bytes', ...visibleLayouts(ctx, a).filter((L) => L.kind === 'structure').map((L) => L.name)].map((n) => ({ label: n, kind: 'type' as const }));
  if (last?.text === '@') return [...fieldAttributes().map((a) => ({ label: a.name, kind: 'keyword' as const, documentation: a.doc })), { label: 'trailing', kind: 'keyword' as const }];
  return [];
}

function choice(names: string[]): string {
  const safe = names.filter((n) => /^[A-Za-z_]\w*$/.test(n));
  return safe.length ? `\${2|${safe.join(',')}|}` : '${2:Type}';
}

/** Keyword snippets for the top level. */
function topLevel(ctx: FeatureContext, a: Analysis): CompletionItem[] {
  const Ls = visibleLayouts(ctx, a);
  const of = (k: Layout['kind']): string[] => Ls.filter((L) => L.kind === k).map((L) => L.name);
  const snip = (label: string, detail: string, insertText: string): CompletionItem => ({ label, kind: 'snippet', detail, insertText, snippet: true, filterText: label.split(' ')[0]! });
  return [
    snip('packet (request)', 'a request to encode', `packet \${1:name}: ${choice(of('request'))} {\n\t$0\n}`),
    snip('packet (response)', 'a response or event to encode', `packet \${1:name}: ${choice(of('response'))} {\n\t$0\n}`),
    snip('packet (struct)', 'a 2.2.6 structure on its own', `packet \${1:name}: ${choice(of('structure'))} {\n\t$0\n}`),
    snip('packet (template)', 'any Req_Func or Msg', `packet \${1:name}: ${choice(of('template'))} {\n\t$0\n}`),
    snip('decode', 'bytes from a capture', 'decode {\n\t$0\n}'),
    snip('decode as', 'bytes read as a named layout', `decode \${1:Name} {\n\t$0\n}`),
    snip('import', 'definitions from another file', 'import "${1:file.tapipkt}"'),
    snip('session', 'an exchange with tapsrv: attach, requests in order, detach', 'session ${1:poc} {\n\tinit: Initialize {\n\t\tdwFriendlyNameOffset = "${2:LAB-PC}"\n\t\tdwModuleNameOffset = "${2:LAB-PC}"\n\t\tdwAPIVersion = 0x00020002\n\t}\n\t$0\n}'),
    snip('decode reply', 'the buffer returned for a session step', `decode reply \${1:step} {\n\t$0\n}`),
    snip('request', 'define a request (Req_Func)', '/// ${3:What it does.}\nrequest ${1:Name} = ${2:0} {\n\t$0\n}'),
    snip('response', 'define a response (Msg)', '/// ${3:What it does.}\nresponse ${1:Name} = ${2:0} {\n\tTotalSize: total\n\t$0\n}'),
    snip('struct', 'define a 2.2.6 structure', '/// ${2:What it holds.}\nstruct ${1:Name} {\n\tdwTotalSize: total\n\t$0\n}'),
    snip('const', 'a table of constants', 'const ${1:Name_Constants} {\n\t${2:NAME} = ${3:1}\n}'),
    snip('flags', 'a table of bit flags', 'flags ${1:Name_Constants} {\n\t${2:NAME} = ${3:0x00000001}\n}'),
    snip('type', 'a type alias', 'type ${1:HNAME} = ${2:u32}'),
  ];
}

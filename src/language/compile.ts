/**
 * Compiles definitions (`request`, `response`, `struct`, `template`, `const`, `flags`, `type`)
 * into the codec's plain-data layout model, reporting what it cannot resolve.
 */
import { type ConstTable, embedsItems, type FieldDef, type FieldType, type ItemType, type Layout, type Rule, type Scope, type TypeAlias, fieldAttributes } from '../codec/index.js';
import type { Attribute, ConstDecl, Expr, FieldDecl, LayoutDecl, Member, SourceFile, TypeDecl, TypeRef } from './ast.js';
import { DiagCode } from './codes.js';

/** A diagnostic before positions become lines: offsets into one file. */
export interface RawDiagnostic {
  uri: string;
  start: number;
  end: number;
  severity: 'error' | 'warning' | 'info';
  code: string;
  message: string;
  /** MS-TRP section of a broken rule, when one applies. */
  section?: string;
  /** Data for quick fixes (e.g. suggested names). */
  data?: { suggestions?: string[]; computed?: number; field?: string };
}

/** The compiler's scope and aliases are plain data of the codec's catalog side (catalog-scope.ts). */
export type { Scope, TypeAlias } from '../codec/index.js';

/** Everything one file defines. */
export interface Compiled {
  layouts: Layout[];
  tables: ConstTable[];
  aliases: TypeAlias[];
  diagnostics: RawDiagnostic[];
}

const BUILTIN_INTS: Record<string, 1 | 2 | 4> = { u8: 1, u16: 2, u32: 4 };
const ITEM_KINDS = new Set(['wstr', 'str', 'guid', 'bytes']);
/** Attributes the compiler knows: the rule table's (`@align`, `@min`, ...), `@vardata`, and the layout's and field's own (`@out`: a session's output field; `@base(F)`: an offset counted from field F). */
const KNOWN_ATTRS = new Set(['section', 'trailing', 'vardata', 'out', 'base', ...fieldAttributes().map((a) => a.name)]);

/** Evaluates a constant expression (numbers, constant names, `|`). */
export function evalConst(e: Expr | undefined, scope: Pick<Scope, 'constant'>, local?: Map<string, number>): number | undefined {
  if (!e) return undefined;
  switch (e.kind) {
    case 'number':
      return e.value < 0 ? e.value >>> 0 : e.value;
    case 'name':
      return local?.get(e.name.text) ?? scope.constant(e.name.text);
    case 'or': {
      let acc = 0;
      for (const p of e.parts) {
        const v = evalConst(p, scope, local);
        if (v === undefined) return undefined;
        acc = (acc | v) >>> 0;
      }
      return acc;
    }
    default:
      return undefined;
  }
}

function attr(attrs: readonly Attribute[], name: string): Attribute | undefined {
  return attrs.find((a) => a.name.text === name);
}

function stringArg(a: Attribute | undefined): string | undefined {
  const e = a?.args[0];
  if (!e) return undefined;
  if (e.kind === 'string') return e.value;
  if (e.kind === 'number') return e.text;
  return undefined;
}

/** Expands `Reserved2..Reserved5` into its names. */
function expandRange(first: string, last: string): string[] | undefined {
  const a = /^(.*?)(\d+)$/.exec(first);
  const b = /^(.*?)(\d+)$/.exec(last);
  if (!a || !b || a[1] !== b[1]) return undefined;
  const from = parseInt(a[2]!, 10);
  const to = parseInt(b[2]!, 10);
  if (to < from || to - from > 64) return undefined;
  const out: string[] = [];
  for (let i = from; i <= to; i++) out.push(`${a[1]}${i}`);
  return out;
}

class Compiler {
  readonly diags: RawDiagnostic[] = [];
  readonly layouts = new Map<string, Layout>();
  readonly tables = new Map<string, ConstTable>();
  readonly aliases = new Map<string, TypeAlias>();
  private readonly localConsts = new Map<string, number>();
  private readonly pendingLayouts = new Map<string, LayoutDecl>();
  private readonly inProgress = new Set<string>();

  constructor(
    private readonly file: SourceFile,
    private readonly outer: Scope,
  ) {}

  diag(start: number, end: number, code: DiagCode, message: string, severity: 'error' | 'warning' = 'error', data?: RawDiagnostic['data']): void {
    this.diags.push({ uri: this.file.uri, start, end, severity, code, message, ...(data ? { data } : {}) });
  }

  readonly scope: Scope = {
    layout: (n) => this.layout(n),
    table: (n) => this.tables.get(n) ?? this.outer.table(n),
    alias: (n) => this.aliases.get(n) ?? this.outer.alias(n),
    constant: (n) => this.localConsts.get(n) ?? this.outer.constant(n),
  };

  private layout(name: string): Layout | undefined {
    const own = this.layouts.get(name);
    if (own) return own;
    const decl = this.pendingLayouts.get(name);
    if (decl) return this.compileLayout(decl);
    return this.outer.layout(name);
  }

  run(): void {
    const seen = new Map<string, number>();
    const claim = (name: string, start: number, end: number): boolean => {
      if (!name) return false;
      if (seen.has(name)) {
        this.diag(start, end, DiagCode.Duplicate, `'${name}' is already defined in this file`);
        return false;
      }
      seen.set(name, start);
      return true;
    };
    for (const it of this.file.items) if (it.kind === 'const' && claim(it.name.text, it.name.start, it.name.end)) this.compileConst(it);
    for (const it of this.file.items) if (it.kind === 'type' && claim(it.name.text, it.name.start, it.name.end)) this.compileAlias(it);
    for (const it of this.file.items) if (it.kind === 'layout' && claim(it.name.text, it.name.start, it.name.end)) this.pendingLayouts.set(it.name.text, it);
    for (const decl of this.pendingLayouts.values()) this.compileLayout(decl);
  }

  private compileConst(d: ConstDecl): void {
    const entries: ConstTable['entries'] = [];
    const names = new Set<string>();
    for (const e of d.entries) {
      if (names.has(e.name.text)) {
        this.diag(e.name.start, e.name.end, DiagCode.Duplicate, `${e.name.text} appears twice in ${d.name.text}`);
        continue;
      }
      names.add(e.name.text);
      const v = evalConst(e.value, this.scope);
      if (v === undefined || v > 0xffffffff) {
        // A value cut short (`A = 1 |`) was reported by the parser: one mistake, one diagnostic.
        const cut = e.value.kind === 'missing' || (e.value.kind === 'or' && e.value.parts.some((p) => p.kind === 'missing'));
        if (!cut) this.diag(e.value.start, Math.max(e.value.end, e.value.start + 1), DiagCode.OutOfRange, `${e.name.text} needs a value from 0 to 0xFFFFFFFF`);
        continue;
      }
      this.localConsts.set(e.name.text, v);
      entries.push({ name: e.name.text, value: v, ...(e.doc !== undefined ? { doc: e.doc } : {}), source: { uri: this.file.uri, offset: e.name.start } });
    }
    const section = stringArg(attr(d.attrs, 'section'));
    this.tables.set(d.name.text, {
      name: d.name.text, flags: d.flags, entries, ...(section ? { section } : {}), ...(d.doc !== undefined ? { doc: d.doc } : {}),
      source: { uri: this.file.uri, offset: d.name.start },
    });
  }

  private compileAlias(d: TypeDecl): void {
    if (!d.target) return;
    const t = this.resolveType(d.target, false);
    if (!t) return;
    if (t.kind === 'int') t.alias = d.name.text;
    this.aliases.set(d.name.text, { name: d.name.text, type: t, ...(d.doc !== undefined ? { doc: d.doc } : {}), source: { uri: this.file.uri, offset: d.name.start } });
  }

  /** Resolves a written type to a field type (offset targets handled by the caller). */
  private resolveType(t: TypeRef, inLayout: boolean): (FieldType & { role?: 'zero' | 'ignored'; alias?: string }) | undefined {
    if (t.kind === 'bytes') {
      // `bytes[] size F`: an inline block whose length is in F (the caller checks for the size field).
      if (t.length === undefined && inLayout) return { kind: 'block', sizeField: '' };
      const n = evalConst(t.length, this.scope);
      if (n === undefined || n <= 0 || n > 65536) {
        this.diag(t.start, t.end, DiagCode.BadDefinition, 'bytes[N] needs a length from 1 to 65536');
        return undefined;
      }
      return { kind: 'bytes', length: n };
    }
    if (t.kind === 'offset') {
      if (!t.target) return undefined;
      const name = t.target.text;
      let target: ItemType;
      const sub = this.scope.layout(name);
      if (t.list) {
        if (!sub || sub.kind !== 'structure') {
          this.diag(t.target.start, t.target.end, DiagCode.UnknownType, `a list holds entries of a struct: '${name}' is not one`);
          return undefined;
        }
        // Entries lie end to end; their own items go to the variable part of the layout that holds the list.
        if (sub.fields.some((f) => f.type.kind === 'total' || f.type.kind === 'array')) {
          this.diag(t.target.start, t.target.end, DiagCode.BadDefinition, `list entries must be fixed-size: ${name} has a total size or a list of its own`);
          return undefined;
        }
        return { kind: 'offset', target: { kind: 'list', layout: name }, optional: false };
      }
      if (ITEM_KINDS.has(name)) target = { kind: name as 'wstr' | 'str' | 'guid' | 'bytes' };
      else if (sub) target = { kind: 'struct', layout: name };
      else {
        this.diag(t.target.start, t.target.end, DiagCode.UnknownType, `unknown offset target '${name}': use wstr, str, guid, bytes or a struct name`);
        return undefined;
      }
      return { kind: 'offset', target, optional: false };
    }
    const name = t.name.text;
    if (t.list) {
      const sub = this.scope.layout(name);
      if (!inLayout || !sub || sub.kind !== 'structure') {
        this.diag(t.name.start, t.name.end, DiagCode.UnknownType, `an inline list holds entries of a struct: '${name}' is not one`);
        return undefined;
      }
      if (sub.fields.some((f) => f.type.kind === 'total' || f.type.kind === 'array')) {
        this.diag(t.name.start, t.name.end, DiagCode.BadDefinition, `list entries must be fixed-size: ${name} has a total size or a list of its own`);
        return undefined;
      }
      return { kind: 'array', layout: name, countField: '' };
    }
    const w = BUILTIN_INTS[name];
    if (w) return { kind: 'int', width: w };
    switch (name) {
      case 'zero':
        return { kind: 'int', width: 4, role: 'zero' };
      case 'ignored':
        return { kind: 'int', width: 4, role: 'ignored' };
      case 'total':
        return { kind: 'total' };
      case 'varsize':
        return { kind: 'varsize' };
      case 'guid':
        return { kind: 'bytes', length: 16 };
      default:
        break;
    }
    const al = this.scope.alias(name);
    if (al) return { ...al.type } as FieldType;
    const tb = this.scope.table(name);
    if (tb) return { kind: 'int', width: 4, table: name, ...(tb.flags ? { flags: true } : {}) };
    if (inLayout) {
      const L = this.scope.layout(name);
      if (L) return { kind: 'inline', layout: name };
    }
    this.diag(t.name.start, t.name.end, DiagCode.UnknownType, `unknown type '${name}'`, 'error', { suggestions: [] });
    return undefined;
  }

  compileLayout(d: LayoutDecl): Layout | undefined {
    const name = d.name.text;
    const done = this.layouts.get(name);
    if (done) return done;
    if (this.inProgress.has(name)) {
      this.diag(d.name.start, d.name.end, DiagCode.BadDefinition, `${name} contains itself inline`);
      return undefined;
    }
    this.inProgress.add(name);
    const kind = d.keyword === 'struct' ? 'structure' : d.keyword;
    const fields: FieldDef[] = [];
    let id: number | undefined;
    if (d.id) {
      id = evalConst(d.id, this.scope);
      if (id === undefined || id > 0xffffffff) this.diag(d.id.start, d.id.end, DiagCode.OutOfRange, `${d.keyword} id must be a number from 0 to 0xFFFFFFFF`);
    } else if (kind === 'request' || kind === 'response') {
      this.diag(d.name.start, d.name.end, DiagCode.BadDefinition, `a ${kind} needs its ${kind === 'request' ? 'Req_Func' : 'Msg'}: ${d.keyword} ${name} = N { ... }`);
    }
    if (kind === 'request' && id !== undefined) {
      fields.push({ name: 'Req_Func', type: { kind: 'int', width: 4 }, offset: 0, size: 4, fixed: id, doc: 'Function identifier (TAPI32_MSG).' });
      fields.push({ name: 'Reserved1', type: { kind: 'int', width: 4 }, offset: 4, size: 4, role: 'zero', doc: 'Must be zero when sent.' });
    }
    const end = this.members(d.members, fields, fields.length ? 8 : 0, kind === 'structure');
    if (kind === 'request' && end !== 60) {
      this.diag(d.name.start, d.name.end, DiagCode.BadDefinition, `${name}'s fixed part is ${end} bytes; a TAPI32_MSG request has 60 (Req_Func, Reserved1 and 13 parameters)`, 'warning');
    }
    if (kind === 'response' && id !== undefined) {
      const msg = fields.find((f) => f.offset === 16 && f.type.kind === 'int');
      if (msg) msg.fixed = id;
      else this.diag(d.name.start, d.name.end, DiagCode.BadDefinition, `a response needs its Msg field at offset 16`);
    }
    const section = stringArg(attr(d.attrs, 'section'));
    const minVar = attr(d.attrs, 'vardata');
    const minVarData = minVar ? evalConst(minVar.args[0], this.scope) : undefined;
    if (minVar && minVarData === undefined) this.diag(minVar.start, minVar.end, DiagCode.BadDefinition, '@vardata takes the fewest VarData bytes, a number');
    const L: Layout = {
      name, kind, fields, fixedSize: end,
      // A structure embedded inline with offsets of its own puts its items in this layout's variable part.
      hasVarData: kind !== 'structure' || fields.some((f) => f.type.kind === 'offset' || f.type.kind === 'array' || this.embeds(f) || (f.type.kind === 'union' && f.type.variants.some((v) => v.fields.some((g) => g.type.kind === 'offset' || this.embeds(g))))),
      ...(section ? { section } : {}),
      ...(minVarData !== undefined ? { minVarData } : {}),
      ...(kind === 'request' && id !== undefined ? { reqFunc: id } : {}),
      ...(kind === 'response' && id !== undefined ? { msg: id } : {}),
      ...(d.doc !== undefined ? { doc: d.doc } : {}),
      source: { uri: this.file.uri, offset: d.name.start },
    };
    for (const a of d.attrs) if (!KNOWN_ATTRS.has(a.name.text)) this.diag(a.name.start, a.name.end, DiagCode.UnknownAttribute, `unknown attribute @${a.name.text}`, 'warning');
    this.inProgress.delete(name);
    this.layouts.set(name, L);
    return L;
  }

  /** True for an inline field whose structure has items of its own (an embedded structure, `embedsItems`). */
  private embeds(f: FieldDef): boolean {
    if (f.type.kind !== 'inline') return false;
    const sub = this.scope.layout(f.type.layout);
    return sub !== undefined && embedsItems(sub);
  }

  /** Compiles members into `out` from byte offset `at`; returns the end offset. */
  private members(members: readonly Member[], out: FieldDef[], at: number, isStruct: boolean): number {
    const names = new Set(out.map((f) => f.name));
    let p = at;
    const sizeLinks: { field: FieldDecl; of: string }[] = [];
    const countLinks: { field: FieldDecl; of: string }[] = [];
    for (const m of members) {
      if (m.kind === 'switch') {
        const sel = out.find((f) => f.name === m.selector.text);
        if (!sel || sel.type.kind !== 'int') {
          this.diag(m.selector.start, m.selector.end, DiagCode.UnknownField, `switch selector '${m.selector.text}' must be an integer field declared before the switch`);
          continue;
        }
        const variants = [];
        for (const c of m.cases) {
          const value = evalConst(c.value, this.scope);
          if (value === undefined) {
            this.diag(c.value.start, Math.max(c.value.end, c.value.start + 1), DiagCode.UnknownConstant, 'case needs a number or a constant name');
            continue;
          }
          const armFields: FieldDef[] = [];
          const end = this.members(c.fields, armFields, p, isStruct);
          variants.push({ value, name: c.value.kind === 'name' ? c.value.name.text : String(value), fields: armFields, size: end - p });
        }
        const size = Math.max(0, ...variants.map((v) => v.size));
        out.push({ name: m.name.text, type: { kind: 'union', selector: m.selector.text, variants }, offset: p, size, ...(m.doc !== undefined ? { doc: m.doc } : {}) });
        p += size;
        continue;
      }
      const fnames = m.rangeEnd ? expandRange(m.name.text, m.rangeEnd.text) : [m.name.text];
      if (!fnames) {
        this.diag(m.name.start, m.rangeEnd?.end ?? m.name.end, DiagCode.BadDefinition, `a range needs two names with the same stem and increasing numbers (Reserved2..Reserved5)`);
        continue;
      }
      if (!m.type) continue;
      const base = this.resolveType(m.type, true);
      if (!base) continue;
      for (const fname of fnames) {
        if (names.has(fname)) {
          this.diag(m.name.start, m.name.end, DiagCode.Duplicate, `field '${fname}' is declared twice`);
          continue;
        }
        names.add(fname);
        let type: FieldType = { ...base } as FieldType;
        const role = (base as { role?: 'zero' | 'ignored' }).role;
        if (type.kind === 'int') delete (type as { role?: string }).role;
        if (type.kind === 'offset') {
          type = { ...type, optional: m.optional, ...(m.sizeField ? { sizeField: m.sizeField.text } : {}) };
          if (m.sizeField) sizeLinks.push({ field: m, of: fname });
          if (m.countField) {
            if (type.target.kind !== 'list') this.diag(m.countField.start, m.countField.end, DiagCode.BadDefinition, `'count' applies to a list (offset<STRUCT[]>)`);
            else {
              type = { ...type, countField: m.countField.text };
              countLinks.push({ field: m, of: fname });
            }
          }
          const baseAttr = attr(m.attrs, 'base');
          if (baseAttr) {
            const b = baseAttr.args[0];
            const bf = b?.kind === 'name' ? [...out].reverse().find((x) => x.name === b.name.text) : undefined;
            if (!bf || b?.kind !== 'name') this.diag(baseAttr.start, baseAttr.end, DiagCode.BadDefinition, '@base names a field declared before this offset (the offset counts from that field\'s first byte)');
            else type = { ...type, base: b.name.text };
          }
          if (type.target.kind === 'list' && !m.sizeField && !m.countField) this.diag(m.type.start, m.type.end, DiagCode.BadDefinition, `a list needs its length field: ${fname}: offset<${type.target.layout}[]> count dwNumXxx (entries) or size dwXxxSize (bytes)`);
          if (type.target.kind === 'bytes' && !m.sizeField) this.diag(m.type.start, m.type.end, DiagCode.BadDefinition, `offset<bytes> needs a size field: ${fname}: offset<bytes> size dwXxxSize`);
        } else if (type.kind === 'block') {
          if (!m.sizeField) this.diag(m.type.start, m.type.end, DiagCode.BadDefinition, `an inline block needs its size field: ${fname}: bytes[] size dwXxxSize`);
          else {
            type = { kind: 'block', sizeField: m.sizeField.text };
            sizeLinks.push({ field: m, of: fname });
          }
          if (m !== members[members.length - 1]) this.diag(m.type.start, m.type.end, DiagCode.BadDefinition, `an inline block (bytes[]) must be the last field of its struct or case`);
        } else if (type.kind === 'array') {
          if (!m.countField) this.diag(m.type.start, m.type.end, DiagCode.BadDefinition, `an inline list needs its count field: ${fname}: ${type.layout}[] count dwNumEntries`);
          else {
            type = { ...type, countField: m.countField.text };
            countLinks.push({ field: m, of: fname });
          }
          if (!isStruct || m !== members[members.length - 1]) this.diag(m.type.start, m.type.end, DiagCode.BadDefinition, `an inline list (${type.layout}[]) must be the last field of a struct`);
        } else if (m.countField) this.diag(m.countField.start, m.countField.end, DiagCode.BadDefinition, `'count' applies to a list (offset<STRUCT[]>)`);
        else if (m.optional) this.diag(m.start, m.end, DiagCode.BadDefinition, `'?' (may be absent) applies to offset fields; use @trailing for an optional trailing field`, 'warning');
        const size = type.kind === 'inline' ? (this.scope.layout(type.layout)?.fixedSize ?? 0) : type.kind === 'int' ? type.width : type.kind === 'bytes' ? type.length : type.kind === 'array' || type.kind === 'block' ? 0 : 4;
        const rules = this.rules(m.attrs);
        const fixed = m.fixed ? evalConst(m.fixed, this.scope) : undefined;
        if (m.fixed && fixed === undefined) this.diag(m.fixed.start, Math.max(m.fixed.end, m.fixed.start + 1), DiagCode.UnknownConstant, `the fixed value of ${fname} must be a number or constant name`);
        const trailing = attr(m.attrs, 'trailing') !== undefined;
        const isOut = attr(m.attrs, 'out') !== undefined;
        out.push({
          name: fname, type, offset: p, size,
          ...(fixed !== undefined ? { fixed } : {}), ...(role ? { role } : {}), ...(trailing ? { trailing } : {}), ...(isOut ? { out: true } : {}),
          ...(rules.length ? { rules } : {}), ...(m.doc !== undefined ? { doc: m.doc } : {}),
        });
        p += size;
      }
    }
    // A size or count field named by an offset, list or block: a u32 of this layout, computed.
    for (const [kind, links] of [['size', sizeLinks], ['count', countLinks]] as const) {
      for (const link of links) {
        const ref = kind === 'size' ? link.field.sizeField! : link.field.countField!;
        const target = out.find((f) => f.name === ref.text);
        if (!target) {
          this.diag(ref.start, ref.end, DiagCode.UnknownField, `${kind} field '${ref.text}' is not a field of this layout`);
          continue;
        }
        if (target.type.kind !== 'int' || target.type.width !== 4) {
          this.diag(ref.start, ref.end, DiagCode.BadDefinition, `${kind} field '${ref.text}' must be a u32`);
          continue;
        }
        target.type = { kind, of: link.of };
      }
    }
    return p;
  }

  private rules(attrs: readonly Attribute[]): Rule[] {
    const out: Rule[] = [];
    for (const a of attrs) {
      const n = a.name.text;
      if (!KNOWN_ATTRS.has(n)) {
        this.diag(a.name.start, a.name.end, DiagCode.UnknownAttribute, `unknown attribute @${n} (known: @align, @min, @oneOf, @nonzero, @room, @trailing, @out, @vardata, @section)`, 'warning');
        continue;
      }
      if (n === 'align') {
        const v = evalConst(a.args[0], this.scope);
        if (v !== 2 && v !== 4) this.diag(a.start, a.end, DiagCode.BadDefinition, '@align takes 2 (WCHAR) or 4 (DWORD)');
        else out.push({ kind: 'align', n: v });
      } else if (n === 'min') {
        const v = evalConst(a.args[0], this.scope);
        if (v === undefined) this.diag(a.start, a.end, DiagCode.BadDefinition, '@min takes a number');
        else out.push({ kind: 'min', value: v });
      } else if (n === 'oneOf') {
        const vs = a.args.map((e) => evalConst(e, this.scope));
        if (vs.some((v) => v === undefined) || vs.length === 0) this.diag(a.start, a.end, DiagCode.BadDefinition, '@oneOf takes numbers or constant names');
        else out.push({ kind: 'oneOf', values: vs as number[] });
      } else if (n === 'nonzero') out.push({ kind: 'nonzero' });
      else if (n === 'room') out.push({ kind: 'room' });
    }
    return out;
  }
}

/** Compiles the definitions of one parsed file against an outer scope. */
export function compileDefinitions(file: SourceFile, outer: Scope): Compiled {
  const c = new Compiler(file, outer);
  c.run();
  return { layouts: [...c.layouts.values()], tables: [...c.tables.values()], aliases: [...c.aliases.values()], diagnostics: c.diags };
}

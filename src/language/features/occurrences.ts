/**
 * Every name in a document and what it means: layouts, constant tables, aliases, constants,
 * fields, packets, session steps. Hover, go-to-definition, references, rename and semantic tokens all read
 * this one walk, so they agree on what a name refers to.
 */
import type { Layout } from '../../codec/index.js';
import type { Assignment, Attribute, Expr, Item, Member, SessionDecl, StepDecl, TypeRef } from '../ast.js';
import type { Analysis } from '../program.js';
import { ACK_FIELD } from '../reply-tables.js';
import { fieldOf, itemAt, subLayout } from './locate.js';

/** What a name refers to. */
export type Sym =
  | { kind: 'layout'; name: string }
  | { kind: 'table'; name: string }
  | { kind: 'alias'; name: string }
  | { kind: 'builtin'; name: string }
  | { kind: 'constant'; name: string }
  | { kind: 'field'; layout: string; name: string }
  | { kind: 'packet'; name: string }
  /**
   * A step of a session. Two sessions may each have a step `open`: they are told apart by
   * `session`, the offset where the session's declaration starts (steps are document-local,
   * like packets, so an offset in the document is enough).
   */
  | { kind: 'step'; session: number; sessionName: string; name: string }
  | { kind: 'attribute'; name: string };

/** One name in the text. */
export interface Occurrence {
  start: number;
  end: number;
  sym: Sym;
  /** True where the name is declared. */
  declaration: boolean;
}

/** Type names the language defines itself. */
export const BUILTIN_TYPES = new Set(['u8', 'u16', 'u32', 'zero', 'ignored', 'total', 'varsize', 'guid', 'bytes', 'offset', 'wstr', 'str']);

/** True when two symbols name the same thing. */
export function sameSym(x: Sym, y: Sym): boolean {
  if (x.kind !== y.kind || x.name !== y.name) return false;
  if (x.kind === 'step') return y.kind === 'step' && x.session === y.session;
  return x.kind !== 'field' || (y.kind === 'field' && x.layout === y.layout);
}

/** The symbol of step `name` of session `s`. */
export function stepSym(s: SessionDecl, name: string): Sym {
  return { kind: 'step', session: s.start, sessionName: s.name.text, name };
}

/** The step of `s` that `name` means: the first with that name (a second one is an error, TP1104). */
export function stepOf(s: SessionDecl, name: string): StepDecl | undefined {
  return s.steps.find((x) => x.name.text === name);
}

/**
 * The session whose step `decode reply NAME` answers: the first session in the file with a
 * step NAME, as the program decodes it (program.ts, decodeBlock); undefined when none has one,
 * and NAME is then a request layout.
 */
export function replySession(a: Analysis, name: string): SessionDecl | undefined {
  for (const it of a.file.items) if (it.kind === 'session' && stepOf(it, name)) return it;
  return undefined;
}

/** Classifies a written type name in the scope of `a`. */
export function typeSym(a: Analysis, name: string): Sym {
  if (BUILTIN_TYPES.has(name)) return { kind: 'builtin', name };
  if (a.scope.alias(name)) return { kind: 'alias', name };
  if (a.scope.table(name)) return { kind: 'table', name };
  return { kind: 'layout', name };
}

class Walker {
  constructor(
    private readonly a: Analysis,
    readonly out: Occurrence[],
  ) {}

  add(n: { start: number; end: number }, sym: Sym, declaration = false): void {
    if (n.end > n.start) this.out.push({ start: n.start, end: n.end, sym, declaration });
  }

  expr(e: Expr | undefined): void {
    if (!e) return;
    switch (e.kind) {
      case 'name':
        this.add(e.name, { kind: 'constant', name: e.name.text });
        break;
      case 'or':
        for (const p of e.parts) this.expr(p);
        break;
      case 'raw':
        this.expr(e.value);
        break;
      default:
        break;
    }
  }

  attrs(attrs: readonly Attribute[]): void {
    for (const at of attrs) {
      this.add(at.name, { kind: 'attribute', name: at.name.text });
      for (const x of at.args) this.expr(x);
    }
  }

  type(t: TypeRef | undefined): void {
    if (!t) return;
    if (t.kind === 'named') this.add(t.name, typeSym(this.a, t.name.text));
    else if (t.kind === 'bytes') this.expr(t.length);
    else if (t.target) this.add(t.target, BUILTIN_TYPES.has(t.target.text) ? { kind: 'builtin', name: t.target.text } : { kind: 'layout', name: t.target.text });
  }

  members(layout: string, ms: readonly Member[]): void {
    for (const m of ms) {
      if (m.kind === 'switch') {
        this.add(m.selector, { kind: 'field', layout, name: m.selector.text });
        for (const c of m.cases) {
          this.expr(c.value);
          this.members(layout, c.fields);
        }
        continue;
      }
      this.attrs(m.attrs.filter((x) => x.start < m.name.start));
      this.add(m.name, { kind: 'field', layout, name: m.name.text }, true);
      if (m.rangeEnd) this.add(m.rangeEnd, { kind: 'field', layout, name: m.rangeEnd.text }, true);
      this.type(m.type);
      if (m.sizeField) this.add(m.sizeField, { kind: 'field', layout, name: m.sizeField.text });
      this.expr(m.fixed);
      this.attrs(m.attrs.filter((x) => x.start > m.name.start));
    }
  }

  body(L: Layout | undefined, typeName: string, body: readonly Assignment[]): void {
    for (const as of body) {
      const f = fieldOf(L, as.name.text);
      this.add(as.name, { kind: 'field', layout: L?.name ?? typeName, name: as.name.text });
      if (as.value.kind === 'struct') {
        const sub = subLayout(f, this.a.scope);
        this.body(sub, sub?.name ?? '', as.value.body);
      } else this.expr(as.value);
    }
  }

  /**
   * `STEP.FIELD` in a step of session `s`: STEP is that session's step, FIELD a field of the
   * step's layout (Ack_ReturnValue is byte 0 of every reply, declared nowhere: not a field).
   * Only top-level values: the checker refuses a binding anywhere else (TP1407).
   */
  ref(s: SessionDecl, r: Extract<Expr, { kind: 'ref' }>): void {
    const src = stepOf(s, r.step.text);
    if (!src) return;
    this.add(r.step, stepSym(s, r.step.text));
    if (!src.type || r.field.text === ACK_FIELD) return;
    this.add(r.field, { kind: 'field', layout: this.a.scope.layout(src.type.text)?.name ?? src.type.text, name: r.field.text });
  }

  item(it: Item): void {
    switch (it.kind) {
      case 'import':
        break;
      case 'const':
        this.attrs(it.attrs);
        this.add(it.name, { kind: 'table', name: it.name.text }, true);
        for (const e of it.entries) {
          this.add(e.name, { kind: 'constant', name: e.name.text }, true);
          this.expr(e.value);
        }
        break;
      case 'type':
        this.attrs(it.attrs);
        this.add(it.name, { kind: 'alias', name: it.name.text }, true);
        this.type(it.target);
        break;
      case 'layout':
        this.attrs(it.attrs.filter((x) => x.start < it.name.start));
        this.add(it.name, { kind: 'layout', name: it.name.text }, true);
        this.expr(it.id);
        this.attrs(it.attrs.filter((x) => x.start > it.name.start));
        this.members(it.name.text, it.members);
        break;
      case 'packet': {
        this.add(it.name, { kind: 'packet', name: it.name.text }, true);
        if (it.type) this.add(it.type, { kind: 'layout', name: it.type.text });
        const L = it.type ? this.a.scope.layout(it.type.text) : undefined;
        this.body(L, it.type?.text ?? '', it.body);
        break;
      }
      case 'decode': {
        // `decode reply NAME`: a step of a session in the file when one has it, else a layout.
        if (!it.as) break;
        const s = it.reply ? replySession(this.a, it.as.text) : undefined;
        if (s) this.add(it.as, stepSym(s, it.as.text));
        else if (!it.reply || this.a.scope.layout(it.as.text)) this.add(it.as, { kind: 'layout', name: it.as.text });
        break;
      }
      case 'session':
        for (const st of it.steps) {
          this.add(st.name, stepSym(it, st.name.text), true);
          if (st.type) this.add(st.type, { kind: 'layout', name: st.type.text });
          const L = st.type ? this.a.scope.layout(st.type.text) : undefined;
          const body = st.body.filter((x) => x.name.text !== 'lNeededSize');
          this.body(L, st.type?.text ?? '', body);
          for (const as of body) if (as.value.kind === 'ref') this.ref(it, as.value);
        }
        break;
    }
  }
}

/** Names of one top-level item, in text order. */
export function itemOccurrences(a: Analysis, it: Item): Occurrence[] {
  const w = new Walker(a, []);
  w.item(it);
  return w.out.sort((x, y) => x.start - y.start);
}

/** Names of the whole document, in text order. */
export function documentOccurrences(a: Analysis): Occurrence[] {
  const w = new Walker(a, []);
  for (const it of a.file.items) w.item(it);
  return w.out.sort((x, y) => x.start - y.start);
}

/** The name at `offset` (the cursor may sit right after it), looking only at the item there. */
export function occurrenceAt(a: Analysis, offset: number): Occurrence | undefined {
  const it = itemAt(a, offset);
  if (!it) return undefined;
  const occ = itemOccurrences(a, it);
  return occ.find((o) => offset >= o.start && offset < o.end) ?? occ.find((o) => offset === o.end);
}

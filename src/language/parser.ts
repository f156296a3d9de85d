/**
 * The error-recovering `.tapipkt` parser. `parse()` always returns a tree plus its syntax
 * errors; it resynchronises on keywords, field names and braces so that one mistake gives one
 * error.
 */
import type {
  AttachDecl, Assignment, Attribute, ConstDecl, ConstEntryDecl, DecodeDecl, Expr, FieldDecl, Ident, ImportDecl, Item, LayoutDecl,
  LayoutKeyword, Member, PacketDecl, SessionDecl, SourceFile, StepDecl, SwitchCase, SwitchDecl, SyntaxError, TypeDecl, TypeRef,
} from './ast.js';
import { DiagCode } from './codes.js';
import { scan, type Token } from './scanner.js';

const TOP_KEYWORDS = new Set(['import', 'const', 'flags', 'type', 'request', 'response', 'struct', 'template', 'packet', 'decode', 'session']);

/** Maximum nesting of `{ ... }` values the parser follows; deeper input is an error, not a stack overflow. */
export const MAX_NESTING = 64;

class Parser {
  private pos = 0;
  private readonly errors: SyntaxError[] = [];
  private lastErrorAt = -1;
  private depth = 0;
  /**
   * Set while a packet that did not close is parsed a second time: a structure value then also
   * ends where the indentation says it does (see `leavesStruct`).
   */
  private byIndent = false;
  /** The field whose value is being parsed: a structure value names it, and may close by its column. */
  private owner: { name: string; col?: number } | undefined;
  /** Set when `assignments()` stopped because the indentation left the structure value. */
  private leftByIndent = false;

  constructor(
    private readonly toks: Token[],
    private readonly text: string,
  ) {}

  get errs(): SyntaxError[] {
    return this.errors;
  }

  private peek(k = 0): Token {
    return this.toks[Math.min(this.pos + k, this.toks.length - 1)]!;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  private is(text: string, k = 0): boolean {
    const t = this.peek(k);
    return (t.kind === 'punct' || t.kind === 'ident') && t.text === text;
  }

  private eat(text: string): Token | undefined {
    if (this.is(text)) return this.next();
    return undefined;
  }

  error(start: number, end: number, message: string, code: DiagCode = DiagCode.Syntax): void {
    // One error per mistake: nothing more until the parser has moved past this point.
    if (start <= this.lastErrorAt) return;
    this.lastErrorAt = Math.max(start, end - 1);
    this.errors.push({ start, end, message, code });
  }

  private expect(text: string, what?: string): Token | undefined {
    const t = this.eat(text);
    if (t) return t;
    const p = this.peek();
    this.error(p.start, Math.max(p.end, p.start + 1), `expected '${text}'${what ? ` ${what}` : ''}, found ${describeTok(p)}`);
    return undefined;
  }

  private ident(what: string): Ident | undefined {
    const t = this.peek();
    if (t.kind === 'ident') {
      this.next();
      return { text: t.text, start: t.start, end: t.end };
    }
    this.error(t.start, Math.max(t.end, t.start + 1), `expected ${what}, found ${describeTok(t)}`);
    return undefined;
  }

  /** Reports scanner errors as they are reached and skips them; true when there were any. */
  private skipErrorTokens(): boolean {
    let any = false;
    while (this.peek().kind === 'error') {
      const t = this.next();
      this.error(t.start, Math.max(t.end, t.start + 1), t.value ?? 'bad token', DiagCode.BadToken);
      any = true;
    }
    return any;
  }

  private docs(): string | undefined {
    const lines: string[] = [];
    while (this.peek().kind === 'doc') lines.push(this.next().value ?? '');
    return lines.length ? lines.join('\n') : undefined;
  }

  private attrs(): Attribute[] {
    const out: Attribute[] = [];
    while (this.is('@')) {
      const at = this.next();
      const name = this.ident('an attribute name after @');
      if (!name) break;
      const args: Expr[] = [];
      let end = name.end;
      if (this.eat('(')) {
        while (!this.is(')') && this.peek().kind !== 'eof' && !this.is('}')) {
          const arg = this.expr();
          if (arg.kind === 'missing') {
            // A bad argument: skip the rest of the parentheses, so `@min(@min(@min(...` is one error, not one per '@'.
            this.skipToCloseParen();
            break;
          }
          args.push(arg);
          if (!this.eat(',')) break;
        }
        end = this.expect(')', 'to close the attribute')?.end ?? this.peek().start;
      }
      out.push({ name, args, start: at.start, end });
    }
    return out;
  }

  file(uri: string, text: string, comments: SourceFile['comments']): SourceFile {
    const items: Item[] = [];
    const errorStarts: number[] = [];
    while (this.peek().kind !== 'eof') {
      this.skipErrorTokens();
      if (this.peek().kind === 'eof') break;
      const before = this.pos;
      const errs = this.errors.length;
      const item = this.item();
      if (item) {
        // An item owns the errors raised from its start up to the next item (its own, and any
        // stray tokens after it); errors before the first item belong to none.
        items.push(item);
        errorStarts.push(errs);
      }
      if (this.pos === before) {
        const t = this.next();
        this.error(t.start, Math.max(t.end, t.start + 1), `expected a definition, packet, decode block or import, found ${describeTok(t)}`);
        this.syncTop();
      }
    }
    return { uri, text, items, errors: this.errors, comments, errorStarts };
  }

  /** Skips to the next token that can start a top-level item. */
  private syncTop(): void {
    let depth = 0;
    while (this.peek().kind !== 'eof') {
      const t = this.peek();
      if (t.kind === 'punct' && t.text === '{') depth++;
      else if (t.kind === 'punct' && t.text === '}') {
        if (depth === 0) {
          this.next();
          continue;
        }
        depth--;
      } else if (depth === 0 && (t.kind === 'doc' || (t.kind === 'ident' && TOP_KEYWORDS.has(t.text)) || (t.kind === 'punct' && t.text === '@'))) return;
      this.next();
    }
  }

  private item(): Item | undefined {
    const start = this.peek().start;
    const doc = this.docs();
    const attrs = this.attrs();
    const t = this.peek();
    if (t.kind !== 'ident') {
      if (doc !== undefined || attrs.length) this.error(t.start, Math.max(t.end, t.start + 1), `expected a definition after the doc comment or attribute, found ${describeTok(t)}`);
      return undefined;
    }
    switch (t.text) {
      case 'import':
        return this.importDecl();
      case 'const':
      case 'flags':
        return this.constDecl(start, doc, attrs);
      case 'type':
        return this.typeDecl(start, doc, attrs);
      case 'request':
      case 'response':
      case 'struct':
      case 'template':
        return this.layoutDecl(start, doc, attrs);
      case 'packet':
        return this.packetDecl(start, doc);
      case 'decode':
        return this.decodeDecl(start, doc);
      case 'session':
        return this.sessionDecl(start, doc);
      default:
        this.error(t.start, t.end, `unknown keyword '${t.text}': expected import, const, flags, type, request, response, struct, template, packet, decode or session`);
        this.next();
        this.syncTop();
        return undefined;
    }
  }

  private importDecl(): ImportDecl {
    const kw = this.next();
    const t = this.peek();
    if (t.kind === 'string') {
      this.next();
      return { kind: 'import', path: { value: t.value ?? '', start: t.start, end: t.end }, start: kw.start, end: t.end };
    }
    this.error(t.start, Math.max(t.end, t.start + 1), `expected a file path in quotes after import, found ${describeTok(t)}`);
    return { kind: 'import', path: undefined, start: kw.start, end: kw.end };
  }

  private constDecl(start: number, doc: string | undefined, attrs: Attribute[]): ConstDecl {
    const kw = this.next();
    const name = this.ident('a table name') ?? { text: '', start: kw.end, end: kw.end };
    const entries: ConstEntryDecl[] = [];
    let end = name.end;
    if (this.expect('{', 'to open the constants')) {
      while (!this.is('}') && this.peek().kind !== 'eof') {
        this.skipErrorTokens();
        if (this.is('}') || this.peek().kind === 'eof') break;
        const edoc = this.docs();
        const en = this.peek();
        if (en.kind !== 'ident') {
          this.error(en.start, Math.max(en.end, en.start + 1), `expected a constant name, found ${describeTok(en)}`);
          this.syncMember();
          continue;
        }
        this.next();
        const id = { text: en.text, start: en.start, end: en.end };
        if (!this.expect('=', `after ${en.text}`)) {
          this.syncMember();
          continue;
        }
        const value = this.expr();
        entries.push({ name: id, value, ...(edoc !== undefined ? { doc: edoc } : {}), start: en.start, end: value.end });
        this.eat(',');
      }
      end = (this.expect('}', `to close ${name.text}`) ?? this.peek()).end;
    }
    return { kind: 'const', name, flags: kw.text === 'flags', entries, attrs, ...(doc !== undefined ? { doc } : {}), start, end };
  }

  private typeDecl(start: number, doc: string | undefined, attrs: Attribute[]): TypeDecl {
    const kw = this.next();
    const name = this.ident('a type name') ?? { text: '', start: kw.end, end: kw.end };
    this.expect('=', 'after the type name');
    const target = this.typeRef();
    return { kind: 'type', name, target, attrs, ...(doc !== undefined ? { doc } : {}), start, end: target?.end ?? name.end };
  }

  private layoutDecl(start: number, doc: string | undefined, attrs: Attribute[]): LayoutDecl {
    const kw = this.next();
    const name = this.ident(`a ${kw.text} name`) ?? { text: '', start: kw.end, end: kw.end };
    let id: Expr | undefined;
    if (this.eat('=')) id = this.expr();
    attrs.push(...this.attrs());
    const open = this.expect('{', `to open ${name.text || 'the definition'}`);
    const members = open ? this.members(new Set(['}'])) : [];
    const end = open ? (this.expect('}', `to close ${name.text}`) ?? this.peek()).end : name.end;
    return {
      kind: 'layout', keyword: kw.text as LayoutKeyword, name, ...(id ? { id } : {}), members, attrs,
      ...(doc !== undefined ? { doc } : {}), start, end, bodyStart: open?.end ?? name.end,
    };
  }

  private members(stop: Set<string>): Member[] {
    const out: Member[] = [];
    while (this.peek().kind !== 'eof' && !stop.has(this.peek().text)) {
      this.skipErrorTokens();
      if (this.peek().kind === 'eof' || stop.has(this.peek().text)) break;
      const t0 = this.peek();
      if (t0.kind === 'ident' && TOP_KEYWORDS.has(t0.text) && this.peek(1).kind === 'ident') break; // a missing '}'
      const before = this.pos;
      const m = this.member();
      if (m) out.push(m);
      if (this.pos === before) {
        const t = this.next();
        this.error(t.start, Math.max(t.end, t.start + 1), `expected a field (name: type), found ${describeTok(t)}`);
        this.syncMember();
      }
    }
    return out;
  }

  /**
   * Skips to the next plausible member start (an identifier followed by ':' or '='), or a '}'.
   * Braces opened by the skipped text are skipped whole: the names inside `= { a = 1 }` after
   * a slip belong to a nested value, and stopping there would parse them in the wrong scope.
   */
  private syncMember(): void {
    let depth = 0;
    while (this.peek().kind !== 'eof') {
      const t = this.peek();
      if (t.kind === 'ident' && TOP_KEYWORDS.has(t.text) && this.peek(1).kind === 'ident') return;
      if (t.kind === 'punct' && t.text === '{') depth++;
      else if (t.kind === 'punct' && t.text === '}') {
        if (depth === 0) return;
        depth--;
      } else if (depth === 0) {
        if (t.kind === 'doc') return;
        if (t.kind === 'ident' && (this.is(':', 1) || this.is('=', 1) || this.is('..', 1))) return;
      }
      this.next();
    }
  }

  private member(): Member | undefined {
    const start = this.peek().start;
    const doc = this.docs();
    const pre = this.attrs();
    if (this.is('switch')) {
      // Switches nest through members(): bound them like values, so deep input is an error, not a stack overflow.
      if (this.depth >= MAX_NESTING) {
        const t = this.peek();
        this.error(t.start, t.end, `switches nest deeper than ${MAX_NESTING} levels`, DiagCode.TooDeep);
        this.next();
        this.skipBalanced();
        return undefined;
      }
      this.depth++;
      const sw = this.switchDecl(start, doc);
      this.depth--;
      return sw;
    }
    const t = this.peek();
    if (t.kind !== 'ident') return undefined;
    this.next();
    const name = { text: t.text, start: t.start, end: t.end };
    let rangeEnd: Ident | undefined;
    if (this.eat('..')) rangeEnd = this.ident('the last name of the range');
    if (!this.expect(':', `after the field name ${t.text}`)) {
      this.syncMember();
      return undefined;
    }
    const type = this.typeRef();
    const optional = this.eat('?') !== undefined;
    let sizeField: Ident | undefined;
    let countField: Ident | undefined;
    // `count N` and `size N` (a list may have both, in either order).
    for (let k = 0; k < 2; k++) {
      if (!sizeField && this.is('size') && this.peek(1).kind === 'ident') {
        this.next();
        sizeField = this.ident('the size field');
      } else if (!countField && this.is('count') && this.peek(1).kind === 'ident') {
        this.next();
        countField = this.ident('the count field');
      }
    }
    let fixed: Expr | undefined;
    if (this.eat('=')) fixed = this.expr();
    const attrs = [...pre, ...this.attrs()];
    const end = Math.max(attrs[attrs.length - 1]?.end ?? 0, fixed?.end ?? 0, sizeField?.end ?? 0, countField?.end ?? 0, type?.end ?? 0, name.end);
    const f: FieldDecl = {
      kind: 'field', name, type, optional, attrs, start, end,
      ...(rangeEnd ? { rangeEnd } : {}), ...(sizeField ? { sizeField } : {}), ...(countField ? { countField } : {}), ...(fixed ? { fixed } : {}), ...(doc !== undefined ? { doc } : {}),
    };
    this.eat(',');
    this.eat(';');
    return f;
  }

  private switchDecl(start: number, doc: string | undefined): SwitchDecl {
    const kw = this.next();
    const selector = this.ident('the selector field after switch') ?? { text: '', start: kw.end, end: kw.end };
    const cases: SwitchCase[] = [];
    let end = selector.end;
    if (this.expect('{', 'to open the switch')) {
      while (!this.is('}') && this.peek().kind !== 'eof') {
        const c = this.peek();
        if (!this.is('case')) {
          this.error(c.start, Math.max(c.end, c.start + 1), `expected 'case', found ${describeTok(c)}`);
          this.next();
          continue;
        }
        this.next();
        const value = this.expr();
        const open = this.expect('{', 'to open the case');
        const fields = open ? this.members(new Set(['}'])) : [];
        const cend = open ? (this.expect('}', 'to close the case') ?? this.peek()).end : value.end;
        cases.push({ value, fields, start: c.start, end: cend });
      }
      end = (this.expect('}', 'to close the switch') ?? this.peek()).end;
    }
    return { kind: 'switch', name: { text: `switch_${selector.text}`, start: kw.start, end: kw.end }, selector, cases, ...(doc !== undefined ? { doc } : {}), start, end };
  }

  private typeRef(): TypeRef | undefined {
    const t = this.peek();
    if (t.kind !== 'ident') {
      this.error(t.start, Math.max(t.end, t.start + 1), `expected a type, found ${describeTok(t)}`);
      return undefined;
    }
    this.next();
    if (t.text === 'bytes' && this.eat('[')) {
      const length = this.is(']') ? undefined : this.expr();
      const close = this.expect(']', 'after the byte count');
      return { kind: 'bytes', length, start: t.start, end: close?.end ?? length?.end ?? t.end };
    }
    if (t.text === 'offset' && this.eat('<')) {
      const target = this.ident('what the offset points at (wstr, str, guid, bytes, a struct name, or STRUCT[] for a list)');
      let list = false;
      if (target && this.eat('[')) {
        list = true;
        this.expect(']', 'after [ (a list is written STRUCT[])');
      }
      const close = this.expect('>', 'after the offset target');
      return { kind: 'offset', target, ...(list ? { list } : {}), start: t.start, end: close?.end ?? target?.end ?? t.end };
    }
    if (this.is('[') && this.is(']', 1)) {
      this.next();
      const close = this.next();
      return { kind: 'named', name: { text: t.text, start: t.start, end: t.end }, list: true, start: t.start, end: close.end };
    }
    return { kind: 'named', name: { text: t.text, start: t.start, end: t.end }, start: t.start, end: t.end };
  }

  private packetDecl(start: number, doc: string | undefined): PacketDecl {
    const kw = this.next();
    const name = this.ident('a packet name') ?? { text: '', start: kw.end, end: kw.end };
    let type: Ident | undefined;
    if (this.expect(':', 'and the packet type after the name')) type = this.ident('a packet type (a request, response, template or structure)');
    const open = this.expect('{', `to open packet ${name.text}`);
    const mark = { pos: this.pos, errors: this.errors.length, lastErrorAt: this.lastErrorAt };
    let body = open ? this.assignments() : [];
    let close = open ? this.expect('}', `to close packet ${name.text}`) : undefined;
    if (open && !close && !this.byIndent && this.hasNestedValue(body)) {
      // The braces do not balance and a nested value may have swallowed the rest of the
      // packet: parse again letting indentation close nested values, and keep that reading if
      // it closes the packet (one missing '}' then gives one error, in the right scope).
      const first = { pos: this.pos, errors: this.errors.splice(mark.errors), lastErrorAt: this.lastErrorAt };
      this.pos = mark.pos;
      this.lastErrorAt = mark.lastErrorAt;
      this.byIndent = true;
      const body2 = this.assignments();
      const close2 = this.expect('}', `to close packet ${name.text}`);
      this.byIndent = false;
      if (close2) {
        body = body2;
        close = close2;
      } else {
        this.errors.splice(mark.errors);
        this.errors.push(...first.errors);
        this.pos = first.pos;
        this.lastErrorAt = first.lastErrorAt;
      }
    }
    return {
      kind: 'packet', name, type, body, ...(doc !== undefined ? { doc } : {}), start,
      end: close?.end ?? body[body.length - 1]?.end ?? type?.end ?? name.end, bodyStart: open?.end ?? name.end, closed: close !== undefined,
    };
  }

  /**
   * `name = value` lines up to the closing '}'. `owner` is the column of the field that a
   * nested structure value belongs to (undefined for a packet's own body).
   */
  private assignments(owner?: number): Assignment[] {
    const out: Assignment[] = [];
    for (;;) {
      this.skipErrorTokens();
      // A body whose first line is not indented past its field says nothing by its indentation.
      if (owner !== undefined && out.length === 0 && this.leavesStruct(owner)) owner = undefined;
      if (owner !== undefined && this.leavesStruct(owner)) {
        this.leftByIndent = true;
        break;
      }
      if (this.is('}') || this.peek().kind === 'eof') break;
      const t = this.peek();
      if (t.kind === 'ident' && TOP_KEYWORDS.has(t.text) && this.peek(1).kind === 'ident') break; // a missing '}'
      if (t.kind === 'doc') {
        this.next();
        continue;
      }
      if (t.kind !== 'ident') {
        this.error(t.start, Math.max(t.end, t.start + 1), `expected a field name, found ${describeTok(t)}`);
        this.next();
        this.syncMember();
        continue;
      }
      const col = this.byIndent && this.startsLine(t) ? this.column(t.start) : undefined;
      this.next();
      const name = { text: t.text, start: t.start, end: t.end };
      if (!this.expect('=', `after ${t.text}`)) {
        out.push({ name, value: { kind: 'missing', start: t.end, end: t.end }, keep: false, start: t.start, end: t.end });
        this.syncMember();
        continue;
      }
      this.owner = { name: t.text, ...(col !== undefined ? { col } : {}) };
      const value = this.expr();
      this.owner = undefined;
      let keep = false;
      let end = value.end;
      if (this.is('@') && this.is('keep', 1)) {
        this.next();
        end = this.next().end;
        keep = true;
      }
      out.push({ name, value, keep, start: t.start, end });
      this.eat(',');
      this.eat(';');
    }
    return out;
  }

  /** `session NAME { attach { ... } STEP: TYPE { ... } ... }` (docs/language.md, "Sessions"). */
  private sessionDecl(start: number, doc: string | undefined): SessionDecl {
    const kw = this.next();
    const name = this.ident('a session name') ?? { text: '', start: kw.end, end: kw.end };
    const open = this.expect('{', `to open session ${name.text}`);
    let attach: AttachDecl | undefined;
    const steps: StepDecl[] = [];
    let close: Token | undefined;
    if (open) {
      while (!this.is('}') && this.peek().kind !== 'eof') {
        this.skipErrorTokens();
        if (this.is('}') || this.peek().kind === 'eof') break;
        const t0 = this.peek();
        if (t0.kind === 'ident' && TOP_KEYWORDS.has(t0.text) && this.peek(1).kind === 'ident') break; // a missing '}'
        const sdoc = this.docs();
        const t = this.peek();
        if (t.kind === 'ident' && t.text === 'attach' && this.is('{', 1)) {
          this.next();
          const o = this.next();
          const body = this.assignments();
          const c = this.expect('}', 'to close attach');
          const node: AttachDecl = { keyword: { text: t.text, start: t.start, end: t.end }, body, closed: c !== undefined, start: t.start, end: c?.end ?? body[body.length - 1]?.end ?? o.end };
          if (attach) this.error(t.start, t.end, `session ${name.text} has two attach blocks`, DiagCode.Duplicate);
          else attach = node;
          continue;
        }
        if (t.kind !== 'ident') {
          this.error(t.start, Math.max(t.end, t.start + 1), `expected a step (name: Type { ... }) or attach { ... }, found ${describeTok(t)}`);
          this.next();
          this.syncMember();
          continue;
        }
        this.next();
        const sname = { text: t.text, start: t.start, end: t.end };
        let type: Ident | undefined;
        if (this.expect(':', `and the step's packet type after ${t.text}`)) type = this.ident('a packet type (a request layout)');
        const so = this.expect('{', `to open step ${t.text}`);
        if (!so) {
          this.syncMember();
          continue;
        }
        const body = this.assignments();
        const sc = this.expect('}', `to close step ${t.text}`);
        steps.push({
          name: sname, type, body, ...(sdoc !== undefined ? { doc: sdoc } : {}), bodyStart: so.end, closed: sc !== undefined,
          start: t.start, end: sc?.end ?? body[body.length - 1]?.end ?? so.end,
        });
      }
      close = this.expect('}', `to close session ${name.text}`);
    }
    const last = steps[steps.length - 1]?.end ?? attach?.end ?? name.end;
    return {
      kind: 'session', name, ...(attach ? { attach } : {}), steps, ...(doc !== undefined ? { doc } : {}), start,
      end: close?.end ?? last, bodyStart: open?.end ?? name.end, closed: close !== undefined,
    };
  }

  private hasNestedValue(body: readonly Assignment[]): boolean {
    return body.some((a) => a.value.kind === 'struct');
  }

  /** Column of offset `at` (characters since the line's start). */
  private column(at: number): number {
    return at - (this.text.lastIndexOf('\n', at - 1) + 1);
  }

  /** Whether token `t` is the first on its line (so its column is the line's indentation). */
  private startsLine(t: Token): boolean {
    const prev = this.toks[this.tokenIndex(t) - 1];
    return prev !== undefined && this.text.lastIndexOf('\n', t.start - 1) >= prev.end;
  }

  private tokenIndex(t: Token): number {
    return t === this.peek() ? this.pos : this.toks.indexOf(t);
  }

  /**
   * While re-reading an unclosed packet by indentation: whether the next line is no longer
   * inside the nested value whose field starts at column `owner` (a field at or left of that
   * column, or a '}' left of it). Only lines that begin with the token count; both columns are
   * then measured from a newline inside the packet, so a packet parsed alone (incremental.ts)
   * reads the same.
   */
  private leavesStruct(owner: number): boolean {
    if (!this.byIndent) return false;
    const t = this.peek();
    if (!this.startsLine(t)) return false;
    const col = this.column(t.start);
    return t.kind === 'punct' && t.text === '}' ? col < owner : col <= owner;
  }

  private decodeDecl(start: number, doc: string | undefined): DecodeDecl {
    const kw = this.next();
    const keyword = { text: kw.text, start: kw.start, end: kw.end };
    let as: Ident | undefined;
    let reply: Ident | undefined;
    if (this.is('reply') && this.peek(1).kind === 'ident') {
      const r = this.next();
      reply = { text: r.text, start: r.start, end: r.end };
    }
    if (this.peek().kind === 'ident') {
      const t = this.next();
      as = { text: t.text, start: t.start, end: t.end };
    }
    const open = this.expect('{', 'to open the hex bytes');
    let hex: DecodeDecl['hex'];
    let end = as?.end ?? kw.end;
    if (open && this.peek().kind === 'hexbody') {
      const b = this.next();
      const close = this.peek().kind === 'punct' && this.peek().text === '}' ? this.next() : undefined;
      if (!close) this.skipErrorTokens();
      end = close?.end ?? b.end;
      hex = { kind: 'hex', text: b.text, bodyStart: b.start, start: open.start, end };
    }
    return { kind: 'decode', keyword, ...(as ? { as } : {}), ...(reply ? { reply } : {}), hex, ...(doc !== undefined ? { doc } : {}), start, end };
  }

  /** value := term ('|' term)* */
  expr(): Expr {
    const first = this.term();
    if (!this.is('|')) return first;
    const parts = [first];
    while (this.eat('|')) parts.push(this.term());
    return { kind: 'or', parts, start: first.start, end: parts[parts.length - 1]!.end };
  }

  /**
   * Whether the next tokens cannot be a value but start what follows one: the next field
   * (`name =` on a new line), a new item (`packet p`), a '}' or the end. A value cut short (`a = X |` or
   * `a =` at the end of a line) must not take the next line's field name as a constant, or
   * everything after it is parsed in the wrong scope.
   */
  private atValueEnd(): boolean {
    const t = this.peek();
    if (t.kind === 'eof' || this.is('}')) return true;
    if (t.kind !== 'ident') return false;
    if (TOP_KEYWORDS.has(t.text) && this.peek(1).kind === 'ident') return true;
    // Only at the start of a line: `a = X` then a line `= 4` (a field that lost its name) keeps X as a's value.
    return this.is('=', 1) && this.startsLine(t);
  }

  private term(): Expr {
    const owner = this.owner;
    this.owner = undefined;
    const skipped = this.skipErrorTokens();
    const t = this.peek();
    if (this.atValueEnd()) {
      // After an error token (an unterminated string, `12ab`) the value was that token: its error stands alone.
      if (skipped) return { kind: 'missing', start: t.start, end: t.start };
      const prev = this.toks[this.pos - 1];
      const after = prev && (prev.text === '=' || prev.text === '|' || prev.text === 'raw') ? ` after '${prev.text}'` : '';
      this.error(prev && after ? prev.start : t.start, prev && after ? prev.end : Math.max(t.end, t.start + 1), `expected a value${after}, found ${describeTok(t)}`);
      return { kind: 'missing', start: t.start, end: t.start };
    }
    switch (t.kind) {
      case 'number': {
        this.next();
        const clean = t.text.replace(/_/g, '');
        const neg = clean.startsWith('-');
        const body = neg ? clean.slice(1) : clean;
        const v = /^0x/i.test(body) ? parseInt(body.slice(2), 16) : parseInt(body, 10);
        return { kind: 'number', value: neg ? -v : v, text: t.text, start: t.start, end: t.end };
      }
      case 'string':
        this.next();
        return { kind: 'string', value: t.value ?? '', start: t.start, end: t.end };
      case 'guid':
        this.next();
        return { kind: 'guid', text: t.text, start: t.start, end: t.end };
      case 'ident': {
        if (t.text === 'null') {
          this.next();
          return { kind: 'null', start: t.start, end: t.end };
        }
        if (t.text === 'raw') {
          this.next();
          // `raw raw raw ...` recurses: bound it like nested values (one error, the rest skipped).
          if (this.depth >= MAX_NESTING) {
            this.error(t.start, t.end, `values nest deeper than ${MAX_NESTING} levels`, DiagCode.TooDeep);
            while (this.is('raw')) this.next();
          }
          this.depth++;
          const v = this.peek().kind === 'eof' || this.is('}') ? undefined : this.term();
          this.depth--;
          if (!v) this.error(t.end, t.end + 1, "expected a value after 'raw'");
          return { kind: 'raw', value: v, start: t.start, end: v?.end ?? t.end };
        }
        if (t.text === 'hex' && this.is('{', 1)) {
          this.next();
          const open = this.next();
          const body = this.peek().kind === 'hexbody' ? this.next() : undefined;
          const close = this.is('}') ? this.next() : undefined;
          if (!close) this.skipErrorTokens();
          return { kind: 'hex', text: body?.text ?? '', bodyStart: body?.start ?? open.end, start: t.start, end: close?.end ?? body?.end ?? open.end };
        }
        this.next();
        if (this.is('.') && this.peek(1).kind === 'ident') {
          // `STEP.FIELD`: a value from an earlier step's reply (sessions only; the checker says so elsewhere).
          this.next();
          const f = this.next();
          return { kind: 'ref', step: { text: t.text, start: t.start, end: t.end }, field: { text: f.text, start: f.start, end: f.end }, start: t.start, end: f.end };
        }
        return { kind: 'name', name: { text: t.text, start: t.start, end: t.end }, start: t.start, end: t.end };
      }
      case 'punct':
        if (t.text === '{') {
          if (this.depth >= MAX_NESTING) {
            this.error(t.start, t.end, `values nest deeper than ${MAX_NESTING} levels`, DiagCode.TooDeep);
            this.skipBalanced();
            return { kind: 'missing', start: t.start, end: this.peek().start };
          }
          this.next();
          this.depth++;
          const body = this.assignments(owner?.col);
          this.depth--;
          let close: Token | undefined;
          if (this.leftByIndent) {
            this.leftByIndent = false;
            // Pointed at the '{' left open: the token that ended the value belongs to an outer scope.
            // Pushed directly because errors inside the body may already lie past the '{'.
            const found = this.peek();
            this.errors.push({ start: t.start, end: t.end, message: `'{' of ${owner!.name} is not closed: expected '}' before ${describeTok(found)}`, code: DiagCode.Syntax });
          } else close = this.expect('}', `to close ${owner ? owner.name : 'the structure value'}`);
          return { kind: 'struct', body, closed: close !== undefined, start: t.start, end: close?.end ?? body[body.length - 1]?.end ?? t.end };
        }
        if (t.text === '[') return this.listValue(t);
        break;
      default:
        break;
    }
    this.error(t.start, Math.max(t.end, t.start + 1), `expected a value, found ${describeTok(t)}`);
    return { kind: 'missing', start: t.start, end: t.start };
  }

  /** `[ {...}, {...} ]`: a list's entries; each entry is a value (a structure, usually). */
  private listValue(t: Token): Expr {
    if (this.depth >= MAX_NESTING) {
      this.error(t.start, t.end, `values nest deeper than ${MAX_NESTING} levels`, DiagCode.TooDeep);
      while (this.peek().kind !== 'eof' && !this.is(']') && !this.is('}')) this.next();
      this.eat(']');
      return { kind: 'missing', start: t.start, end: this.peek().start };
    }
    this.next();
    this.depth++;
    const items: Expr[] = [];
    while (!this.is(']') && !this.is('}') && this.peek().kind !== 'eof') {
      const before = this.peek();
      if (before.kind === 'ident' && TOP_KEYWORDS.has(before.text) && this.peek(1).kind === 'ident') break;
      items.push(this.term());
      this.eat(',');
      if (this.peek() === before) this.next(); // never loop on a token no value can start with
    }
    this.depth--;
    const close = this.expect(']', 'to close the list');
    return { kind: 'list', items, closed: close !== undefined, start: t.start, end: close?.end ?? items[items.length - 1]?.end ?? t.end };
  }

  /** Skips to the ')' that closes the current parentheses (left for the caller), or a '}' or the end. */
  private skipToCloseParen(): void {
    let depth = 0;
    while (this.peek().kind !== 'eof' && !this.is('}')) {
      if (this.is(')')) {
        if (depth === 0) return;
        depth--;
      } else if (this.is('(')) depth++;
      this.next();
    }
  }

  private skipBalanced(): void {
    let depth = 0;
    while (this.peek().kind !== 'eof') {
      const t = this.next();
      if (t.kind === 'punct' && t.text === '{') depth++;
      else if (t.kind === 'punct' && t.text === '}' && --depth <= 0) return;
    }
  }
}

function describeTok(t: Token): string {
  switch (t.kind) {
    case 'eof':
      return 'the end of the file';
    case 'string':
      return `the string ${t.text.length > 30 ? t.text.slice(0, 30) + '..."' : t.text}`;
    case 'doc':
      return 'a doc comment';
    case 'hexbody':
      return 'hex bytes';
    default:
      return `'${t.text.length > 30 ? t.text.slice(0, 30) + '...' : t.text}'`;
  }
}

/** Parses a document. Never throws. */
export function parse(uri: string, text: string): SourceFile {
  const { tokens, comments } = scan(text);
  const p = new Parser(tokens, text);
  return p.file(uri, text, comments);
}

/**
 * A program: open documents, their imports and the built-in catalog, analysed together.
 * Analyses are cached per document text, so asking twice costs nothing.
 */
import type { AsyncEvent, CodecContext, DecodeOutcome, ReplyInfo, RequestOfId } from '../codec/index.js';
import { scanHex } from '../codec/index.js';
import type { DecodeDecl, ImportDecl, Item, SourceFile } from './ast.js';
import { reparse, type Reparse, shiftTree } from './incremental.js';
import { type CatalogData, CatalogScope, chainScopes } from './catalog-data.js';
import { type CheckedPacket, checkPacket } from './check.js';
import { decodeBytes, decodeReplyBytes, indexFor, issueText } from './codec-bridge.js';
import { DiagCode } from './codes.js';
import { type Compiled, compileDefinitions, type RawDiagnostic, type Scope } from './compile.js';
import { LineIndex } from './line-index.js';
import { parse } from './parser.js';
import { type CheckedSession, checkSession } from './session.js';

/** Limits on what the language service reads (README "Safety"). */
export const LANGUAGE_LIMITS = {
  /** Largest document parsed, in characters. */
  maxFileSize: 16 * 1024 * 1024,
  /** Deepest chain of imports followed. */
  maxImportDepth: 16,
};

/** How the service reaches files other than the open documents. */
export interface LanguageHost {
  /** Text of a file by URI, or undefined when it does not exist or may not be read. */
  readFile?(uri: string): string | undefined;
  /** The workspace folder URI that contains `uri`; imports may not leave it. */
  rootOf?(uri: string): string | undefined;
}

/** A hex block to decode, with where each byte sits in the text. */
export interface DecodedBlock {
  decl: DecodeDecl;
  bytes?: Uint8Array;
  /** Text offset of the first digit of byte i. */
  byteStarts: number[];
  outcome?: DecodeOutcome;
  /** For `decode reply NAME { ... }`: the request it answers and its return value. */
  reply?: ReplyInfo & { step?: string };
  /** For a reply to GetAsyncEvents: the events in its VarData. */
  events?: AsyncEvent[];
}

/** Everything known about one document. */
export interface Analysis {
  uri: string;
  text: string;
  file: SourceFile;
  lines: LineIndex;
  compiled: Compiled;
  /** Names visible in this document: its own, its imports', the catalog's. */
  scope: Scope;
  ctx: CodecContext;
  imports: { decl: ImportDecl; uri?: string; analysis?: Analysis }[];
  packets: CheckedPacket[];
  decodes: DecodedBlock[];
  /** Sessions, checked, with their plans when they have no errors. */
  sessions: CheckedSession[];
  /** Diagnostics of this document only. */
  diagnostics: RawDiagnostic[];
  /** Names this document offers to files that import it: its own and its imports'. */
  exportScope: Scope;
  /** For incremental analysis: the definitions' text, their scope, and each item's results. */
  defsKey: string;
  ownScope: Scope;
  results: Map<Item, ItemResult>;
}

/** Resolves `rel` against the directory of `base` (URI paths with '/'); undefined if it escapes `root`. */
export function resolveImport(base: string, rel: string, root: string | undefined): { uri?: string; error?: string } {
  if (/^[a-zA-Z][\w+.-]*:/.test(rel) || rel.startsWith('/') || rel.startsWith('\\') || /^[a-zA-Z]:[\\/]/.test(rel)) {
    return { error: `import paths are relative to the importing file; '${rel}' is absolute` };
  }
  const cut = base.lastIndexOf('/');
  const dir = cut >= 0 ? base.slice(0, cut) : '';
  const m = /^([a-zA-Z][\w+.-]*:\/\/[^/]*)(.*)$/.exec(dir);
  const prefix = m ? m[1]! : '';
  const parts = (m ? m[2]! : dir).split('/');
  for (const seg of rel.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length <= 1) return { error: `'${rel}' leaves the workspace` };
      parts.pop();
    } else parts.push(seg);
  }
  const uri = prefix + parts.join('/');
  const top = root ?? dir;
  if (!(uri === top || uri.startsWith(top.endsWith('/') ? top : top + '/'))) return { error: `'${rel}' is outside the workspace folder; imports must stay inside it` };
  return { uri };
}

/** A decode block's bytes, and where each byte's digits are in the document (the codec's one hex reader). */
function hexBytes(text: string, bodyStart: number): { bytes?: Uint8Array; starts: number[]; error?: { at: number; message: string } } {
  const r = scanHex(text, { comments: true, positions: true });
  const starts = r.starts.map((s) => bodyStart + s);
  if ('bytes' in r) return { bytes: r.bytes, starts };
  return { starts, error: { at: bodyStart + r.at, message: r.odd ? 'odd number of hex digits' : `'${r.char}' is not a hex digit` } };
}

/** The analysis engine. */
export class Program {
  readonly catalog: CatalogScope;
  private readonly cache = new Map<string, Analysis>();
  private readonly docs = new Map<string, string>();

  constructor(
    catalog: CatalogData,
    private readonly host: LanguageHost = {},
  ) {
    this.catalog = new CatalogScope(catalog);
  }

  /** Sets the text of an open document. */
  setText(uri: string, text: string): void {
    this.docs.set(uri, text);
  }

  /** Forgets an open document. */
  remove(uri: string): void {
    this.docs.delete(uri);
    this.cache.delete(uri);
  }

  /** Text of a document: open ones first, then the host. */
  textOf(uri: string): string | undefined {
    return this.docs.get(uri) ?? this.catalog.data.sources.find((s) => s.uri === uri)?.text ?? this.host.readFile?.(uri);
  }

  /** Analyses a document (cached while its text and its imports' texts are unchanged). */
  analyze(uri: string, text?: string): Analysis {
    if (text !== undefined) this.docs.set(uri, text);
    return this.run(uri, this.textOf(uri) ?? '', [], this.host.rootOf?.(uri));
  }

  private run(uri: string, text: string, stack: string[], root: string | undefined): Analysis {
    const hit = this.cache.get(uri);
    if (hit && hit.text === text && hit.imports.every((i) => !i.uri || !i.analysis || this.textOf(i.uri) === i.analysis.text)) return hit;
    const lines = new LineIndex(text);
    const diagnostics: RawDiagnostic[] = [];
    let file: SourceFile;
    let re: Reparse | undefined;
    if (text.length > LANGUAGE_LIMITS.maxFileSize) {
      file = { uri, text, items: [], errors: [], comments: [] };
      diagnostics.push({ uri, start: 0, end: 1, severity: 'error', code: DiagCode.FileTooLarge, message: `the file is ${text.length} characters; tapipkt reads files up to ${LANGUAGE_LIMITS.maxFileSize}` });
    } else {
      // Only the items an edit touches are parsed again (see incremental.ts).
      re = hit && hit.text.length <= LANGUAGE_LIMITS.maxFileSize ? reparse(hit.file, text) : undefined;
      file = re?.file ?? parse(uri, text);
    }
    const kept = this.keptResults(hit, re);
    for (const e of file.errors) diagnostics.push({ uri, start: e.start, end: e.end, severity: 'error', code: e.code, message: e.message });
    const imports: Analysis['imports'] = [];
    const importScopes: Scope[] = [];
    for (const it of file.items) {
      if (it.kind !== 'import' || !it.path) continue;
      const at = it.path;
      const r = resolveImport(uri, at.value, root);
      if (!r.uri) {
        diagnostics.push({ uri, start: at.start, end: at.end, severity: 'error', code: DiagCode.ImportOutside, message: r.error ?? 'bad import' });
        imports.push({ decl: it });
        continue;
      }
      if (stack.includes(r.uri) || r.uri === uri) {
        diagnostics.push({ uri, start: at.start, end: at.end, severity: 'error', code: DiagCode.ImportCycle, message: `import cycle: ${[...stack, uri, r.uri].map(baseName).join(' -> ')}` });
        imports.push({ decl: it, uri: r.uri });
        continue;
      }
      if (stack.length >= LANGUAGE_LIMITS.maxImportDepth) {
        diagnostics.push({ uri, start: at.start, end: at.end, severity: 'error', code: DiagCode.ImportTooDeep, message: `imports nest deeper than ${LANGUAGE_LIMITS.maxImportDepth} files` });
        imports.push({ decl: it, uri: r.uri });
        continue;
      }
      const t = this.textOf(r.uri);
      if (t === undefined) {
        diagnostics.push({ uri, start: at.start, end: at.end, severity: 'error', code: DiagCode.ImportNotFound, message: `cannot read '${at.value}'` });
        imports.push({ decl: it, uri: r.uri });
        continue;
      }
      const sub = this.run(r.uri, t, [...stack, uri], root);
      // Errors anywhere down the import chain (an import 16 deep, a cycle) show at this import.
      const bad = errorsInChain(sub);
      if (bad) diagnostics.push({ uri, start: at.start, end: at.end, severity: 'warning', code: DiagCode.ImportNotFound, message: `'${at.value}' has ${bad} error${bad === 1 ? '' : 's'} (in it or in the files it imports)` });
      imports.push({ decl: it, uri: r.uri, analysis: sub });
      importScopes.push(sub.exportScope);
    }
    // Definitions are compiled again only when their text changed; packets and decode blocks
    // whose text did not change keep their results.
    const defsKey = definitionsKey(file);
    // No closure here may capture `hit`: closures of run() share one context, and ctx lives on in
    // the new analysis, so a captured `hit` chained every old analysis of the document (a leak).
    const prevImports = hit?.imports;
    const sameImports = prevImports !== undefined && imports.length === prevImports.length && imports.every((x, i) => x.uri === prevImports[i]!.uri && x.analysis === prevImports[i]!.analysis);
    // Compiled layouts remember where they were defined, so definitions that moved are compiled again.
    const defsMoved = re !== undefined && re.delta !== 0 && re.after.some((it) => it.kind !== 'packet' && it.kind !== 'decode' && it.kind !== 'session');
    const reuseDefs = kept !== undefined && hit !== undefined && sameImports && !defsMoved && hit.defsKey === defsKey;
    let compiled: Compiled;
    let scope: Scope;
    let ctx: CodecContext;
    let own: Scope;
    if (reuseDefs) {
      compiled = hit.compiled;
      own = hit.ownScope;
      scope = hit.scope;
      ctx = hit.ctx;
    } else {
      const outer = chainScopes([...importScopes, this.catalog]);
      compiled = compileDefinitions(file, outer);
      own = scopeOf(compiled);
      scope = chainScopes([own, outer]);
      ctx = contextOf(scope, this.catalog);
    }
    diagnostics.push(...compiled.diagnostics);
    const packets: CheckedPacket[] = [];
    const decodes: DecodedBlock[] = [];
    const names = new Set<string>();
    const results = new Map<Item, ItemResult>();
    const checkScope: Scope = { ...scope, layout: ctx.layout };
    // Sessions are checked every time (few, and their steps' results depend on each other);
    // they come first because a `decode reply STEP` block anywhere in the file reads them.
    const sessions: CheckedSession[] = [];
    const sessionNames = new Set<string>();
    for (const it of file.items) {
      if (it.kind !== 'session') continue;
      if (it.name.text && sessionNames.has(it.name.text)) diagnostics.push({ uri, start: it.name.start, end: it.name.end, severity: 'error', code: DiagCode.Duplicate, message: `session '${it.name.text}' is already defined` });
      sessionNames.add(it.name.text);
      const cs = checkSession(uri, it, checkScope, ctx);
      sessions.push(cs);
      diagnostics.push(...cs.diagnostics);
    }
    for (const it of file.items) {
      if (it.kind !== 'packet' && it.kind !== 'decode') continue;
      if (it.kind === 'packet') {
        if (it.name.text && names.has(it.name.text)) diagnostics.push({ uri, start: it.name.start, end: it.name.end, severity: 'error', code: DiagCode.Duplicate, message: `packet '${it.name.text}' is already defined` });
        names.add(it.name.text);
      }
      // A reply block depends on the sessions' steps, which are checked afresh: so is it.
      let r = reuseDefs && !(it.kind === 'decode' && it.reply) ? kept.get(it) : undefined;
      if (!r) {
        if (it.kind === 'packet') {
          const cp = checkPacket(uri, it, checkScope, ctx, { own: compiled.layouts, catalog: this.catalog });
          r = { packet: cp, diagnostics: cp.diagnostics };
        } else {
          const ds: RawDiagnostic[] = [];
          r = { decode: this.decodeBlock(uri, it, ctx, ds, sessions), diagnostics: ds };
        }
      }
      results.set(it, r);
      if (r.packet) packets.push(r.packet);
      if (r.decode) decodes.push(r.decode);
      diagnostics.push(...r.diagnostics);
    }
    const a: Analysis = {
      uri, text, file, lines, compiled, scope, ctx, imports, packets, decodes, sessions, diagnostics,
      exportScope: chainScopes([own, ...importScopes]), defsKey, ownScope: own, results,
    };
    this.cache.set(uri, a);
    return a;
  }

  /**
   * Results of the previous analysis for the items an incremental parse kept, with the
   * offsets of those after the edit moved (their syntax trees were moved by reparse()).
   */
  private keptResults(hit: Analysis | undefined, re: Reparse | undefined): Map<Item, ItemResult> | undefined {
    if (!hit || !re) return undefined;
    const kept = new Map<Item, ItemResult>();
    for (const it of re.before) {
      const r = hit.results.get(it);
      if (r) kept.set(it, r);
    }
    for (const it of re.after) {
      const r = hit.results.get(it);
      if (!r) continue;
      shiftTree(r.diagnostics, re.delta);
      if (r.decode) r.decode.byteStarts = r.decode.byteStarts.map((x) => x + re.delta);
      kept.set(it, r);
    }
    return kept;
  }

  private decodeBlock(uri: string, it: DecodeDecl, ctx: CodecContext, diagnostics: RawDiagnostic[], sessions: readonly CheckedSession[]): DecodedBlock {
    if (!it.hex) return { decl: it, byteStarts: [] };
    const hb = hexBytes(it.hex.text, it.hex.bodyStart);
    if (!hb.bytes) {
      const at = hb.error!.at;
      diagnostics.push({ uri, start: at, end: at + 1, severity: 'error', code: DiagCode.BadHex, message: hb.error!.message });
      return { decl: it, byteStarts: hb.starts };
    }
    let reply: DecodedBlock['reply'];
    let events: AsyncEvent[] | undefined;
    let outcome: DecodeOutcome;
    if (it.reply && it.as) {
      // `decode reply NAME`: NAME is a step of a session in this file, else a request layout.
      const name = it.as.text;
      const steps = sessions.flatMap((s) => s.steps.filter((st) => st.decl.name.text === name));
      const L = steps[0]?.layout ?? ctx.layout(name);
      if (steps.length > 1) diagnostics.push({ uri, start: it.as.start, end: it.as.end, severity: 'warning', code: DiagCode.Duplicate, message: `${steps.length} sessions have a step '${name}'; decoding as the reply of the first (${L?.name ?? 'unknown type'})` });
      if (!L) {
        const sugg = sessions.flatMap((s) => s.steps.map((st) => st.decl.name.text));
        diagnostics.push({ uri, start: it.as.start, end: it.as.end, severity: 'error', code: DiagCode.UnknownStep, message: `'${name}' is neither a step of a session in this file nor a request layout`, data: { suggestions: sugg } });
        return { decl: it, bytes: hb.bytes, byteStarts: hb.starts };
      }
      const ro = decodeReplyBytes(indexFor(ctx, this.catalog), hb.bytes, L.name, requestsOf(sessions, name));
      outcome = ro;
      if (ro.reply) reply = { ...ro.reply, ...(steps.length ? { step: name } : {}) };
      events = ro.events;
    } else outcome = decodeBytes(indexFor(ctx, this.catalog), hb.bytes, it.as ? { as: it.as.text } : {});
    const where = (off: number | undefined): { start: number; end: number } => {
      if (off === undefined || hb.starts.length === 0) return { start: it.hex!.start, end: it.hex!.end };
      // Bytes missing past the end (a short block): the block's start, where `decode` is, not its last byte.
      if (off >= hb.starts.length) return { start: it.start, end: it.hex!.start + 1 };
      const s = hb.starts[Math.min(off, hb.starts.length - 1)]!;
      return { start: s, end: s + 2 };
    };
    if (outcome.chosenBy) diagnostics.push({ uri, ...{ start: it.keyword.start, end: it.keyword.end }, severity: 'info', code: DiagCode.DecodeProblem, message: `decoded ${hb.bytes.length} bytes: ${outcome.chosenBy}` });
    for (const i of outcome.issues) {
      diagnostics.push({
        uri, ...where(i.offset), severity: i.severity, code: i.code,
        message: issueText(i, true), ...(i.section ? { section: i.section } : {}),
      });
    }
    if (reply) diagnostics.push({ uri, start: it.keyword.start, end: it.keyword.end, severity: 'info', code: DiagCode.DecodeProblem, message: `reply to ${reply.step ? `step ${reply.step} (${reply.to})` : reply.to}: Ack_ReturnValue = 0x${reply.Ack_ReturnValue.toString(16).padStart(8, '0')}` });
    events?.forEach((e, i) => {
      const s = hb.starts[Math.min(e.at, hb.starts.length - 1)]!;
      diagnostics.push({ uri, start: s, end: s + 2, severity: 'info', code: DiagCode.DecodeProblem, message: `event ${i + 1} (bytes ${e.at}..${e.at + e.size - 1}): ${e.outcome.layout?.name ?? 'not decoded'}${e.outcome.chosenBy ? ` (${e.outcome.chosenBy})` : ''}` });
    });
    return { decl: it, bytes: hb.bytes, byteStarts: hb.starts, outcome, ...(reply ? { reply } : {}), ...(events ? { events } : {}) };
  }
}

/**
 * For a GetAsyncEvents reply of step `step`: the request a LINE_REPLY answers, from the
 * dwRequestID values the steps of the same session(s) set.
 */
function requestsOf(sessions: readonly CheckedSession[], step: string): RequestOfId {
  const ids = new Map<number, { layout: string; why: string }>();
  for (const s of sessions) {
    if (!s.steps.some((x) => x.decl.name.text === step)) continue;
    for (const x of s.steps) {
      const v = x.packet.fields?.['dwRequestID'];
      if (x.layout && typeof v === 'number' && !ids.has(v)) ids.set(v, { layout: x.layout.name, why: `dwRequestID ${v}, step ${x.decl.name.text} (${x.layout.name})` });
    }
  }
  return (id) => ids.get(id);
}

/** Errors of a document and of every file it imports, each file counted once. */
function errorsInChain(a: Analysis, seen = new Set<string>()): number {
  if (seen.has(a.uri)) return 0;
  seen.add(a.uri);
  let n = a.diagnostics.filter((d) => d.severity === 'error').length;
  for (const i of a.imports) if (i.analysis) n += errorsInChain(i.analysis, seen);
  return n;
}

/** What one packet or decode block produced. */
interface ItemResult {
  packet?: CheckedPacket;
  decode?: DecodedBlock;
  diagnostics: RawDiagnostic[];
}

/** The text of every definition and import: when it is unchanged, compiled definitions are reused. */
function definitionsKey(file: SourceFile): string {
  let k = '';
  for (const it of file.items) if (it.kind !== 'packet' && it.kind !== 'decode' && it.kind !== 'session') k += file.text.slice(it.start, it.end) + '\u0000';
  return k;
}

/** The codec's view of a scope (made outside Program.run so its closures capture nothing else). */
function contextOf(sc: Scope, catalog: CatalogScope): CodecContext {
  return { layout: (n) => sc.layout(n) ?? catalog.bySection.get(n), constant: (n) => sc.constant(n) };
}

function scopeOf(c: Compiled): Scope {
  const layouts = new Map(c.layouts.map((l) => [l.name, l]));
  const tables = new Map(c.tables.map((t) => [t.name, t]));
  const aliases = new Map(c.aliases.map((a) => [a.name, a]));
  const consts = new Map<string, number>();
  for (const t of c.tables) for (const e of t.entries) consts.set(e.name, e.value);
  return { layout: (n) => layouts.get(n), table: (n) => tables.get(n), alias: (n) => aliases.get(n), constant: (n) => consts.get(n) };
}

function baseName(uri: string): string {
  return uri.slice(uri.lastIndexOf('/') + 1);
}

/**
 * The language service: pure functions over document text and offsets, in the style of
 * vscode-json-languageservice. The editor glue and the CLI call these; nothing here knows
 * about `vscode`, files or processes.
 */
import { type PacketInput, type Span, type StructInput, type TopExtras, toHex } from '../codec/index.js';
import type { CatalogData } from './catalog-data.js';
import { decodeBytes } from './codec-bridge.js';
import type { RawDiagnostic } from './compile.js';
import type { Diagnostic, DecodeText, LanguageService, LanguageServiceCore, LayoutTargetInfo, PacketEncoding, Range, SessionSummary } from './language-service.js';
import type { Position } from './line-index.js';
import { programOf, registerProgram } from './service-internals.js';
import { printPacket } from './print.js';
import { sessionPlan, type SessionPlanResult } from './session-export.js';
import { packetDiagnostics } from './packet-diagnostics.js';
import { type Analysis, type LanguageHost, Program } from './program.js';
import { getCodeActions } from './features/code-actions.js';
import { getCodeLenses, getSessionLenses } from './features/code-lens.js';
import { type CompletionList, getCompletionList, getCompletions } from './features/completion.js';
import { createFeatureContext } from './features/context.js';
import { getDefinition } from './features/definition.js';
import { getFoldingRanges } from './features/folding.js';
import { getHover } from './features/hover.js';
import { getInlayHints } from './features/inlay-hints.js';
import { getDecodeHints } from './features/decode-hints.js';
import { getLayout, type LayoutViewModel, type LayoutTarget, layoutTargetAt, layoutTargets } from './features/layout.js';
import { checkRename, getReferences, prepareRename, rename } from './features/references.js';
import { getSemanticTokens } from './features/semantic-tokens.js';
import { getDocumentSymbols, getWorkspaceSymbols, type WorkspaceSymbol } from './features/symbols.js';
import type {
  CodeAction, CodeLensInfo, SessionLensInfo, CompletionItem, DocumentSymbol, FoldingRange, Hover, InlayHint, Location, SemanticToken, TextEdit,
} from './features/types.js';

export type { Diagnostic, DecodeText, LanguageService, LanguageServiceCore, LayoutTargetInfo, PacketEncoding, Range, SessionSummary } from './language-service.js';

function toRequest(packet: string, fields: StructInput, extras: TopExtras): PacketInput {
  const req: PacketInput = { packet, fields };
  if (extras.varData) req.varData = { hex: toHex(extras.varData) };
  if (extras.padTo !== undefined) req.padTo = extras.padTo;
  return req;
}

/** Options of the service. */
export interface LanguageServiceOptions {
  catalog: CatalogData;
  host?: LanguageHost;
}

/** Creates the core of the language service over a catalog. */
export function createLanguageServiceCore(options: LanguageServiceOptions): LanguageServiceCore {
  const program = new Program(options.catalog, options.host ?? {});

  const analyze = (uri: string): Analysis => program.analyze(uri);

  const toDiagnostic = (a: Analysis, d: RawDiagnostic): Diagnostic => ({
    ...d,
    range: { start: a.lines.positionAt(d.start), end: a.lines.positionAt(d.end) },
  });

  const packetsOf = (a: Analysis): PacketEncoding[] => {
    const inSpan = packetDiagnostics(a);
    return a.packets.map((p) => {
      const diagnostics = (inSpan.get(p) ?? p.diagnostics).map((d) => toDiagnostic(a, d));
      const errors = diagnostics.filter((d) => d.severity === 'error');
      const ok = errors.length === 0;
      return {
        uri: a.uri,
        name: p.decl.name.text,
        ...(p.layout ? { type: p.layout.name } : {}),
        range: { start: p.decl.start, end: p.decl.end },
        nameRange: { start: p.decl.name.start, end: p.decl.name.end },
        ...(ok && p.encoded?.bytes ? { bytes: p.encoded.bytes } : {}),
        ...(ok && p.fields && p.layout ? { request: toRequest(p.layout.name, p.fields, p.extras) } : {}),
        get spans(): Span[] {
          return ok ? (p.encoded?.spans ?? []) : [];
        },
        diagnostics,
        errors,
      };
    });
  };

  const versions = new WeakMap<Analysis, number>();
  let lastVersion = 0;

  const service: LanguageServiceCore = {
    /** Sets the current text of an open document. */
    update(uri: string, text: string): void {
      program.setText(uri, text);
    },
    /** Forgets a closed document. */
    close(uri: string): void {
      program.remove(uri);
    },
    getText(uri: string): string | undefined {
      return program.textOf(uri);
    },
    getVersion(uri: string): number {
      const a = analyze(uri);
      let v = versions.get(a);
      if (v === undefined) versions.set(a, (v = ++lastVersion));
      return v;
    },
    getDependencies(uri: string): string[] {
      const seen = new Set<string>();
      const walk = (a: Analysis): void => {
        for (const i of a.imports) {
          if (!i.uri || seen.has(i.uri)) continue;
          seen.add(i.uri);
          if (i.analysis) walk(i.analysis);
        }
      };
      walk(analyze(uri));
      return [...seen];
    },
    getDependents(changed: string, uris: readonly string[]): string[] {
      const memo = new Map<Analysis, boolean>();
      const stale = new Set<string>();
      const dependsOn = (a: Analysis): boolean => {
        const known = memo.get(a);
        if (known !== undefined) return known;
        memo.set(a, false); // an import cycle ends here
        let hit = false;
        for (const i of a.imports) {
          if (i.uri === changed) hit = true;
          if (i.analysis && dependsOn(i.analysis)) hit = true;
        }
        memo.set(a, hit);
        if (hit) stale.add(a.uri);
        return hit;
      };
      for (const uri of uris) dependsOn(analyze(uri));
      return [...stale];
    },
    getSessions(uri: string): SessionSummary[] {
      return analyze(uri).sessions.map((s) => ({ name: s.decl.name.text, range: { start: s.decl.start, end: s.decl.end }, steps: s.decl.steps.length }));
    },
    /** Line/column of an offset in a document. */
    positionAt(uri: string, offset: number): Position {
      return analyze(uri).lines.positionAt(offset);
    },
    /** Offset of a line/column in a document. */
    offsetAt(uri: string, pos: Position): number {
      return analyze(uri).lines.offsetAt(pos);
    },
    /** Every diagnostic of a document: syntax, semantics, and server rules broken. */
    getDiagnostics(uri: string): Diagnostic[] {
      const a = analyze(uri);
      return a.diagnostics.map((d) => toDiagnostic(a, d));
    },
    /** Every packet of a document, encoded where possible. */
    getPackets(uri: string): PacketEncoding[] {
      return packetsOf(analyze(uri));
    },
    /**
     * The packet at an offset (the one whose declaration contains it), or the document's only
     * packet; undefined when there is none or several and none contains the offset.
     */
    encodeAt(uri: string, offset: number): PacketEncoding | undefined {
      const all = packetsOf(analyze(uri));
      return all.find((p) => offset >= p.range.start && offset <= p.range.end) ?? (all.length === 1 ? all[0] : undefined);
    },
    /** Encodes the packet with the given name. */
    encodeNamed(uri: string, name: string): PacketEncoding | undefined {
      return packetsOf(analyze(uri)).find((p) => p.name === name);
    },
    /** The plan of session `name` (or the document's only one) and its reply tables, or why not (docs/language.md, "Sessions"). */
    sessionPlan(uri: string, name?: string): SessionPlanResult {
      return sessionPlan(analyze(uri), name);
    },
    /**
     * Decodes bytes into a `.tapipkt` packet that encodes back to exactly these bytes;
     * `offsets` ends each field's line with a comment giving its offset and size.
     */
    decodeToText(bytes: Uint8Array, opts: { as?: string; name?: string; offsets?: boolean } = {}): DecodeText {
      // The program's catalog scope is the catalog's one index: decoding and printing share it.
      const scope = program.catalog;
      const out = decodeBytes(scope, bytes, opts.as !== undefined ? { as: opts.as } : {});
      const text = out.request.packet ? printPacket(opts.name ?? 'decoded', out.request, scope, opts.offsets ? { spans: out.spans, length: bytes.length } : {}) : '';
      return { text, request: out.request, ...(out.layout ? { layout: out.layout } : {}), issues: out.issues, ...(out.chosenBy ? { chosenBy: out.chosenBy } : {}) };
    },
  };
  registerProgram(service, program);
  return service;
}

/**
 * Creates the full language service: the core plus the editor features (hover, completion,
 * symbols, navigation, rename, folding, semantic tokens, inlay hints, code lenses, quick
 * fixes). Every feature is a pure function over the cached analysis; none throws on user text.
 */
export function createLanguageService(options: LanguageServiceOptions & { openUris?: () => string[] }): LanguageService {
  const core = createLanguageServiceCore(options);
  const program = programOf(core);
  const open = new Set<string>();
  const openUris = (): string[] => (options.openUris ? [...new Set([...open, ...options.openUris()])] : [...open]);
  const ctx = createFeatureContext(program, openUris);
  const analyze = (uri: string): Analysis => program.analyze(uri);
  const service: LanguageService = {
    ...core,
    /** Sets the current text of an open document. */
    update(uri: string, text: string): void {
      open.add(uri);
      core.update(uri, text);
    },
    /** Forgets a closed document. */
    close(uri: string): void {
      open.delete(uri);
      core.close(uri);
    },
    /** Markdown hover at an offset: wire facts of fields, layouts, constants, decoded bytes. */
    getHover(uri: string, offset: number): Hover | undefined {
      return getHover(ctx, analyze(uri), offset);
    },
    /** Completions at an offset; works on incomplete text. */
    getCompletions(uri: string, offset: number): CompletionItem[] {
      return getCompletions(ctx, analyze(uri), offset);
    },
    /** Completions at an offset, and whether typing more should ask again (`isIncomplete`). */
    getCompletionList(uri: string, offset: number): CompletionList {
      return getCompletionList(ctx, analyze(uri), offset);
    },
    /** The outline of a document. */
    getDocumentSymbols(uri: string): DocumentSymbol[] {
      return getDocumentSymbols(analyze(uri));
    },
    /** Definitions and packets matching `query` in `uris` (default: the open documents), plus the built-in catalog's. */
    getWorkspaceSymbols(query: string, uris: string[] = openUris()): WorkspaceSymbol[] {
      return getWorkspaceSymbols(ctx, query, uris);
    },
    /** Where the name (or import path) at an offset is declared. */
    getDefinition(uri: string, offset: number): Location[] {
      return getDefinition(ctx, analyze(uri), offset);
    },
    /** Uses of the name at an offset in the document and the open documents. */
    getReferences(uri: string, offset: number, includeDeclaration: boolean): Location[] {
      return getReferences(ctx, analyze(uri), offset, includeDeclaration);
    },
    /** The range of a renamable name at an offset; undefined for catalog and built-in names. */
    prepareRename(uri: string, offset: number): Range | undefined {
      return prepareRename(ctx, analyze(uri), offset);
    },
    /** The range of the name to rename at an offset, or why it cannot be renamed. */
    checkRename(uri: string, offset: number): Range | { error: string } {
      return checkRename(ctx, analyze(uri), offset);
    },
    /** Edits renaming the name at an offset, or why it cannot be renamed. */
    rename(uri: string, offset: number, newName: string): TextEdit[] | { error: string } {
      return rename(ctx, analyze(uri), offset, newName);
    },
    /** Folding ranges of a document. */
    getFoldingRanges(uri: string): FoldingRange[] {
      return getFoldingRanges(analyze(uri));
    },
    /** Semantic tokens of a document. */
    getSemanticTokens(uri: string): SemanticToken[] {
      return getSemanticTokens(ctx, analyze(uri));
    },
    /** Inlay hints in a range: computed offsets and sizes; every field offset with `offsets`; what each decode block decoded as. */
    getInlayHints(uri: string, range: Range, opts: { offsets: boolean } = { offsets: false }): InlayHint[] {
      const a = analyze(uri);
      const decoded = getDecodeHints(a, range);
      const hints = getInlayHints(a, range, opts);
      return decoded.length ? [...hints, ...decoded].sort((x, y) => x.offset - y.offset) : hints;
    },
    /** What the layout view shows for a packet (by name) or a decode block (by index); undefined when it is gone. */
    getLayout(uri: string, target: LayoutTarget): LayoutViewModel | undefined {
      return getLayout(analyze(uri), target);
    },
    /** The packet or decode block at an offset, or the document's only one. */
    layoutTargetAt(uri: string, offset: number): LayoutTarget | undefined {
      return layoutTargetAt(analyze(uri), offset);
    },
    /** Every packet and decode block of a document, for a picker. */
    layoutTargets(uri: string): LayoutTargetInfo[] {
      return layoutTargets(analyze(uri));
    },
    /** One lens per packet with its encoded size. */
    getCodeLenses(uri: string): CodeLensInfo[] {
      return getCodeLenses(analyze(uri));
    },
    /** One lens per session, for the export commands. */
    getSessionLenses(uri: string): SessionLensInfo[] {
      return getSessionLenses(analyze(uri));
    },
    /** Quick fixes for the given diagnostics (default: the document's own) that overlap a range. */
    getCodeActions(uri: string, range: Range, diagnostics?: readonly RawDiagnostic[]): CodeAction[] {
      const a = analyze(uri);
      return getCodeActions(a, range, diagnostics ?? a.diagnostics);
    },
  };
  registerProgram(service, program);
  return service;
}

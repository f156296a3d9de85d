/**
 * The declared surface of the language service (as vscode-json-languageservice declares its
 * `LanguageService`): everything the extension, the CLI and the library may call. Offsets in,
 * plain data out; the analysis engine behind it is not part of the contract, so the callers
 * cannot come to depend on its shape.
 */
import type { CodecIssue, Layout, PacketInput, Span } from '../codec/index.js';
import type { RawDiagnostic } from './compile.js';
import type { Position } from './line-index.js';
import type { SessionPlanResult } from './session-export.js';
import type { CompletionList } from './features/completion.js';
import type { LayoutTarget, LayoutViewModel } from './features/layout.js';
import type { WorkspaceSymbol } from './features/symbols.js';
import type {
  CodeAction, CodeLensInfo, CompletionItem, DocumentSymbol, FoldingRange, Hover, InlayHint, Location, SemanticToken, SessionLensInfo, TextEdit,
} from './features/types.js';

/** A range of character offsets, end exclusive. */
export interface Range {
  start: number;
  end: number;
}

/** A diagnostic with its range as offsets and as line/column. */
export interface Diagnostic extends RawDiagnostic {
  range: { start: Position; end: Position };
}

/** One packet of a document, encoded. */
export interface PacketEncoding {
  uri: string;
  name: string;
  /** The packet's type (layout name), when known. */
  type?: string;
  /** The whole `packet ... { }` declaration. */
  range: Range;
  /** The packet's name. */
  nameRange: Range;
  /** The encoded bytes; absent when any error lies in the packet's declaration (syntax ones too). */
  bytes?: Uint8Array;
  /** Where each field and item landed in the bytes. */
  spans: Span[];
  /** The packet as a JSON request (the JSON request of the README), when it has no errors. */
  request?: PacketInput;
  /** Every diagnostic inside the packet's declaration: the checker's, the parser's, the document's. */
  diagnostics: Diagnostic[];
  /** The errors among them, first first: the packet encodes only when this is empty. */
  errors: Diagnostic[];
}

/** Result of decoding bytes into `.tapipkt` text. */
export interface DecodeText {
  text: string;
  request: PacketInput;
  layout?: Layout;
  issues: CodecIssue[];
  chosenBy?: string;
}

/** One session of a document, for a picker. */
export interface SessionSummary {
  name: string;
  /** The whole `session ... { }` declaration. */
  range: Range;
  /** How many steps it declares. */
  steps: number;
}

/** One packet or decode block the layout view can show. */
export interface LayoutTargetInfo {
  target: LayoutTarget;
  label: string;
  type?: string;
  line: number;
}

/** What the CLI calls: documents in, diagnostics, packets, session plans and decoded text out. */
export interface LanguageServiceCore {
  /** Sets the current text of an open document. */
  update(uri: string, text: string): void;
  /** Forgets a closed document. */
  close(uri: string): void;
  /** Text of a document the service knows: an open one, the catalog's, or one the host reads. */
  getText(uri: string): string | undefined;
  /**
   * A number that changes whenever the document's analysis does (its text or an import's text
   * changed): a caller that keeps results per document compares it instead of recomputing.
   */
  getVersion(uri: string): number;
  /** Every file the document imports, directly or through other imports, each once. */
  getDependencies(uri: string): string[];
  /**
   * Which of `uris`, and of the files they import, depend on `changed` (import it directly or
   * through other imports): the caches to drop (by `close`) when `changed` was edited, created
   * or deleted, since a cached analysis notices a change of a direct import only.
   */
  getDependents(changed: string, uris: readonly string[]): string[];
  /** Line/column of an offset in a document. */
  positionAt(uri: string, offset: number): Position;
  /** Offset of a line/column in a document. */
  offsetAt(uri: string, pos: Position): number;
  /** Every diagnostic of a document: syntax, semantics, and server rules broken. */
  getDiagnostics(uri: string): Diagnostic[];
  /** Every packet of a document, encoded where possible. */
  getPackets(uri: string): PacketEncoding[];
  /**
   * The packet at an offset (the one whose declaration contains it), or the document's only
   * packet; undefined when there is none or several and none contains the offset.
   */
  encodeAt(uri: string, offset: number): PacketEncoding | undefined;
  /** Encodes the packet with the given name. */
  encodeNamed(uri: string, name: string): PacketEncoding | undefined;
  /** The sessions of a document, in order. */
  getSessions(uri: string): SessionSummary[];
  /** The plan of session `name` (or the document's only one) and its reply tables, or why not (docs/language.md, "Sessions"). */
  sessionPlan(uri: string, name?: string): SessionPlanResult;
  /**
   * Decodes bytes into a `.tapipkt` packet that encodes back to exactly these bytes;
   * `offsets` ends each field's line with a comment giving its offset and size.
   */
  decodeToText(bytes: Uint8Array, opts?: { as?: string; name?: string; offsets?: boolean }): DecodeText;
}

/**
 * The full service: the core plus the editor features. Every feature is a pure function over
 * the cached analysis; none throws on user text.
 */
export interface LanguageService extends LanguageServiceCore {
  /** Markdown hover at an offset: wire facts of fields, layouts, constants, decoded bytes. */
  getHover(uri: string, offset: number): Hover | undefined;
  /** Completions at an offset; works on incomplete text. */
  getCompletions(uri: string, offset: number): CompletionItem[];
  /** Completions at an offset, and whether typing more should ask again (`isIncomplete`). */
  getCompletionList(uri: string, offset: number): CompletionList;
  /** The outline of a document. */
  getDocumentSymbols(uri: string): DocumentSymbol[];
  /** Definitions and packets matching `query` in `uris` (default: the open documents), plus the built-in catalog's. */
  getWorkspaceSymbols(query: string, uris?: string[]): WorkspaceSymbol[];
  /** Where the name (or import path) at an offset is declared. */
  getDefinition(uri: string, offset: number): Location[];
  /** Uses of the name at an offset in the document and the open documents. */
  getReferences(uri: string, offset: number, includeDeclaration: boolean): Location[];
  /** The range of a renamable name at an offset; undefined for catalog and built-in names. */
  prepareRename(uri: string, offset: number): Range | undefined;
  /** The range of the name to rename at an offset, or why it cannot be renamed. */
  checkRename(uri: string, offset: number): Range | { error: string };
  /** Edits renaming the name at an offset, or why it cannot be renamed. */
  rename(uri: string, offset: number, newName: string): TextEdit[] | { error: string };
  /** Folding ranges of a document. */
  getFoldingRanges(uri: string): FoldingRange[];
  /** Semantic tokens of a document. */
  getSemanticTokens(uri: string): SemanticToken[];
  /** Inlay hints in a range: computed offsets and sizes; every field offset with `offsets`; what each decode block decoded as. */
  getInlayHints(uri: string, range: Range, opts?: { offsets: boolean }): InlayHint[];
  /** What the layout view shows for a packet (by name) or a decode block (by index); undefined when it is gone. */
  getLayout(uri: string, target: LayoutTarget): LayoutViewModel | undefined;
  /** The packet or decode block at an offset, or the document's only one. */
  layoutTargetAt(uri: string, offset: number): LayoutTarget | undefined;
  /** Every packet and decode block of a document, for a picker. */
  layoutTargets(uri: string): LayoutTargetInfo[];
  /** One lens per packet with its encoded size. */
  getCodeLenses(uri: string): CodeLensInfo[];
  /** One lens per session, for the export commands. */
  getSessionLenses(uri: string): SessionLensInfo[];
  /** Quick fixes for the given diagnostics (default: the document's own) that overlap a range. */
  getCodeActions(uri: string, range: Range, diagnostics?: readonly RawDiagnostic[]): CodeAction[];
}

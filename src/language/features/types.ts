/**
 * Result types of the editor features (hover, completion, symbols, ...). Plain data with
 * character offsets; the editor glue converts them to its own types in one place.
 */
import type { Range } from '../service.js';

/** Markdown hover text for a range. */
export interface Hover {
  range: Range;
  markdown: string;
}

export type CompletionKind = 'field' | 'constant' | 'type' | 'keyword' | 'snippet' | 'value' | 'packet';

export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  /** Short type/section line shown beside the label. */
  detail?: string;
  /** Markdown documentation. */
  documentation?: string;
  /** Text to insert (defaults to the label). */
  insertText?: string;
  /** True when insertText is a snippet (`${1:placeholder}`). */
  snippet?: boolean;
  /** Range the insertion replaces (defaults to the word at the cursor). */
  range?: Range;
  sortText?: string;
  filterText?: string;
}

export type SymbolKind = 'packet' | 'request' | 'response' | 'struct' | 'template' | 'const' | 'flags' | 'type' | 'decode' | 'field' | 'constant' | 'import' | 'session' | 'step';

export interface DocumentSymbol {
  name: string;
  kind: SymbolKind;
  detail?: string;
  range: Range;
  selectionRange: Range;
  children: DocumentSymbol[];
}

export interface Location {
  uri: string;
  range: Range;
}

export interface TextEdit {
  uri: string;
  range: Range;
  newText: string;
}

export interface CodeAction {
  title: string;
  /** The diagnostic code it fixes. */
  diagnosticCode?: string;
  isPreferred?: boolean;
  edits: TextEdit[];
}

export interface InlayHint {
  /** Offset the hint is shown after. */
  offset: number;
  label: string;
  tooltip?: string;
}

export interface CodeLensInfo {
  /** What the lens sits on: a packet's name, or a decode block's `decode` keyword. */
  range: Range;
  kind: 'packet' | 'decode';
  /** The packet's name; for a decode block, the layout its bytes were read as ('' when none). */
  packet: string;
  /** Encoded (or decoded) size in bytes, when there is one. */
  size?: number;
  /** True when nothing in the packet's declaration (or the decode block) is an error. */
  ok: boolean;
  /** How many errors lie in the declaration or block. */
  errors: number;
  /** The first of them: its line (0-based) and message. */
  firstError?: { line: number; message: string };
  /** For a decode block: its index among the document's decode blocks, how its layout was picked, its bytes as hex. */
  decode?: { index: number; chosenBy?: string; hex?: string };
}

export interface SessionLensInfo {
  /** The session's name range (where the lens sits). */
  range: Range;
  session: string;
  /** Number of steps. */
  steps: number;
  /** True when the session has a plan and the file no errors: it can be exported. */
  ok: boolean;
}

export interface FoldingRange {
  start: number;
  end: number;
  kind?: 'comment' | 'region';
}

export type SemanticTokenType = 'type' | 'struct' | 'enumMember' | 'property' | 'variable' | 'keyword' | 'number' | 'string' | 'function' | 'decorator';

export interface SemanticToken {
  start: number;
  length: number;
  type: SemanticTokenType;
  /** 'declaration', 'readonly' (computed fields), 'defaultLibrary' (built-in catalog). */
  modifiers: string[];
}

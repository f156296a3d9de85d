/**
 * Outline (document symbols) and workspace symbols (open documents and the built-in catalog).
 * The outline of a large document (see `LARGE_DOCUMENT_CHARS`) leaves out the fields.
 */
import * as vscode from 'vscode';
import type { DocumentSymbol, SymbolKind } from '../../src/language/index.js';
import { isLarge, type TapipktContext } from '../context.js';
import { Positions, toRange } from '../convert.js';

const KIND: Record<SymbolKind, vscode.SymbolKind> = {
  packet: vscode.SymbolKind.Object,
  request: vscode.SymbolKind.Function,
  response: vscode.SymbolKind.Event,
  struct: vscode.SymbolKind.Struct,
  template: vscode.SymbolKind.Class,
  const: vscode.SymbolKind.Enum,
  flags: vscode.SymbolKind.Enum,
  type: vscode.SymbolKind.TypeParameter,
  decode: vscode.SymbolKind.Module,
  field: vscode.SymbolKind.Field,
  constant: vscode.SymbolKind.EnumMember,
  import: vscode.SymbolKind.File,
  session: vscode.SymbolKind.Namespace,
  step: vscode.SymbolKind.Method,
};

function convert(doc: vscode.TextDocument, s: DocumentSymbol, children = true): vscode.DocumentSymbol {
  const out = new vscode.DocumentSymbol(s.name || '(unnamed)', s.detail ?? '', KIND[s.kind], toRange(doc, s.range), toRange(doc, s.selectionRange));
  if (children) out.children = s.children.map((c) => convert(doc, c));
  return out;
}

export function registerSymbolProviders(ext: TapipktContext, selector: vscode.DocumentSelector): void {
  ext.own(
    vscode.languages.registerDocumentSymbolProvider(selector, {
      provideDocumentSymbols: ext.guard('outline', (doc: vscode.TextDocument, token: vscode.CancellationToken) => {
        if (token.isCancellationRequested) return undefined;
        const symbols = ext.service.getDocumentSymbols(ext.docs.sync(doc));
        if (token.isCancellationRequested) return undefined;
        const withFields = !isLarge(doc);
        return symbols.map((s) => convert(doc, s, withFields));
      }),
    }),
  );
  const positions = new Positions(ext.service);
  ext.own(
    vscode.languages.registerWorkspaceSymbolProvider({
      provideWorkspaceSymbols: ext.guard('workspace symbols', (query: string, token: vscode.CancellationToken) => {
        if (token.isCancellationRequested) return undefined;
        for (const d of vscode.workspace.textDocuments) if (d.languageId === 'tapipkt') ext.docs.sync(d);
        const symbols = ext.service.getWorkspaceSymbols(query);
        if (token.isCancellationRequested) return undefined;
        return symbols.map(
          (s) => new vscode.SymbolInformation(s.name, KIND[s.kind], s.container ?? '', positions.location(s.location)),
        );
      }),
    }),
  );
}

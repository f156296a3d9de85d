/** Completion: field names, constants, types, keywords and snippets from the service. */
import * as vscode from 'vscode';
import type { CompletionItem, CompletionKind } from '../../src/language/index.js';
import type { TapipktContext } from '../context.js';
import { toRange } from '../convert.js';

const KIND: Record<CompletionKind, vscode.CompletionItemKind> = {
  field: vscode.CompletionItemKind.Field,
  constant: vscode.CompletionItemKind.EnumMember,
  type: vscode.CompletionItemKind.Struct,
  keyword: vscode.CompletionItemKind.Keyword,
  snippet: vscode.CompletionItemKind.Snippet,
  value: vscode.CompletionItemKind.Value,
  packet: vscode.CompletionItemKind.Reference,
};

/** Characters after which completion opens by itself: a value after `=`, a flag after `|`, a type after `:`. */
export const TRIGGER_CHARACTERS = ['=', '|', ':', '{', ' ', '<', '@'];

function convert(doc: vscode.TextDocument, c: CompletionItem): vscode.CompletionItem {
  const item = new vscode.CompletionItem(c.label, KIND[c.kind]);
  if (c.detail) item.detail = c.detail;
  if (c.documentation) item.documentation = new vscode.MarkdownString(c.documentation);
  if (c.insertText !== undefined) item.insertText = c.snippet ? new vscode.SnippetString(c.insertText) : c.insertText;
  if (c.range) item.range = toRange(doc, c.range);
  if (c.sortText) item.sortText = c.sortText;
  if (c.filterText) item.filterText = c.filterText;
  return item;
}

export function registerCompletionProvider(ext: TapipktContext, selector: vscode.DocumentSelector): void {
  ext.own(
    vscode.languages.registerCompletionItemProvider(
      selector,
      {
        provideCompletionItems: ext.guard('completion', (doc: vscode.TextDocument, pos: vscode.Position, token: vscode.CancellationToken, context: vscode.CompletionContext) => {
          if (token.isCancellationRequested) return undefined;
          // A space only triggers after `=`, `|` or `:` (a value or a type comes next), not in the middle of text.
          if (context.triggerCharacter === ' ' && !/[=|:]\s$/.test(doc.lineAt(pos.line).text.slice(0, pos.character))) return undefined;
          const list = ext.service.getCompletionList(ext.docs.sync(doc), doc.offsetAt(pos));
          if (token.isCancellationRequested) return undefined;
          // Incomplete: fields held back on an empty line appear once a letter is typed, which
          // VS Code only learns by asking again.
          return new vscode.CompletionList(list.items.map((c) => convert(doc, c)), list.isIncomplete);
        }),
      },
      ...TRIGGER_CHARACTERS,
    ),
  );
}

/** Semantic highlighting: the service's tokens, with a legend built from its token types. */
import * as vscode from 'vscode';
import { SEMANTIC_TOKEN_MODIFIERS, SEMANTIC_TOKEN_TYPES } from '../../src/language/index.js';
import type { TapipktContext } from '../context.js';

export const LEGEND = new vscode.SemanticTokensLegend([...SEMANTIC_TOKEN_TYPES], [...SEMANTIC_TOKEN_MODIFIERS]);

export function registerSemanticTokensProvider(ext: TapipktContext, selector: vscode.DocumentSelector): void {
  const typeIndex = new Map<string, number>(SEMANTIC_TOKEN_TYPES.map((t, i) => [t, i]));
  const modIndex = new Map<string, number>(SEMANTIC_TOKEN_MODIFIERS.map((m, i) => [m, i]));
  ext.own(
    vscode.languages.registerDocumentSemanticTokensProvider(
      selector,
      {
        provideDocumentSemanticTokens: ext.guard('semantic tokens', (doc: vscode.TextDocument, token: vscode.CancellationToken) => {
          if (token.isCancellationRequested) return undefined;
          const builder = new vscode.SemanticTokensBuilder(LEGEND);
          const tokens = [...ext.service.getSemanticTokens(ext.docs.sync(doc))].sort((a, b) => a.start - b.start);
          if (token.isCancellationRequested) return undefined;
          for (const t of tokens) {
            const type = typeIndex.get(t.type);
            if (type === undefined || t.length <= 0) continue;
            const p = doc.positionAt(t.start);
            // A token must stay on one line.
            const len = Math.min(t.length, doc.lineAt(p.line).text.length - p.character);
            if (len <= 0) continue;
            const mods = t.modifiers.reduce((m, name) => (modIndex.has(name) ? m | (1 << modIndex.get(name)!) : m), 0);
            builder.push(p.line, p.character, len, type, mods);
          }
          return builder.build();
        }),
      },
      LEGEND,
    ),
  );
}

/**
 * Read-only virtual documents for the built-in catalog (`tapipkt-catalog:/requests-line.tapipkt`),
 * where go-to-definition on a catalog name lands.
 */
import * as vscode from 'vscode';
import { builtinCatalog } from '../src/catalog/index.js';
import { CATALOG_SCHEME } from '../src/language/index.js';
import type { TapipktContext } from './context.js';

export { CATALOG_SCHEME };

export function registerCatalogDocuments(ext: TapipktContext): void {
  const provider: vscode.TextDocumentContentProvider = {
    provideTextDocumentContent: ext.guard('catalog document', (uri: vscode.Uri, token: vscode.CancellationToken) => {
      if (token.isCancellationRequested) return undefined;
      const key = uri.toString();
      return builtinCatalog.sources.find((s) => s.uri === key || vscode.Uri.parse(s.uri).toString() === key)?.text ?? `// no built-in catalog file ${key}\n`;
    }),
  };
  ext.own(vscode.workspace.registerTextDocumentContentProvider(CATALOG_SCHEME, provider));
}

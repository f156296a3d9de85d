/**
 * Go to definition (into imports and the read-only built-in catalog), find references and
 * rename. Locations in the catalog open `tapipkt-catalog:` documents (catalog-document.ts).
 */
import * as vscode from 'vscode';
import type { TapipktContext } from '../context.js';
import { Positions, toRange } from '../convert.js';

export function registerNavigationProviders(ext: TapipktContext, selector: vscode.DocumentSelector): void {
  const positions = new Positions(ext.service);
  ext.own(
    vscode.languages.registerDefinitionProvider(selector, {
      provideDefinition: ext.guard('definition', (doc: vscode.TextDocument, pos: vscode.Position, token: vscode.CancellationToken) => {
        if (token.isCancellationRequested) return undefined;
        const found = ext.service.getDefinition(ext.docs.sync(doc), doc.offsetAt(pos));
        return token.isCancellationRequested ? undefined : found.map((l) => positions.location(l));
      }),
    }),
  );
  ext.own(
    vscode.languages.registerReferenceProvider(selector, {
      provideReferences: ext.guard('references', (doc: vscode.TextDocument, pos: vscode.Position, context: vscode.ReferenceContext, token: vscode.CancellationToken) => {
        if (token.isCancellationRequested) return undefined;
        const found = ext.service.getReferences(ext.docs.sync(doc), doc.offsetAt(pos), context.includeDeclaration);
        return token.isCancellationRequested ? undefined : found.map((l) => positions.location(l));
      }),
    }),
  );
  // A refusal (a built-in name, an invalid new name) is thrown outside ext.guard: VS Code turns a
  // thrown Error into the inline "cannot be renamed" message next to the cursor, the standard way
  // to refuse. Through the guard it became an error toast offering the log (issue 12). Only real
  // failures go to the guard. Returning undefined instead would make VS Code fall back to the
  // word under the cursor and open the rename box anyway.
  const check = ext.guard('rename', (doc: vscode.TextDocument, pos: vscode.Position) => ext.service.checkRename(ext.docs.sync(doc), doc.offsetAt(pos)));
  const edits = ext.guard('rename', (doc: vscode.TextDocument, pos: vscode.Position, newName: string): vscode.WorkspaceEdit | { error: string } => {
    const r = ext.service.rename(ext.docs.sync(doc), doc.offsetAt(pos), newName);
    if ('error' in r) return r;
    const edit = new vscode.WorkspaceEdit();
    for (const e of r) edit.replace(vscode.Uri.parse(e.uri), positions.range(e.uri, e.range), e.newText);
    return edit;
  });
  ext.own(
    vscode.languages.registerRenameProvider(selector, {
      prepareRename: (doc: vscode.TextDocument, pos: vscode.Position, token: vscode.CancellationToken) => {
        if (token.isCancellationRequested) return undefined;
        const r = check(doc, pos);
        if (r && 'error' in r) throw new Error(r.error);
        return r ? toRange(doc, r) : undefined;
      },
      provideRenameEdits: (doc: vscode.TextDocument, pos: vscode.Position, newName: string, token: vscode.CancellationToken) => {
        if (token.isCancellationRequested) return undefined;
        const r = edits(doc, pos, newName);
        if (!r || token.isCancellationRequested) return undefined;
        if ('error' in r) throw new Error(r.error);
        return r;
      },
    }),
  );
}

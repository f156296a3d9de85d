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
  ext.own(
    vscode.languages.registerRenameProvider(selector, {
      prepareRename: ext.guard('rename', (doc: vscode.TextDocument, pos: vscode.Position, token: vscode.CancellationToken) => {
        if (token.isCancellationRequested) return undefined;
        const r = ext.service.prepareRename(ext.docs.sync(doc), doc.offsetAt(pos));
        // Rejecting is how VS Code says "cannot rename this"; it shows the message, not an error.
        if (!r) return Promise.reject(new Error('This name cannot be renamed (built-in names and keywords are fixed).'));
        return toRange(doc, r);
      }),
      provideRenameEdits: ext.guard('rename', (doc: vscode.TextDocument, pos: vscode.Position, newName: string, token: vscode.CancellationToken) => {
        if (token.isCancellationRequested) return undefined;
        const r = ext.service.rename(ext.docs.sync(doc), doc.offsetAt(pos), newName);
        if (token.isCancellationRequested) return undefined;
        if ('error' in r) return Promise.reject(new Error(r.error));
        const edit = new vscode.WorkspaceEdit();
        for (const e of r) edit.replace(vscode.Uri.parse(e.uri), positions.range(e.uri, e.range), e.newText);
        return edit;
      }),
    }),
  );
}

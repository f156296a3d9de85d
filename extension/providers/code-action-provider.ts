/** Quick fixes from the service (misspelled names, pinned computed values, ...). */
import * as vscode from 'vscode';
import type { TapipktContext } from '../context.js';
import { Positions } from '../convert.js';

export function registerCodeActionProvider(ext: TapipktContext, selector: vscode.DocumentSelector): void {
  const positions = new Positions(ext.service);
  ext.own(
    vscode.languages.registerCodeActionsProvider(
      selector,
      {
        provideCodeActions: ext.guard('quick fixes', (doc: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext, token: vscode.CancellationToken) => {
          if (token.isCancellationRequested) return undefined;
          const uri = ext.docs.sync(doc);
          const actions = ext.service.getCodeActions(uri, { start: doc.offsetAt(range.start), end: doc.offsetAt(range.end) });
          if (token.isCancellationRequested) return undefined;
          return actions.map((a) => {
            const action = new vscode.CodeAction(a.title, vscode.CodeActionKind.QuickFix);
            const edit = new vscode.WorkspaceEdit();
            for (const e of a.edits) edit.replace(vscode.Uri.parse(e.uri), positions.range(e.uri, e.range), e.newText);
            action.edit = edit;
            if (a.isPreferred) action.isPreferred = true;
            const fixes = context.diagnostics.filter((d) => a.diagnosticCode !== undefined && d.code === a.diagnosticCode && d.range.intersection(range));
            if (fixes.length) action.diagnostics = fixes;
            return action;
          });
        }),
      },
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
    ),
  );
}

/** Folding ranges: blocks, hex bodies and comment runs from the service. */
import * as vscode from 'vscode';
import type { TapipktContext } from '../context.js';

export function registerFoldingProvider(ext: TapipktContext, selector: vscode.DocumentSelector): void {
  ext.own(
    vscode.languages.registerFoldingRangeProvider(selector, {
      provideFoldingRanges: ext.guard('folding', (doc: vscode.TextDocument, _context: vscode.FoldingContext, token: vscode.CancellationToken) => {
        if (token.isCancellationRequested) return undefined;
        const ranges = ext.service.getFoldingRanges(ext.docs.sync(doc));
        if (token.isCancellationRequested) return undefined;
        return ranges
          .map((f) => {
            const kind = f.kind === 'comment' ? vscode.FoldingRangeKind.Comment : f.kind === 'region' ? vscode.FoldingRangeKind.Region : undefined;
            return new vscode.FoldingRange(doc.positionAt(f.start).line, doc.positionAt(f.end).line, kind);
          })
          .filter((f) => f.end > f.start);
      }),
    }),
  );
}

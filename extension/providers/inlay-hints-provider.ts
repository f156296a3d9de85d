/**
 * Inlay hints: values the encoder computes (offsets, sizes, totals) and constant values, and,
 * with `tapipkt.inlayHints.fieldOffsets`, each field's byte offset. Off with `tapipkt.inlayHints.enabled`.
 */
import * as vscode from 'vscode';
import type { TapipktContext } from '../context.js';

export function registerInlayHintsProvider(ext: TapipktContext, selector: vscode.DocumentSelector): void {
  const changed = ext.own(new vscode.EventEmitter<void>());
  ext.own(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('tapipkt.inlayHints') && changed.fire()));
  ext.own(
    vscode.languages.registerInlayHintsProvider(selector, {
      onDidChangeInlayHints: changed.event,
      provideInlayHints: ext.guard('inlay hints', (doc: vscode.TextDocument, range: vscode.Range, token: vscode.CancellationToken) => {
        if (token.isCancellationRequested) return undefined;
        const config = ext.config();
        if (!config.get<boolean>('inlayHints.enabled', true)) return [];
        const uri = ext.docs.sync(doc);
        const hints = ext.service.getInlayHints(uri, { start: doc.offsetAt(range.start), end: doc.offsetAt(range.end) }, { offsets: config.get<boolean>('inlayHints.fieldOffsets', false) });
        if (token.isCancellationRequested) return undefined;
        const text = doc.getText();
        return hints.map((h) => {
          const hint = new vscode.InlayHint(doc.positionAt(h.offset), h.label);
          // Pad only where the hint would touch text (a field-offset hint sits before the name).
          hint.paddingLeft = h.offset > 0 && !/\s/.test(text[h.offset - 1] ?? ' ');
          hint.paddingRight = !/\s/.test(text[h.offset] ?? ' ');
          if (h.tooltip) hint.tooltip = h.tooltip;
          return hint;
        });
      }),
    }),
  );
}

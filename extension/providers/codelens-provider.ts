/**
 * CodeLens above each packet: "Encode (88 bytes) · Copy hex · Copy as C · Layout", or its error
 * count; above each session: its export commands. None in large documents (see `LARGE_DOCUMENT_CHARS`).
 */
import * as vscode from 'vscode';
import { isLarge, type TapipktContext } from '../context.js';
import { toRange } from '../convert.js';

export function registerCodeLensProvider(ext: TapipktContext, selector: vscode.DocumentSelector): void {
  const changed = ext.own(new vscode.EventEmitter<void>());
  ext.own(ext.host.onDidChange(() => changed.fire()));
  ext.own(
    vscode.languages.registerCodeLensProvider(selector, {
      onDidChangeCodeLenses: changed.event,
      provideCodeLenses: ext.guard('CodeLens', (doc: vscode.TextDocument, token: vscode.CancellationToken) => {
        if (token.isCancellationRequested || isLarge(doc)) return undefined;
        const uri = ext.docs.sync(doc);
        const infos = ext.service.getCodeLenses(uri);
        if (token.isCancellationRequested) return undefined;
        const lenses: vscode.CodeLens[] = [];
        for (const info of infos) {
          const range = toRange(doc, info.range);
          const args = [doc.uri, info.packet];
          if (!info.ok) {
            lenses.push(new vscode.CodeLens(range, { title: `$(error) '${info.packet}' has errors: fix them to Encode`, command: 'workbench.actions.view.problems' }));
            continue;
          }
          const size = info.size !== undefined ? ` (${info.size} bytes)` : '';
          lenses.push(
            new vscode.CodeLens(range, { title: `$(file-binary) Encode${size}`, command: 'tapipkt.encode', arguments: args, tooltip: 'Encode this packet (tapipkt.encode.format / .output)' }),
            new vscode.CodeLens(range, { title: 'Copy hex', command: 'tapipkt.copyHex', arguments: args }),
            new vscode.CodeLens(range, { title: 'Copy as C', command: 'tapipkt.copyC', arguments: args }),
            new vscode.CodeLens(range, { title: 'Layout', command: 'tapipkt.showLayout', arguments: args }),
          );
        }
        for (const info of ext.service.getSessionLenses(uri)) {
          const range = toRange(doc, info.range);
          const args = [doc.uri, info.session];
          if (!info.ok) {
            lenses.push(new vscode.CodeLens(range, { title: `$(error) fix the file's errors to export session '${info.session}'`, command: 'workbench.actions.view.problems' }));
            continue;
          }
          lenses.push(
            new vscode.CodeLens(range, { title: `$(file-code) Export as Python (impacket) (${info.steps} steps)`, command: 'tapipkt.exportImpacket', arguments: args, tooltip: 'A standalone Python 3 client on impacket: attach, each step with its bindings, detach. It sends real packets: only to machines you may test.' }),
            new vscode.CodeLens(range, { title: '$(json) Export as JSON', command: 'tapipkt.exportJson', arguments: args, tooltip: 'The session plan: steps, hex, lNeededSize, bindings' }),
          );
        }
        return lenses;
      }),
    }),
  );
}

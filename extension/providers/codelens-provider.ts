/**
 * CodeLens above each packet: "Encode (88 bytes) · Copy hex · Copy as C · Layout · Mutants", or, when
 * anything in its declaration is an error (a syntax slip included), its error count and the
 * first error's line instead. Above each decode block: the layout its bytes were read as and
 * their size, "Open as packet" and "Layout". Above each session: its export commands. None in large documents (see `LARGE_DOCUMENT_CHARS`).
 */
import * as vscode from 'vscode';
import type { CodeLensInfo } from '../../src/language/index.js';
import { isLarge, type TapipktContext } from '../context.js';
import { toRange } from '../convert.js';

/** The lens title of a packet or block with errors: how many, and where the first one is. */
export function errorLensTitle(info: Pick<CodeLensInfo, 'errors' | 'firstError'>, what: string): string {
  const n = info.errors;
  const first = info.firstError;
  const msg = first ? (first.message.length > 60 ? `${first.message.slice(0, 59)}…` : first.message) : '';
  const where = first ? `, first on line ${first.line + 1}: ${msg}` : '';
  return `$(error) ${n} error${n === 1 ? '' : 's'}${where} (fix ${n === 1 ? 'it' : 'them'} to ${what})`;
}

function packetLenses(doc: vscode.TextDocument, info: CodeLensInfo): vscode.CodeLens[] {
  const range = toRange(doc, info.range);
  const args = [doc.uri, info.packet];
  if (!info.ok) return [new vscode.CodeLens(range, { title: errorLensTitle(info, 'encode'), command: 'workbench.actions.view.problems' })];
  const size = info.size !== undefined ? ` (${info.size} bytes)` : '';
  return [
    new vscode.CodeLens(range, { title: `$(file-binary) Encode${size}`, command: 'tapipkt.encode', arguments: args, tooltip: 'Encode this packet (tapipkt.encode.format / .output)' }),
    new vscode.CodeLens(range, { title: 'Copy hex', command: 'tapipkt.copyHex', arguments: args }),
    new vscode.CodeLens(range, { title: 'Copy as C', command: 'tapipkt.copyC', arguments: args }),
    new vscode.CodeLens(range, { title: 'Layout', command: 'tapipkt.showLayout', arguments: args }),
    new vscode.CodeLens(range, { title: 'Mutants', command: 'tapipkt.generateMutants', arguments: args, tooltip: 'Generate Mutants: valid, rule-breaking or raw variants of this packet, to a .jsonl beside the file' }),
  ];
}

function decodeLenses(doc: vscode.TextDocument, info: CodeLensInfo, hex: string | undefined): vscode.CodeLens[] {
  const range = toRange(doc, info.range);
  const index = info.decode!.index;
  if (!info.ok) return [new vscode.CodeLens(range, { title: errorLensTitle(info, 'decode'), command: 'workbench.actions.view.problems' })];
  const what = `${info.packet || 'no layout'} · ${info.size ?? 0} bytes`;
  const lenses = [
    // A title with an empty command is shown as plain text: what the block decoded as.
    new vscode.CodeLens(range, { title: `$(symbol-structure) ${what}`, command: '', tooltip: info.decode?.chosenBy ? `picked by ${info.decode.chosenBy}` : `read as ${info.packet}` }),
  ];
  if (hex !== undefined) {
    lenses.push(new vscode.CodeLens(range, { title: 'Open as packet', command: 'tapipkt.decode', arguments: [{ hex, as: info.packet }], tooltip: 'A new .tapipkt document with these bytes as a packet' }));
  }
  lenses.push(new vscode.CodeLens(range, { title: 'Layout', command: 'tapipkt.showLayout', arguments: [doc.uri, { decode: index }] }));
  return lenses;
}

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
          lenses.push(...(info.kind === 'decode' ? decodeLenses(doc, info, info.decode?.hex) : packetLenses(doc, info)));
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

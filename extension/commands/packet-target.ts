/**
 * Which packet a command works on: the one named by the arguments (CodeLens passes
 * `uri, name`), the one at the cursor, the file's only one, or one picked from a list.
 * Refuses (and says why) a packet with any error in its declaration, syntax errors included:
 * the service decides that once (`PacketEncoding.errors`), for the editor and the CLI alike.
 */
import * as vscode from 'vscode';
import type { PacketEncoding } from '../../src/language/index.js';
import { isTapipkt, type TapipktContext } from '../context.js';

export interface EncodedTarget {
  doc: vscode.TextDocument;
  packet: PacketEncoding & { bytes: Uint8Array };
}

/** "1 error, first on line 5: expected a field name" (lines 1-based, as the editor shows them). */
export function errorSummary(errors: readonly { range: { start: { line: number } }; message: string }[]): string {
  const first = errors[0];
  const n = errors.length;
  return `${n} error${n === 1 ? '' : 's'}${first ? `, first on line ${first.range.start.line + 1}: ${first.message}` : ''}`;
}

/** Finds the packet for a command; undefined (after telling the user why) when there is none. */
export async function packetTarget(ext: TapipktContext, uriArg?: unknown, nameArg?: unknown): Promise<EncodedTarget | undefined> {
  const doc = await documentOf(uriArg);
  if (!doc) {
    void vscode.window.showInformationMessage('tapipkt: open a .tapipkt file and put the cursor in a packet first.');
    return undefined;
  }
  const uri = ext.docs.sync(doc);
  let packet: PacketEncoding | undefined;
  if (typeof nameArg === 'string') {
    packet = ext.service.encodeNamed(uri, nameArg);
  } else {
    const editor = vscode.window.activeTextEditor;
    const offset = editor?.document === doc ? doc.offsetAt(editor.selection.active) : -1;
    packet = ext.service.encodeAt(uri, offset);
    if (!packet) {
      const all = ext.service.getPackets(uri);
      if (all.length === 0) {
        const decodes = ext.service.getCodeLenses(uri).some((l) => l.kind === 'decode');
        const hint = decodes ? ' Its decode blocks open as packets with the "Open as packet" CodeLens.' : ' Write one as: packet NAME: TYPE { ... }';
        void vscode.window.showInformationMessage(`tapipkt: ${baseName(doc)} has no packet to encode.${hint}`);
        return undefined;
      }
      const pick = await vscode.window.showQuickPick(
        all.map((p) => ({
          label: p.name,
          description: p.type ?? '',
          detail: p.bytes ? `${p.bytes.length} bytes` : `$(error) ${errorSummary(p.errors)}`,
          p,
        })),
        { title: 'tapipkt: which packet?', placeHolder: 'The cursor is not in a packet; pick one' },
      );
      packet = pick?.p;
      if (!packet) return undefined;
    }
  }
  if (!packet) {
    void vscode.window.showWarningMessage(`tapipkt: no packet named '${String(nameArg)}' in ${baseName(doc)}.`);
    return undefined;
  }
  if (!packet.bytes || packet.errors.length) {
    refuse(packet.name, packet.errors, 'encode');
    return undefined;
  }
  return { doc, packet: packet as EncodedTarget['packet'] };
}

/** Tells the user a packet (or decode block) cannot be used until its errors are fixed. */
export function refuse(name: string, errors: readonly { range: { start: { line: number } }; message: string }[], what: string): void {
  const n = errors.length;
  void vscode.window
    .showErrorMessage(`tapipkt: '${name}' has ${errorSummary(errors)}. Fix ${n === 1 ? 'it' : 'them'} to ${what}.`, 'Show Problems')
    .then((pick) => pick && vscode.commands.executeCommand('workbench.actions.view.problems'));
}

/** The document a command's URI argument names (opened if needed), or the active tapipkt editor's. */
export async function documentOf(uriArg: unknown): Promise<vscode.TextDocument | undefined> {
  if (uriArg instanceof vscode.Uri || typeof uriArg === 'string') {
    const u = typeof uriArg === 'string' ? vscode.Uri.parse(uriArg) : uriArg;
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === u.toString()) ?? (await vscode.workspace.openTextDocument(u));
  }
  const doc = vscode.window.activeTextEditor?.document;
  return doc && isTapipkt(doc) ? doc : undefined;
}

export function baseName(doc: vscode.TextDocument): string {
  const p = doc.uri.path;
  return p.slice(p.lastIndexOf('/') + 1) || doc.uri.toString();
}

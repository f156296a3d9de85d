/**
 * Which packet a command works on: the one named by the arguments (CodeLens passes
 * `uri, name`), the one at the cursor, the file's only one, or one picked from a list.
 * Says clearly why when there is none or it has errors.
 */
import * as vscode from 'vscode';
import type { PacketEncoding } from '../../src/language/index.js';
import { isTapipkt, type TapipktContext } from '../context.js';

export interface EncodedTarget {
  doc: vscode.TextDocument;
  packet: PacketEncoding & { bytes: Uint8Array };
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
        void vscode.window.showInformationMessage(`tapipkt: ${baseName(doc)} has no packet to encode. Write one as \`packet name: Type { ... }\`.`);
        return undefined;
      }
      const pick = await vscode.window.showQuickPick(
        all.map((p) => ({
          label: p.name,
          description: p.type ?? '',
          detail: p.bytes ? `${p.bytes.length} bytes` : `${p.diagnostics.filter((d) => d.severity === 'error').length} error(s)`,
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
  if (!packet.bytes) {
    const errors = packet.diagnostics.filter((d) => d.severity === 'error');
    const first = errors[0];
    const where = first ? ` First: line ${first.range.start.line + 1}: ${first.message}` : '';
    void vscode.window
      .showErrorMessage(`tapipkt: packet '${packet.name}' has ${errors.length || 'some'} error${errors.length === 1 ? '' : 's'}; fix ${errors.length === 1 ? 'it' : 'them'} to encode.${where}`, 'Show Problems')
      .then((pick) => pick && vscode.commands.executeCommand('workbench.actions.view.problems'));
    return undefined;
  }
  return { doc, packet: packet as EncodedTarget['packet'] };
}

async function documentOf(uriArg: unknown): Promise<vscode.TextDocument | undefined> {
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

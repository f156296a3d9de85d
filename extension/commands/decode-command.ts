/**
 * `tapipkt.decode`: bytes -> a new untitled .tapipkt document holding the packet text that
 * encodes back to exactly those bytes (`decodeToText`). The bytes come from the command's
 * argument (hex text, bytes or a file URI, for tests and other commands), the selection when it
 * is hex, or a pick: the clipboard, an input box, or a .bin file. Returns the new document's URI.
 */
import * as vscode from 'vscode';
import { parseHex } from '../../src/codec/index.js';
import type { TapipktContext } from '../context.js';
import { testSetting } from './encode-to-file-command.js';

const HEXISH = /^[\s,:;0-9a-fA-Fx-]+$/;

function hexBytes(text: string): Uint8Array | string {
  const clean = text.replace(/\/\/[^\n]*/g, '');
  const r = parseHex(clean);
  return 'bytes' in r ? r.bytes : r.error;
}

/** Bytes to decode, or a message saying why there are none (undefined when cancelled). */
async function bytesToDecode(ext: TapipktContext, arg: unknown): Promise<Uint8Array | string | undefined> {
  if (arg instanceof Uint8Array) return arg;
  if (typeof arg === 'string') return hexBytes(arg);
  if (arg instanceof vscode.Uri) return vscode.workspace.fs.readFile(arg);
  const fixed = testSetting(ext, 'test.decodeInput');
  if (fixed !== undefined) return hexBytes(fixed);
  const editor = vscode.window.activeTextEditor;
  const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '';
  if (selected && HEXISH.test(selected.replace(/\/\/[^\n]*/g, ''))) return hexBytes(selected);
  const clip = (await vscode.env.clipboard.readText()).trim();
  const clipOk = clip !== '' && clip.length < 1_000_000 && HEXISH.test(clip) && typeof hexBytes(clip) !== 'string';
  const items = [
    ...(clipOk ? [{ label: '$(clippy) Hex from the clipboard', description: `${clip.slice(0, 40)}${clip.length > 40 ? '…' : ''}`, from: 'clipboard' as const }] : []),
    { label: '$(edit) Enter hex…', description: '', from: 'input' as const },
    { label: '$(file-binary) Open a binary file…', description: '.bin', from: 'file' as const },
  ];
  const pick = await vscode.window.showQuickPick(items, { title: 'tapipkt: decode bytes from' });
  if (!pick) return undefined;
  if (pick.from === 'clipboard') return hexBytes(clip);
  if (pick.from === 'input') {
    const text = await vscode.window.showInputBox({
      title: 'tapipkt: decode',
      prompt: 'Bytes as hex (spaces, commas, colons and 0x prefixes are fine)',
      validateInput: (v) => {
        const r = hexBytes(v);
        return typeof r === 'string' ? r : undefined;
      },
    });
    return text === undefined ? undefined : hexBytes(text);
  }
  const files = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Binary packet': ['bin'], 'All files': ['*'] }, title: 'tapipkt: decode a binary file' });
  return files?.[0] ? vscode.workspace.fs.readFile(files[0]) : undefined;
}

export function registerDecodeCommand(ext: TapipktContext): void {
  ext.own(
    vscode.commands.registerCommand(
      'tapipkt.decode',
      ext.guard('Decode', async (arg?: unknown): Promise<vscode.Uri | undefined> => {
        const bytes = await bytesToDecode(ext, arg);
        if (bytes === undefined) return undefined;
        if (typeof bytes === 'string') {
          void vscode.window.showErrorMessage(`tapipkt: cannot decode: ${bytes}`);
          return undefined;
        }
        if (bytes.length === 0) {
          void vscode.window.showErrorMessage('tapipkt: nothing to decode: no bytes given.');
          return undefined;
        }
        const out = ext.service.decodeToText(bytes);
        if (!out.text) {
          const why = out.issues.filter((i) => i.severity === 'error').map((i) => i.message).join('; ') || 'no layout fits these bytes';
          void vscode.window.showErrorMessage(`tapipkt: cannot decode ${bytes.length} bytes: ${why}`);
          return undefined;
        }
        const doc = await vscode.workspace.openTextDocument({ content: out.text, language: 'tapipkt' });
        await vscode.window.showTextDocument(doc, { preview: false });
        const warnings = out.issues.filter((i) => i.severity !== 'info').length;
        const how = out.chosenBy ? ` (${out.chosenBy})` : '';
        vscode.window.setStatusBarMessage(`tapipkt: decoded ${bytes.length} bytes as ${out.layout?.name ?? 'a packet'}${how}${warnings ? `, ${warnings} problem(s)` : ''}`, 6000);
        return doc.uri;
      }),
    ),
  );
}

/**
 * `tapipkt.decode`: bytes -> a new untitled .tapipkt document holding the packet text that
 * encodes back to exactly those bytes (`decodeToText`). The bytes come from the command's
 * argument (hex text, bytes, `{hex, as}` from a decode block's CodeLens, or a file URI), the
 * selection when it is hex, or a pick: an input box, the clipboard, or a .bin file. Returns the
 * new document's URI.
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

/** How long a clipboard read may take before the input box is offered instead (see readClipboard). */
const CLIPBOARD_WAIT_MS = 2000;

/**
 * The clipboard's text, or undefined when it cannot be read. In VS Code for the Web the browser
 * may refuse; the workbench then shows its own notice and the read only settles when that notice
 * is dismissed, so the wait is cut short and the input box takes over.
 */
async function readClipboard(): Promise<string | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), CLIPBOARD_WAIT_MS)));
  try {
    return await Promise.race([Promise.resolve(vscode.env.clipboard.readText()).catch(() => undefined), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Asks for hex in an input box (with why, when the clipboard did not give any). */
async function askHex(prompt: string, value?: string): Promise<Uint8Array | string | undefined> {
  const text = await vscode.window.showInputBox({
    title: 'tapipkt: decode',
    prompt,
    ...(value !== undefined ? { value } : {}),
    validateInput: (v) => {
      const r = hexBytes(v);
      return typeof r === 'string' ? r : undefined;
    },
  });
  return text === undefined ? undefined : hexBytes(text);
}

const TYPE_PROMPT = 'Bytes as hex (spaces, commas, colons and 0x prefixes are fine)';

/** An argument naming bytes: hex text or bytes, and optionally the layout to read them as. */
interface DecodeArg {
  hex?: string;
  bytes?: Uint8Array;
  as?: string;
}

function isDecodeArg(arg: unknown): arg is DecodeArg {
  return typeof arg === 'object' && arg !== null && !(arg instanceof Uint8Array) && !(arg instanceof vscode.Uri) && ('hex' in arg || 'bytes' in arg);
}

/**
 * Bytes to decode, or a message saying why there are none (undefined when cancelled). With no
 * argument and no hex selected, the sources are offered first; the clipboard is read only when
 * it is picked (reading it unasked made browsers show a permission error before any picker).
 */
async function bytesToDecode(ext: TapipktContext, arg: unknown): Promise<Uint8Array | string | undefined> {
  if (arg instanceof Uint8Array) return arg;
  if (typeof arg === 'string') return hexBytes(arg);
  if (arg instanceof vscode.Uri) return vscode.workspace.fs.readFile(arg);
  if (isDecodeArg(arg)) return arg.bytes ?? hexBytes(arg.hex ?? '');
  const fixed = testSetting(ext, 'test.decodeInput');
  if (fixed !== undefined) return hexBytes(fixed);
  const editor = vscode.window.activeTextEditor;
  const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '';
  if (selected && HEXISH.test(selected.replace(/\/\/[^\n]*/g, ''))) return hexBytes(selected);
  const items = [
    { label: '$(edit) Enter or paste hex…', description: 'an input box', from: 'input' as const },
    { label: '$(clippy) Hex from the clipboard', description: 'reads the clipboard now', from: 'clipboard' as const },
    { label: '$(file-binary) Open a binary file…', description: '.bin', from: 'file' as const },
  ];
  const pick = await vscode.window.showQuickPick(items, { title: 'tapipkt: decode bytes from' });
  if (!pick) return undefined;
  if (pick.from === 'input') return askHex(TYPE_PROMPT);
  if (pick.from === 'clipboard') {
    const clip = (await readClipboard())?.trim();
    if (clip === undefined) return askHex('The clipboard could not be read here (the browser may not allow it): paste the hex with Ctrl+V');
    if (clip === '') return askHex('The clipboard is empty: paste or type the hex');
    const bytes = clip.length < 1_000_000 && HEXISH.test(clip.replace(/\/\/[^\n]*/g, '')) ? hexBytes(clip) : 'not hex';
    if (typeof bytes === 'string') return askHex(`The clipboard does not hold hex (${bytes}): fix it here`, clip.slice(0, 10_000));
    return bytes;
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
        const as = isDecodeArg(arg) && arg.as ? arg.as : undefined;
        const out = ext.service.decodeToText(bytes, as !== undefined ? { as } : {});
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

/**
 * The capture commands of the palette, on the CLI's own code:
 * - `tapipkt.importCapture`: a pcap/pcapng of a tapsrv exchange, read with tshark, as a session in a
 *   new `.tapipkt` editor (`tapipkt import`; README "Captures"). Asks for the capture and an
 *   optional Decode As (`tcp.port==PORT,dcerpc`); `tapipkt.test.importCapture` ("PATH" or
 *   "PATH | SPEC", user settings, trusted workspace) answers both for automated tests.
 * - `tapipkt.writeDissector`: the Wireshark Lua plugin (`tapipkt dissector`) in a new editor, to save.
 * Both return the text, for tests.
 */
import * as vscode from 'vscode';
import { builtinScope } from '../../src/catalog/index.js';
import { importCapture } from '../../src/cli/import.js';
import { UsageError } from '../../src/cli/io.js';
import { wiresharkDissector } from '../../src/language/index.js';
import type { TapipktContext } from '../context.js';
import { testSetting } from './encode-to-file-command.js';

async function askCapture(ext: TapipktContext): Promise<{ path: string; decodeAs: string[] } | undefined> {
  const fixed = testSetting(ext, 'test.importCapture');
  if (fixed !== undefined) {
    const [path, spec] = fixed.split('|').map((x) => x.trim());
    return path ? { path, decodeAs: spec ? [spec] : [] } : undefined;
  }
  const picked = await vscode.window.showOpenDialog({
    title: 'tapipkt: a capture of a tapsrv exchange',
    canSelectMany: false,
    filters: { Captures: ['pcap', 'pcapng', 'cap'], 'All files': ['*'] },
  });
  const file = picked?.[0];
  if (!file) return undefined;
  const spec = await vscode.window.showInputBox({
    title: 'tapipkt: Decode As (optional)',
    prompt: 'tapsrv on a TCP port of its own: tcp.port==PORT,dcerpc (passed to tshark as -d). Leave empty for the endpoint mapper or SMB.',
    placeHolder: 'tcp.port==49670,dcerpc',
  });
  if (spec === undefined) return undefined;
  return { path: file.fsPath, decodeAs: spec.trim() ? [spec.trim()] : [] };
}

export function registerCaptureCommands(ext: TapipktContext): void {
  ext.own(
    vscode.commands.registerCommand(
      'tapipkt.importCapture',
      ext.guard('Import Capture', async (): Promise<string | undefined> => {
        const ask = await askCapture(ext);
        if (!ask) return undefined;
        const warnings: string[] = [];
        let text: string;
        try {
          text = await importCapture({ capture: ask.path, decodeAs: ask.decodeAs }, (line) => warnings.push(line));
        } catch (e) {
          // The CLI's one-line reasons (tshark missing, not a capture, no DCE/RPC): said, not thrown.
          if (!(e instanceof UsageError)) throw e;
          void vscode.window.showErrorMessage(`tapipkt: ${e.message}`);
          return undefined;
        }
        for (const w of warnings) ext.log.warn(w);
        const doc = await vscode.workspace.openTextDocument({ content: text, language: 'tapipkt' });
        await vscode.window.showTextDocument(doc, { preview: false });
        if (warnings.length) {
          void vscode.window.showWarningMessage(`tapipkt: imported with ${warnings.length} warning${warnings.length === 1 ? '' : 's'}: ${warnings[0]}`, 'Show Log').then((x) => x && ext.log.show());
        }
        return text;
      }),
    ),
  );
  ext.own(
    vscode.commands.registerCommand(
      'tapipkt.writeDissector',
      ext.guard('Write Wireshark Dissector', async (): Promise<string> => {
        const idx = builtinScope();
        const version = String(ext.extension.extension.packageJSON.version ?? '');
        const text = wiresharkDissector({ layouts: idx.catalog.layouts, tables: idx.tables, byMsg: idx.byMsg }, version);
        const doc = await vscode.workspace.openTextDocument({ content: text, language: 'lua' });
        await vscode.window.showTextDocument(doc, { preview: false });
        return text;
      }),
    ),
  );
}

/**
 * `tapipkt.encode`: the packet at the cursor as hex, a C array, Python bytes or its JSON
 * request, into a new untitled editor or the clipboard (settings `tapipkt.encode.format` and
 * `tapipkt.encode.output`, or asked). Returns the text, for tests.
 */
import * as vscode from 'vscode';
import type { TapipktContext } from '../context.js';
import { chooseFormat, formatPacket } from './formats.js';
import { packetTarget } from './packet-target.js';

type Output = 'untitled' | 'clipboard';

async function chooseOutput(setting: string | undefined): Promise<Output | undefined> {
  if (setting === 'untitled' || setting === 'clipboard') return setting;
  const pick = await vscode.window.showQuickPick(
    [
      { label: 'New editor', output: 'untitled' as const },
      { label: 'Clipboard', output: 'clipboard' as const },
    ],
    { title: 'tapipkt: encode to' },
  );
  return pick?.output;
}

export function registerEncodeCommand(ext: TapipktContext): void {
  ext.own(
    vscode.commands.registerCommand(
      'tapipkt.encode',
      ext.guard('Encode', async (uri?: unknown, name?: unknown): Promise<string | undefined> => {
        const target = await packetTarget(ext, uri, name);
        if (!target) return undefined;
        const format = await chooseFormat(ext.config().get<string>('encode.format'));
        if (!format) return undefined;
        const output = await chooseOutput(ext.config().get<string>('encode.output'));
        if (!output) return undefined;
        const { packet } = target;
        const text = formatPacket(packet, format);
        if (output === 'clipboard') {
          await vscode.env.clipboard.writeText(text);
          vscode.window.setStatusBarMessage(`tapipkt: copied '${packet.name}' (${packet.bytes.length} bytes) as ${format.label}`, 4000);
        } else {
          const doc = await vscode.workspace.openTextDocument({ content: text, language: format.language });
          await vscode.window.showTextDocument(doc, { preview: false });
        }
        return text;
      }),
    ),
  );
}

/** `tapipkt.copyHex` and `tapipkt.copyC`: the packet at the cursor to the clipboard. */
import * as vscode from 'vscode';
import type { TapipktContext } from '../context.js';
import { formatPacket, textFormat } from './formats.js';
import { packetTarget } from './packet-target.js';

export function registerCopyCommands(ext: TapipktContext): void {
  const copy = (id: string, formatId: 'hex' | 'c', what: string): void => {
    const format = textFormat(formatId)!;
    ext.own(
      vscode.commands.registerCommand(
        id,
        ext.guard(what, async (uri?: unknown, name?: unknown): Promise<string | undefined> => {
          const target = await packetTarget(ext, uri, name);
          if (!target) return undefined;
          const text = formatPacket(target.packet, format);
          await vscode.env.clipboard.writeText(text);
          vscode.window.setStatusBarMessage(`tapipkt: copied '${target.packet.name}' (${target.packet.bytes.length} bytes) as ${format.label}`, 4000);
          return text;
        }),
      ),
    );
  };
  copy('tapipkt.copyHex', 'hex', 'Copy as Hex');
  copy('tapipkt.copyC', 'c', 'Copy as C Array');
}

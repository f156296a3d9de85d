/**
 * `tapipkt.encodeToFile`: the packet's raw bytes to a .bin file chosen with a save dialog
 * (or `tapipkt.test.encodeToFilePath`, a user-level test setting). The write is atomic: a temp
 * file in the same folder, then a rename over the target, so an error never truncates an
 * existing file. Returns the target URI, for tests.
 */
import * as vscode from 'vscode';
import type { TapipktContext } from '../context.js';
import { baseName, packetTarget } from './packet-target.js';

/** Writes bytes to `target` through a sibling temp file and a rename. */
export async function writeAtomically(target: vscode.Uri, bytes: Uint8Array): Promise<void> {
  const dir = vscode.Uri.joinPath(target, '..');
  const name = target.path.slice(target.path.lastIndexOf('/') + 1);
  const temp = vscode.Uri.joinPath(dir, `.${name}.${process.pid}.${Date.now().toString(36)}.tmp`);
  try {
    await vscode.workspace.fs.writeFile(temp, bytes);
    await vscode.workspace.fs.rename(temp, target, { overwrite: true });
  } catch (e) {
    await Promise.resolve(vscode.workspace.fs.delete(temp)).catch(() => undefined);
    throw e;
  }
}

/** The test-only path setting, honoured only from user settings in a trusted workspace. */
export function testSetting(ext: TapipktContext, key: string): string | undefined {
  if (!vscode.workspace.isTrusted) return undefined;
  const v = ext.config().inspect<string>(key)?.globalValue;
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

export function registerEncodeToFileCommand(ext: TapipktContext): void {
  ext.own(
    vscode.commands.registerCommand(
      'tapipkt.encodeToFile',
      ext.guard('Encode to File', async (uri?: unknown, name?: unknown): Promise<vscode.Uri | undefined> => {
        const t = await packetTarget(ext, uri, name);
        if (!t) return undefined;
        const fixed = testSetting(ext, 'test.encodeToFilePath');
        const stem = baseName(t.doc).replace(/\.tapipkt$/i, '');
        const suggested = t.doc.isUntitled ? undefined : vscode.Uri.joinPath(t.doc.uri, '..', `${stem}-${t.packet.name}.bin`);
        const target =
          fixed !== undefined
            ? vscode.Uri.file(fixed)
            : await vscode.window.showSaveDialog({
                title: `tapipkt: save '${t.packet.name}' (${t.packet.bytes.length} bytes)`,
                filters: { 'Binary packet': ['bin'], 'All files': ['*'] },
                ...(suggested ? { defaultUri: suggested } : {}),
              });
        if (!target) return undefined;
        await writeAtomically(target, t.packet.bytes);
        vscode.window.setStatusBarMessage(`tapipkt: wrote ${t.packet.bytes.length} bytes to ${target.path.slice(target.path.lastIndexOf('/') + 1)}`, 5000);
        return target;
      }),
    ),
  );
}

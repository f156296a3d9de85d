/**
 * `tapipkt.exportJson` and `tapipkt.exportImpacket`: the plan of a session (the JSON that
 * `tapipkt export --format json` prints; docs/language.md, "Export"), or the standalone impacket
 * client that `--format impacket` writes, in a new editor. The session is the one named by the
 * arguments (CodeLens passes `uri, name`), the one at the cursor, the file's only one, or one
 * picked from a list. Returns the text, for tests.
 */
import * as vscode from 'vscode';
import { renderImpacketScript, type ReplyTables, type SessionPlan } from '../../src/language/index.js';
import { isTapipkt, type TapipktContext } from '../context.js';

/** Finds the session and its plan; undefined (after telling the user why) when there is none. */
export async function sessionTarget(ext: TapipktContext, uriArg?: unknown, nameArg?: unknown): Promise<{ plan: SessionPlan; tables: ReplyTables } | undefined> {
  const doc = await documentOf(uriArg);
  if (!doc) {
    void vscode.window.showInformationMessage('tapipkt: open a .tapipkt file with a session first.');
    return undefined;
  }
  const uri = ext.docs.sync(doc);
  let name = typeof nameArg === 'string' ? nameArg : undefined;
  if (name === undefined) {
    const sessions = ext.service.getSessions(uri);
    const editor = vscode.window.activeTextEditor;
    const offset = editor?.document === doc ? doc.offsetAt(editor.selection.active) : -1;
    const at = sessions.find((s) => offset >= s.range.start && offset <= s.range.end);
    if (at) name = at.name;
    else if (sessions.length > 1) {
      const pick = await vscode.window.showQuickPick(sessions.map((s) => ({ label: s.name, description: `${s.steps} steps` })), { title: 'tapipkt: which session?' });
      if (!pick) return undefined;
      name = pick.label;
    }
  }
  const r = ext.service.sessionPlan(uri, name);
  if ('errors' in r) {
    void vscode.window.showErrorMessage(`tapipkt: cannot export: ${r.errors.slice(0, 2).join(' ')}`, 'Show Problems').then((p) => p && vscode.commands.executeCommand('workbench.actions.view.problems'));
    return undefined;
  }
  return r;
}

async function documentOf(uriArg: unknown): Promise<vscode.TextDocument | undefined> {
  if (uriArg instanceof vscode.Uri || typeof uriArg === 'string') {
    const u = typeof uriArg === 'string' ? vscode.Uri.parse(uriArg) : uriArg;
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === u.toString()) ?? (await vscode.workspace.openTextDocument(u));
  }
  const doc = vscode.window.activeTextEditor?.document;
  return doc && isTapipkt(doc) ? doc : undefined;
}

/** The plan as `tapipkt export --format json` prints it. */
export function planJson(plan: SessionPlan): string {
  return JSON.stringify(plan, null, 2) + '\n';
}

const EXPORTS = [
  { command: 'tapipkt.exportJson', what: 'Export as JSON', language: 'json', render: (t: { plan: SessionPlan }) => planJson(t.plan) },
  { command: 'tapipkt.exportImpacket', what: 'Export as Python (impacket)', language: 'python', render: (t: { plan: SessionPlan; tables: ReplyTables }) => renderImpacketScript(t.plan, t.tables) },
] as const;

export function registerExportCommands(ext: TapipktContext): void {
  for (const e of EXPORTS) {
    ext.own(
      vscode.commands.registerCommand(
        e.command,
        ext.guard(e.what, async (uri?: unknown, name?: unknown): Promise<string | undefined> => {
          const t = await sessionTarget(ext, uri, name);
          if (!t) return undefined;
          const text = e.render(t);
          const doc = await vscode.workspace.openTextDocument({ content: text, language: e.language });
          await vscode.window.showTextDocument(doc, { preview: false });
          return text;
        }),
      ),
    );
  }
}

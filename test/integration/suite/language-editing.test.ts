/**
 * Issue 12, the language half, in a real editor: one slip gives one diagnostic; rule warnings
 * stay visible beside another error; rename refuses built-in names the standard way (an inline
 * message, no error toast or log entry); references of a field; a session step as a symbol; completion without word-based
 * noise; inlay hints without repeats. (Shift+F12's peek view and the suggest widget itself are
 * checked in the UI by test/e2e/language-ui.mjs.)
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { logText } from './logs';
import { poll } from './poll';

const AGENT = 'packet a: CreateAgentSession {\n  hAgent = 1\n  lpGroupID = null\n}\npacket b: CreateAgentSession {\n  hAgent = 2\n  lpGroupID = null\n}\n';

let files = 0;

/**
 * Opens `content` as a new file in the workspace folder. Not an untitled document: a closed
 * untitled document's name is reused, and its late close event cleared the diagnostics of the
 * next one.
 */
async function untitled(content: string): Promise<vscode.TextDocument> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite needs a workspace folder');
  const uri = vscode.Uri.joinPath(folder.uri, `issue12-${Date.now().toString(36)}-${files++}.tapipkt`);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

function at(doc: vscode.TextDocument, text: string, delta = 1): vscode.Position {
  const i = doc.getText().indexOf(text);
  assert.ok(i >= 0, `'${text}' in the document`);
  return doc.positionAt(i + delta);
}

/** The text of the extension's "tapipkt" log channel files (code-server's or test-electron's user data). */

async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

describe('issue 12: rename, references and completion in the editor', () => {
  before(async () => {
    // This file may run first: until the extension is active no provider answers.
    await untitled('packet p: Close { hLine = 1 }\n');
    const ext = vscode.extensions.getExtension('tapipkt.tapipkt');
    assert.ok(ext, 'extension tapipkt.tapipkt is loaded');
    await poll('activation', () => ext.isActive);
  });
  afterEach(async () => {
    await closeAll();
  });

  it('refuses to rename a built-in name with the standard inline message, not a logged failure', async () => {
    const doc = await untitled(AGENT);
    const before = logText() ?? '';

    for (const [what, pos] of [
      ['a catalog layout', at(doc, 'CreateAgentSession', 3)],
      ['a catalog field', at(doc, 'hAgent', 2)],
    ] as const) {
      // vscode.prepareRename runs the provider's prepareRename the way F2 does; a refusal
      // reaches VS Code as a reject reason (shown next to the cursor) and rejects this command.
      await assert.rejects(
        Promise.resolve(vscode.commands.executeCommand('vscode.prepareRename', doc.uri, pos)),
        (e: Error) => /cannot be renamed/.test(e.message),
        `rename of ${what} is refused`,
      );
    }
    const after = logText();
    if (after !== undefined) assert.ok(!after.slice(before.length).includes('rename failed'), 'a refusal is not logged as a failure');
    // A packet name can still be renamed.
    const loc = await vscode.commands.executeCommand<{ range: vscode.Range; placeholder: string }>('vscode.prepareRename', doc.uri, at(doc, 'packet a', 7));
    assert.equal(loc?.placeholder, 'a');
  });

  it('a flag set cut short at the end of a line gives one diagnostic, in its own scope', async () => {
    const doc = await untitled(
      'packet call: MakeCall {\n  hLine = 1\n  lpszDestAddress = "100"\n  lpCallParams = {\n    dwMediaMode = LINEMEDIAMODE_INTERACTIVEVOICE |\n' +
        '    DialParams = { dwDialPause = 100 dwDialSpeed = 50 }\n    dwDisplayableAddressOffset = "Bob"\n  }\n}\n',
    );
    const diags = await poll('diagnostics', () => {
      const ds = vscode.languages.getDiagnostics(doc.uri);
      return ds.length ? ds : undefined;
    });
    assert.deepEqual(diags.map((d) => `${d.range.start.line + 1}:${String(d.code)}`), ['5:TP1001'], diags.map((d) => d.message).join('\n'));
  });

  it('a rule warning stays visible while another field has an error', async () => {
    const doc = await untitled('packet p: CreateAgentSession {\n  hAgnet = 7\n  lpGroupID = {6B29FC40-CA47-1067-B31D-00DD010662DA}\n  dwSize = 8\n}\n');
    await poll('TP1102 and TP3008 together', () => {
      const codes = vscode.languages.getDiagnostics(doc.uri).map((d) => String(d.code));
      return codes.includes('TP1102') && codes.includes('TP3008');
    });
  });

  it('completion: a plain number gets placeholders; fixed and reserved fields wait for a typed name; no word-based suggestions', async () => {
    const doc = await untitled('// agents B29FC40\npacket p: CreateAgentSession {\n  lpContext = \n}\npacket q: CreateAgentSession {\n  \n}\n');
    const value = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(2, 14));
    assert.deepEqual(value.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label)), ['0x00000000', '0']);
    const fields = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(5, 2));
    const names = fields.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(names.includes('lpGroupID') && !names.includes('Req_Func') && !names.includes('Reserved1'), names.join(', '));
    assert.equal(fields.isIncomplete, true);
    assert.equal(vscode.workspace.getConfiguration('editor', { languageId: 'tapipkt' }).get('wordBasedSuggestions'), 'off');
  });

  it('inlay hints with field offsets on name a pinned size\'s offset once', async () => {
    const config = vscode.workspace.getConfiguration('tapipkt');
    await config.update('inlayHints.fieldOffsets', true, vscode.ConfigurationTarget.Global);
    try {
      const doc = await untitled('packet p: CreateAgentSession {\n  lpGroupID = {6B29FC40-CA47-1067-B31D-00DD010662DA}\n  dwSize = raw 8\n}\n');
      const hints = await poll('inlay hints with offsets', async () => {
        const hs = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, new vscode.Range(0, 0, 4, 0));
        return hs?.some((h) => (typeof h.label === 'string' ? h.label : '').includes('@36')) ? hs : undefined;
      });
      const onLine = hints.filter((h) => h.position.line === 2).map((h) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')));
      assert.equal(onLine.filter((l) => l.includes('@36')).length, 1, onLine.join(' | '));
    } finally {
      await config.update('inlayHints.fieldOffsets', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('a session step renames, is found and is defined like a packet (STEP of STEP.FIELD included)', async () => {
    const doc = await untitled(
      'session s {\n  init: Initialize { dwFriendlyNameOffset = "A" dwModuleNameOffset = "A" dwAPIVersion = 0x00020002 }\n' +
        '  open: Open { hLineApp = init.hLineApp dwDeviceID = 0 dwNegotiatedVersion = 0x00020002 dwPrivileges = LINECALLPRIVILEGE_NONE pCallParams = null }\n}\n',
    );
    const use = at(doc, 'init.hLineApp', 1);
    const loc = await poll('prepareRename on a step', () =>
      Promise.resolve(vscode.commands.executeCommand<{ range: vscode.Range; placeholder: string }>('vscode.prepareRename', doc.uri, use)));
    assert.equal(loc.placeholder, 'init');
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', doc.uri, use, 'start');
    assert.deepEqual(edit.get(doc.uri).map((e) => [doc.getText(e.range), e.newText, e.range.start.line]), [['init', 'start', 1], ['init', 'start', 2]]);
    // Another step's name is refused the standard way (the inline message, no toast).
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('vscode.executeDocumentRenameProvider', doc.uri, use, 'open')),
      (e: Error) => /already has a step 'open'/.test(e.message),
    );
    const refs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', doc.uri, at(doc, 'init:', 1));
    assert.equal(refs.length, 2);
    const defs = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', doc.uri, use);
    const d0 = defs[0];
    assert.ok(d0, 'a definition');
    assert.deepEqual('targetRange' in d0 ? d0.targetRange.start : d0.range.start, at(doc, 'init:', 0));
  });

  it('Find All References on a field gives its uses in the document (the peek view lists them)', async () => {
    const doc = await untitled(AGENT);
    const refs = await poll('references of hAgent', async () => {
      const rs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', doc.uri, at(doc, 'hAgent', 2));
      return rs?.length ? rs : undefined;
    });
    const here = refs.filter((r) => r.uri.toString() === doc.uri.toString()).map((r) => doc.getText(r.range));
    assert.deepEqual(here, ['hAgent', 'hAgent']);
    for (const r of refs) assert.ok(r.range instanceof vscode.Range, 'each reference has a range');
  });
});

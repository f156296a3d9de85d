/**
 * The extension in a real editor: diagnostics, hover, completion, CodeLens, inlay hints,
 * quick fixes, navigation, and the commands, all through the public `vscode` API. Results are
 * polled for; no fixed sleeps. Settings are set here (user level) so no command asks anything.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { poll } from './poll';

// CreateAgentSession of the worked example, 88 bytes (see test/e2e/e2e.mjs).
const EXPECTED_HEX =
  '93000000000000000000000034120000020001000700000000000000000000000c000000100000004200000000000000000000000000000000000000' +
  '340037003100310000000000' +
  '40fc296b47ca6710b31d00dd010662da';

const folder = (): vscode.Uri => {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'the suite needs a workspace folder (test/integration/fixtures copy)');
  return f.uri;
};
const fixture = (name: string): vscode.Uri => vscode.Uri.joinPath(folder(), name);

async function open(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fixture(name));
  return vscode.window.showTextDocument(doc, { preview: false });
}

function positionOf(doc: vscode.TextDocument, text: string, delta = 1): vscode.Position {
  const i = doc.getText().indexOf(text);
  assert.ok(i >= 0, `'${text}' not in ${doc.uri.toString()}`);
  return doc.positionAt(i + delta);
}

const flat = (s: string): string => s.replace(/\s+/g, '').toLowerCase();
const hoverText = (hs: vscode.Hover[]): string =>
  hs.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');

async function setSettings(values: Record<string, unknown>): Promise<void> {
  const config = vscode.workspace.getConfiguration('tapipkt');
  for (const [k, v] of Object.entries(values)) await config.update(k, v, vscode.ConfigurationTarget.Global);
}

describe('tapipkt extension', () => {
  before(async () => {
    await setSettings({ 'encode.output': 'untitled', 'encode.format': 'hex', 'diagnostics.delay': 50 });
  });
  after(async () => {
    await setSettings({ 'encode.output': undefined, 'encode.format': undefined, 'diagnostics.delay': undefined, 'test.encodeToFilePath': undefined, 'test.decodeInput': undefined });
  });

  it('activates on a .tapipkt file and registers its commands', async () => {
    const ed = await open('worked-example.tapipkt');
    assert.equal(ed.document.languageId, 'tapipkt');
    const ext = vscode.extensions.getExtension('tapipkt.tapipkt');
    assert.ok(ext, 'extension tapipkt.tapipkt is loaded');
    await poll('activation', () => ext.isActive);
    const commands = await vscode.commands.getCommands(true);
    for (const c of ['tapipkt.encode', 'tapipkt.encodeToFile', 'tapipkt.decode', 'tapipkt.showLayout', 'tapipkt.copyHex', 'tapipkt.copyC']) {
      assert.ok(commands.includes(c), `command ${c} registered`);
    }
  });

  it('reports an unknown field as an error with code TP1102 and source tapipkt', async () => {
    const ed = await open('broken.tapipkt');
    const diags = await poll('diagnostics on broken.tapipkt', () => {
      const ds = vscode.languages.getDiagnostics(ed.document.uri);
      return ds.length ? ds : undefined;
    });
    const d = diags.find((x) => x.code === 'TP1102');
    assert.ok(d, `a TP1102 diagnostic among ${JSON.stringify(diags.map((x) => x.code))}`);
    assert.equal(d.source, 'tapipkt');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(ed.document.getText(d.range), 'hAgnet');
  });

  it('has no errors on the worked example, and updates diagnostics as the text changes', async () => {
    const ed = await open('worked-example.tapipkt');
    const uri = ed.document.uri;
    await poll('no errors', () => vscode.languages.getDiagnostics(uri).every((d) => d.severity !== vscode.DiagnosticSeverity.Error) && vscode.languages.getDiagnostics(uri).length === 0);
    const at = positionOf(ed.document, 'hAgent', 0);
    await ed.edit((e) => e.replace(new vscode.Range(at, at.translate(0, 6)), 'hAgnet'));
    await poll('an error after the edit', () => vscode.languages.getDiagnostics(uri).some((d) => d.code === 'TP1102'));
    await vscode.commands.executeCommand('undo');
    await poll('no errors after undo', () => vscode.languages.getDiagnostics(uri).length === 0);
  });

  it('clears diagnostics when the document closes', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'tapipkt', content: 'packet p: CreateAgentSession { hAgnet = 7 }\n' });
    await vscode.window.showTextDocument(doc);
    await poll('diagnostics on the untitled document', () => vscode.languages.getDiagnostics(doc.uri).length > 0);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await poll('no diagnostics after close', () => vscode.languages.getDiagnostics(doc.uri).length === 0);
  });

  it('resolves imports inside the workspace folder', async () => {
    const ed = await open('uses-import.tapipkt');
    await poll('uses-import.tapipkt checked without errors', async () => {
      const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', ed.document.uri)) ?? [];
      return lenses.some((l) => l.command?.title.includes('Encode')) && !vscode.languages.getDiagnostics(ed.document.uri).some((d) => d.severity === vscode.DiagnosticSeverity.Error);
    });
  });

  it('refuses an import that leaves the workspace folder (TP1203)', async () => {
    const ed = await open('escape.tapipkt');
    await poll('TP1203', () => vscode.languages.getDiagnostics(ed.document.uri).some((d) => d.code === 'TP1203'));
  });

  it('hover on lpGroupID shows its offset 12 and the GUID bytes', async () => {
    const ed = await open('worked-example.tapipkt');
    const hovers = await poll('a hover', async () => {
      const hs = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', ed.document.uri, positionOf(ed.document, 'lpGroupID', 3));
      return hs?.length ? hs : undefined;
    });
    const text = hoverText(hovers);
    assert.ok(text.includes('12'), text);
    assert.ok(flat(text).includes('40fc296b'), text);
  });

  it('completes field names inside a packet', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'tapipkt', content: 'packet p: CreateAgentSession {\n  \n}\n' });
    await vscode.window.showTextDocument(doc);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(1, 2));
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('lpGroupID'), `lpGroupID among ${labels.slice(0, 30).join(', ')}`);
  });

  it('shows a CodeLens "Encode" with the size above each packet', async () => {
    const ed = await open('worked-example.tapipkt');
    const lenses = await poll('CodeLenses', async () => {
      const ls = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', ed.document.uri);
      return ls?.length ? ls : undefined;
    });
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.ok(titles.some((t) => t.includes('Encode') && t.includes('88 bytes')), titles.join(' | '));
    assert.ok(titles.includes('Copy hex') && titles.includes('Copy as C') && titles.includes('Layout'), titles.join(' | '));
  });

  it('shows inlay hints for computed values', async () => {
    const ed = await open('worked-example.tapipkt');
    const range = new vscode.Range(0, 0, ed.document.lineCount, 0);
    const hints = await poll('inlay hints', async () => {
      const hs = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', ed.document.uri, range);
      return hs?.length ? hs : undefined;
    });
    const labels = hints.map((h) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')));
    assert.ok(labels.some((l) => /\d/.test(l)), labels.join(' | '));
    await setSettings({ 'inlayHints.enabled': false });
    try {
      const none = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', ed.document.uri, range);
      assert.equal(none?.length ?? 0, 0);
    } finally {
      await setSettings({ 'inlayHints.enabled': undefined });
    }
  });

  it('offers a quick fix for a misspelled field', async () => {
    const ed = await open('broken.tapipkt');
    const d = await poll('TP1102', () => vscode.languages.getDiagnostics(ed.document.uri).find((x) => x.code === 'TP1102'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', ed.document.uri, d.range);
    assert.ok(actions.some((a) => a.title.includes('hAgent')), actions.map((a) => a.title).join(' | '));
  });

  it('lists symbols, folds blocks and returns semantic tokens', async () => {
    const ed = await open('two-packets.tapipkt');
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', ed.document.uri);
    assert.deepEqual(symbols.map((s) => s.name), ['first', 'second']);
    const folds = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', ed.document.uri);
    assert.ok(folds.length >= 2, `folding ranges: ${folds.length}`);
    const tokens = await vscode.commands.executeCommand<vscode.SemanticTokens>('vscode.provideDocumentSemanticTokens', ed.document.uri);
    assert.ok(tokens && tokens.data.length > 0, 'semantic tokens');
  });

  it('goes to the definition of a catalog layout in a read-only tapipkt-catalog document', async () => {
    const ed = await open('worked-example.tapipkt');
    const defs = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', ed.document.uri, positionOf(ed.document, 'CreateAgentSession', 2));
    assert.ok(defs.length > 0, 'a definition');
    const first = defs[0]!;
    const uri = 'targetUri' in first ? first.targetUri : first.uri;
    assert.equal(uri.scheme, 'tapipkt-catalog');
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.match(doc.getText(), /request\s+CreateAgentSession\s*=\s*147/);
  });

  it('finds references and renames a packet', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'tapipkt', content: 'packet a: CreateAgentSession { hAgent = 1 }\npacket b: CreateAgentSession { hAgent = 2 }\n' });
    await vscode.window.showTextDocument(doc);
    const refs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', doc.uri, positionOf(doc, 'hAgent', 1));
    assert.ok(refs.length >= 2, `references: ${refs.length}`);
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', doc.uri, new vscode.Position(0, 7), 'renamed');
    assert.ok(edit && edit.size > 0, 'a rename edit');
  });

  it('Encode opens an untitled editor with the hex, and JSON gives the request', async () => {
    const ed = await open('worked-example.tapipkt');
    ed.selection = new vscode.Selection(positionOf(ed.document, 'lpGroupID'), positionOf(ed.document, 'lpGroupID'));
    const text = await vscode.commands.executeCommand<string>('tapipkt.encode');
    assert.ok(text && flat(text).includes(EXPECTED_HEX), String(text));
    const active = vscode.window.activeTextEditor;
    assert.ok(active?.document.isUntitled, 'an untitled editor is active');
    assert.ok(flat(active.document.getText()).includes(EXPECTED_HEX));

    await setSettings({ 'encode.format': 'json' });
    try {
      const json = await vscode.commands.executeCommand<string>('tapipkt.encode', ed.document.uri, 'supportLogin');
      const req = JSON.parse(json) as { packet: string; fields: Record<string, unknown> };
      assert.equal(req.packet, 'CreateAgentSession');
      assert.equal(req.fields.lpszAgentPIN, '4711');
    } finally {
      await setSettings({ 'encode.format': 'hex' });
    }
    const c = await vscode.commands.executeCommand<string>('tapipkt.copyC', ed.document.uri, 'supportLogin');
    assert.match(c, /unsigned char supportLogin\[88\]/);
    assert.equal(await vscode.env.clipboard.readText(), c);
  });

  it('Encode refuses a packet with errors, without throwing', async () => {
    const ed = await open('broken.tapipkt');
    ed.selection = new vscode.Selection(positionOf(ed.document, 'hLine'), positionOf(ed.document, 'hLine'));
    const r = await vscode.commands.executeCommand('tapipkt.encode');
    assert.equal(r, undefined);
  });

  it('Encode to File writes the 88 bytes atomically and replaces an existing file', async () => {
    const target = fixture('out/encoded.bin');
    await vscode.workspace.fs.createDirectory(fixture('out'));
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode('old contents'));
    await setSettings({ 'test.encodeToFilePath': target.fsPath });
    await open('worked-example.tapipkt');
    const written = await vscode.commands.executeCommand<vscode.Uri>('tapipkt.encodeToFile');
    assert.equal(written?.fsPath, target.fsPath);
    const bytes = await vscode.workspace.fs.readFile(target);
    assert.equal(Buffer.from(bytes).toString('hex'), EXPECTED_HEX);
    const left = (await vscode.workspace.fs.readDirectory(fixture('out'))).map(([n]) => n);
    assert.deepEqual(left, ['encoded.bin'], 'no temp file left behind');
  });

  it('Decode opens a tapipkt document that encodes back to the same bytes', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('tapipkt.decode', EXPECTED_HEX);
    assert.ok(uri, 'a decoded document');
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.languageId, 'tapipkt');
    assert.ok(doc.getText().includes('lpGroupID'), doc.getText());
    const again = await vscode.commands.executeCommand<string>('tapipkt.encode', doc.uri);
    assert.ok(flat(again).includes(EXPECTED_HEX), again);

    await setSettings({ 'test.decodeInput': EXPECTED_HEX });
    try {
      const viaSetting = await vscode.commands.executeCommand<vscode.Uri>('tapipkt.decode');
      assert.ok(viaSetting && viaSetting.toString() !== uri.toString());
    } finally {
      await setSettings({ 'test.decodeInput': undefined });
    }
  });

  it('Show Layout lists every field with its offset', async () => {
    const ed = await open('worked-example.tapipkt');
    const rows = await vscode.commands.executeCommand<{ path: string; offset: number; size: number }[]>('tapipkt.showLayout', ed.document.uri, 'supportLogin');
    const group = rows.find((r) => r.path === 'lpGroupID' && r.size === 4);
    assert.ok(group, JSON.stringify(rows.map((r) => r.path)));
    assert.equal(group.offset, 32);
  });
});

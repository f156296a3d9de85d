/**
 * The commands and views stay true while you type (issue 12): a packet with a syntax slip is
 * refused by the CodeLens and every command; Show Layout follows its document; decode blocks
 * have their own CodeLens and layout. Results are polled for; no fixed sleeps.
 */
import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as vscode from 'vscode';
import { poll } from './poll';

const WORKED_HEX =
  '93000000000000000000000034120000020001000700000000000000000000000c00000010000000420000000000000000000000000000000000000034003700310031000000000040fc296b47ca6710b31d00dd010662da';

const WORKED = `packet supportLogin: CreateAgentSession {
  dwRequestID = 0
  lpContext = 0x1234
  hLine = 0x00010002
  hAgent = 7
  lpszAgentPIN = "4711"
  dwWorkingAddressID = 0
  lpGroupID = {6B29FC40-CA47-1067-B31D-00DD010662DA}
  lphAgentSessionContext = 0x42
}
`;

interface Row {
  path: string;
  offset: number;
  size: number;
  kind: string;
  hex: string;
  note?: string;
}
interface LayoutState {
  uri: string;
  version: number;
  page: { title: string; source: string; rows: Row[]; banner?: string; stale: boolean };
}

async function setSettings(values: Record<string, unknown>): Promise<void> {
  const config = vscode.workspace.getConfiguration('tapipkt');
  for (const [k, v] of Object.entries(values)) await config.update(k, v, vscode.ConfigurationTarget.Global);
}

async function untitled(content: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ language: 'tapipkt', content });
  return vscode.window.showTextDocument(doc, { preview: false });
}

const lensTitles = async (uri: vscode.Uri): Promise<string[]> =>
  ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? []).map((l) => l.command?.title ?? '');

const layoutState = (): Thenable<LayoutState | undefined> => vscode.commands.executeCommand<LayoutState | undefined>('tapipkt.test.layoutState');

/** Replaces the first `from` in the editor's text by `to`. */
async function replace(ed: vscode.TextEditor, from: string, to: string): Promise<void> {
  const i = ed.document.getText().indexOf(from);
  assert.ok(i >= 0, `'${from}' in the document`);
  const ok = await ed.edit((e) => e.replace(new vscode.Range(ed.document.positionAt(i), ed.document.positionAt(i + from.length)), to));
  assert.ok(ok, 'edit applied');
}

describe('tapipkt commands stay true while you type', () => {
  before(async () => {
    await setSettings({ 'encode.output': 'untitled', 'encode.format': 'hex', 'diagnostics.delay': 50 });
  });
  after(async () => {
    await setSettings({ 'encode.output': undefined, 'encode.format': undefined, 'diagnostics.delay': undefined, 'test.encodeToFilePath': undefined, 'test.generateMutants': undefined });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a packet whose line lost its name: the CodeLens counts the error and every command refuses', async () => {
    const ed = await untitled(WORKED);
    const uri = ed.document.uri;
    await poll('the Encode (88 bytes) lens', async () => (await lensTitles(uri)).some((t) => t.includes('Encode (88 bytes)')));
    await replace(ed, 'hAgent = 7', '= 7');
    const titles = await poll('an error lens instead of Encode', async () => {
      const ts = await lensTitles(uri);
      return ts.some((t) => t.includes('1 error, first on line 5')) ? ts : undefined;
    });
    assert.ok(!titles.some((t) => t.includes('Encode (')), titles.join(' | '));
    await poll('TP1001 in Problems', () => vscode.languages.getDiagnostics(uri).some((d) => d.code === 'TP1001'));
    const target = vscode.Uri.file(`${os.tmpdir()}/tapipkt-slip-${Date.now()}.bin`);
    await setSettings({ 'test.encodeToFilePath': target.fsPath });
    for (const command of ['tapipkt.encode', 'tapipkt.encodeToFile', 'tapipkt.copyHex', 'tapipkt.copyC', 'tapipkt.showLayout']) {
      assert.equal(await vscode.commands.executeCommand(command, uri, 'supportLogin'), undefined, `${command} refuses`);
      ed.selection = new vscode.Selection(new vscode.Position(2, 3), new vscode.Position(2, 3));
      assert.equal(await vscode.commands.executeCommand(command), undefined, `${command} at the cursor refuses`);
    }
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(target)), 'nothing was written');
    await replace(ed, '= 7', 'hAgent = 7');
    await poll('Encode is back once the slip is fixed', async () => (await lensTitles(uri)).some((t) => t.includes('Encode (88 bytes)')));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('Generate Mutants (CodeLens "Mutants"): a .jsonl of every mode beside the file, each line a mutant of that packet', async () => {
    const ed = await untitled(WORKED);
    const uri = ed.document.uri;
    await poll('the Mutants lens', async () => (await lensTitles(uri)).includes('Mutants'));
    await setSettings({ 'test.generateMutants': 'all 5' });
    const target = await vscode.commands.executeCommand<vscode.Uri>('tapipkt.generateMutants', uri, 'supportLogin');
    assert.ok(target, 'the command returns the file it wrote');
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
      const lines = text.trim().split('\n').map((l) => JSON.parse(l) as { hex: string; mode: string; mutation: { rule?: string } });
      assert.deepEqual(lines.map((l) => l.mode), ['valid', 'valid', 'valid', 'valid', 'valid', 'break', 'break', 'break', 'break', 'break', 'raw', 'raw', 'raw', 'raw', 'raw']);
      assert.ok(lines.every((l) => l.hex !== WORKED_HEX));
      assert.ok(lines.filter((l) => l.mode === 'break').every((l) => /^TP3\d{3}$/.test(l.mutation.rule ?? '')));
      assert.match(target.path, /-supportLogin-mutants\.jsonl$/);
    } finally {
      await vscode.workspace.fs.delete(target);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('Show Layout follows its document: an edit, an undo, a slip, the file and packet named', async () => {
    const ed = await untitled(WORKED);
    const rows = await vscode.commands.executeCommand<Row[]>('tapipkt.showLayout', ed.document.uri, 'supportLogin');
    assert.equal(rows.find((r) => r.path === 'hAgent')?.hex, '07000000');
    await vscode.window.showTextDocument(ed.document);
    const hAgent = async (): Promise<string | undefined> => (await layoutState())?.page.rows.find((r) => r.path === 'hAgent')?.hex;
    const first = await layoutState();
    assert.ok(first?.page.source.includes('Untitled'), first?.page.source);
    assert.match(first!.page.title, /^supportLogin: CreateAgentSession$/);

    await replace(ed, 'hAgent = 7', 'hAgent = 77');
    await poll('the view to show hAgent = 77 (4d 00 00 00)', async () => (await hAgent()) === '4d000000');
    await vscode.commands.executeCommand('undo');
    await poll('the view to show hAgent = 7 again after undo', async () => (await hAgent()) === '07000000' && (await layoutState())!.version === ed.document.version);

    await replace(ed, 'hAgent = 7', '= 7');
    const broken = await poll('a banner saying the packet has an error now', async () => {
      const s = await layoutState();
      return s?.page.banner?.includes('has 1 error now, first on line 5') ? s : undefined;
    });
    assert.equal(broken.page.stale, true);
    assert.ok(!/`/.test(broken.page.banner!), 'no literal backticks');
    await replace(ed, '= 7', 'hAgent = 9');
    await poll('the banner gone and hAgent = 9', async () => {
      const s = await layoutState();
      return s && !s.page.banner && !s.page.stale && (await hAgent()) === '09000000';
    });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('bytes a pinned offset aims at in varData get a labelled row', async () => {
    const ed = await untitled(`packet pinned: CreateAgentSession {
  lpszAgentPIN = raw 0
  lpGroupID = raw 8
  dwSize = raw 16
  varData = hex { 34 00 37 00 00 00 00 00 40 fc 29 6b 47 ca 67 10 b3 1d 00 dd 01 06 62 da }
}
`);
    const rows = await vscode.commands.executeCommand<Row[]>('tapipkt.showLayout', ed.document.uri, 'pinned');
    const group = rows.find((r) => r.path === 'lpGroupID → item');
    assert.deepEqual(group && [group.offset, group.size, group.kind, group.note], [68, 16, 'target', 'pinned offset 8 (guid)']);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('a file with only decode blocks: CodeLens, Layout and Open as packet; nothing in Problems but the short block, at its start', async () => {
    const ed = await untitled(`// a capture\ndecode { ${WORKED_HEX} }\ndecode { 93000000 00000000 00000000 00000000 00000000 }\n`);
    const uri = ed.document.uri;
    const lenses = await poll('decode lenses', async () => {
      const ls = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
      return ls.some((l) => l.command?.title.includes('CreateAgentSession · 88 bytes')) ? ls : undefined;
    });
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.ok(titles.includes('Open as packet') && titles.includes('Layout'), titles.join(' | '));
    assert.ok(titles.some((t) => t.includes('1 error, first on line 3')), titles.join(' | '));
    const diags = await poll('the short block error', () => {
      const ds = vscode.languages.getDiagnostics(uri);
      return ds.some((d) => d.code === 'TP2101') ? ds : undefined;
    });
    assert.deepEqual(diags.map((d) => [d.code, d.range.start.line, d.range.start.character]), [['TP2101', 2, 0]], 'no Info under the decode keywords');

    // Show Layout with the cursor in no packet: the file's only good... here two blocks, so the cursor picks.
    ed.selection = new vscode.Selection(new vscode.Position(1, 3), new vscode.Position(1, 3));
    const rows = await vscode.commands.executeCommand<Row[]>('tapipkt.showLayout');
    assert.equal(rows.find((r) => r.path === 'lpGroupID' && r.kind === 'field')?.offset, 32);
    const state = await layoutState();
    assert.match(state!.page.title, /^decode block 1: CreateAgentSession$/);

    const open = lenses.find((l) => l.command?.title === 'Open as packet')!.command!;
    const decoded = await vscode.commands.executeCommand<vscode.Uri>(open.command, ...(open.arguments ?? []));
    const doc = await vscode.workspace.openTextDocument(decoded);
    assert.ok(doc.getText().includes('lpGroupID'), doc.getText());
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});

describe('capture commands', () => {
  const root = (): string => vscode.extensions.getExtension('tapipkt.tapipkt')!.extensionPath;
  after(async () => {
    await setSettings({ 'test.importCapture': undefined });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Write Wireshark Dissector opens the Lua plugin generated from the catalog', async () => {
    const text = await vscode.commands.executeCommand<string>('tapipkt.writeDissector');
    assert.match(text, /^-- tapsrv\.lua: a Wireshark dissector/);
    assert.match(text, /layouts\[147\] = \{name="CreateAgentSession"/);
    assert.equal(vscode.window.activeTextEditor?.document.getText(), text);
  });

  it('Import Capture opens the session of a captured exchange, which checks clean', async () => {
    await setSettings({ 'test.importCapture': `${root()}/test/fixtures/dissector/agent-session.pcap | tcp.port==35529,dcerpc` });
    const text = await vscode.commands.executeCommand<string>('tapipkt.importCapture');
    assert.match(text ?? '', /^session agent_session \{$/m);
    assert.match(text ?? '', /^decode reply createAgentSession1 \{$/m);
    const doc = vscode.window.activeTextEditor!.document;
    assert.equal(doc.languageId, 'tapipkt');
    assert.equal(doc.getText(), text);
    // The imported text is a session the editor accepts: no error diagnostics once it is checked.
    await poll('the imported session checked', async () => (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri))?.length !== 0);
    assert.deepEqual(vscode.languages.getDiagnostics(doc.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error).map((d) => d.message), []);
  });

  it('Import Capture on a file that is no capture says why and opens nothing', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setSettings({ 'test.importCapture': `${root()}/package.json` });
    const text = await vscode.commands.executeCommand<string | undefined>('tapipkt.importCapture');
    assert.equal(text, undefined);
    assert.equal(vscode.window.activeTextEditor, undefined);
  });
});

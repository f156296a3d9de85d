/**
 * Lists in a real editor (issue 14): hover on an entry gives its index, offset and size; the
 * outline lists the entries under their field; an inlay hint shows the computed count. The
 * packet is examples/catalog/MonitorTones.tapipkt's (two LINEMONITORTONE entries of 20 bytes
 * from offset 60). Results are polled for; no fixed sleeps.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { poll } from './poll';

const MONITOR_TONES = `packet example: MonitorTones {
  lpToneList = [
    { dwAppSpecific = 1  dwDuration = 500  dwFrequency1 = 350  dwFrequency2 = 440 }
    { dwAppSpecific = 2  dwDuration = 250  dwFrequency1 = 480  dwFrequency2 = 620 }
  ]
  dwToneListID = 1
}
`;

async function openMonitorTones(): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument({ language: 'tapipkt', content: MONITOR_TONES });
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

const hoverText = (hs: vscode.Hover[]): string =>
  hs.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');

describe('lists in the editor', () => {
  it("hover on an entry gives its index, type, offset and size", async () => {
    const doc = await openMonitorTones();
    const at = doc.positionAt(doc.getText().indexOf('{ dwAppSpecific = 2'));
    const text = await poll('a hover on lpToneList[1]', async () => {
      const t = hoverText((await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at)) ?? []);
      return t.includes('lpToneList[1]') ? t : undefined;
    });
    assert.match(text, /entry 1 of 2, a `LINEMONITORTONE`/, text);
    assert.match(text, /bytes 80\.\.99 of the packet \(20 bytes\)/, text);
  });

  it('the outline lists the entries under their field', async () => {
    const doc = await openMonitorTones();
    const symbols = await poll('document symbols', async () => {
      const s = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
      return s?.length ? s : undefined;
    });
    const list = symbols[0]?.children.find((c) => c.name === 'lpToneList');
    assert.deepEqual(list?.children.map((c) => c.name), ['[0]', '[1]']);
    assert.deepEqual(list?.children[1]?.children.map((c) => c.name), ['dwAppSpecific', 'dwDuration', 'dwFrequency1', 'dwFrequency2']);
  });

  it("inlay hints show each entry's offset and the computed dwNumEntries", async () => {
    const doc = await openMonitorTones();
    const range = new vscode.Range(0, 0, doc.lineCount, 0);
    const labels = await poll('inlay hints with the computed count', async () => {
      const hs = (await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, range)) ?? [];
      const ls = hs.map((h) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')).trim());
      return ls.some((l) => l.includes('dwNumEntries = 40')) ? ls : undefined;
    });
    assert.ok(labels.some((l) => l.includes('#1 @80, 20 B')), labels.join(' | '));
  });
});

/**
 * `tapipkt.showLayout`: a webview with the bytes of a packet or of a decode block, one row per
 * field, item, aimed-at range and unexplained bytes, above the byte grid. The view follows the
 * document it was opened from: it renders again after each edit (debounced like diagnostics,
 * `tapipkt.diagnostics.delay`), says so when the packet now has errors or is gone (keeping the
 * last good layout, dimmed), and names the file and packet it shows. Returns the rows, for tests;
 * `tapipkt.test.layoutState` (not in the palette) returns what the view shows now, for tests.
 */
import * as vscode from 'vscode';
import type { LayoutViewModel, LayoutViewRow, LayoutTarget } from '../../src/language/index.js';
import type { TapipktContext } from '../context.js';
import { layoutHtml, type LayoutPage } from './layout-html.js';
import { baseName, documentOf } from './packet-target.js';

/** What the view shows now (the test hook's answer). */
export interface LayoutState {
  uri: string;
  target: LayoutTarget;
  /** The document version the view last rendered. */
  version: number;
  page: LayoutPage;
}

/** The model's display name: `supportLogin: CreateAgentSession` or `decode block 2: CreateAgentSession`. */
function titleOf(m: Pick<LayoutViewModel, 'name' | 'type' | 'target'>): string {
  const name = 'decode' in m.target ? `decode block ${m.target.decode + 1}` : m.name;
  return `${name}: ${m.type ?? '?'}`;
}

function targetName(t: LayoutTarget): string {
  return 'packet' in t ? `'${t.packet}'` : `decode block ${t.decode + 1}`;
}

/** The target named by a command argument: a packet name (CodeLens), `{packet}` or `{decode}`. */
function targetArg(arg: unknown): LayoutTarget | undefined {
  if (typeof arg === 'string') return { packet: arg };
  if (typeof arg === 'object' && arg !== null) {
    const o = arg as { packet?: unknown; decode?: unknown };
    if (typeof o.packet === 'string') return { packet: o.packet };
    if (typeof o.decode === 'number') return { decode: o.decode };
  }
  return undefined;
}

class LayoutView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private state: LayoutState | undefined;
  private lastGood: LayoutViewModel | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly subs: vscode.Disposable[] = [];

  constructor(private readonly ext: TapipktContext) {
    this.subs.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length && this.state && e.document.uri.toString() === this.state.uri) this.schedule(e.document);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (this.state && d.uri.toString() === this.state.uri) this.showGone(`${baseName(d)} was closed; this is its last layout.`);
      }),
      // An imported file changed: the packet may encode differently.
      ext.host.onDidChange(() => {
        const doc = this.doc();
        if (doc) this.schedule(doc);
      }),
    );
  }

  /** Shows a target of a document and follows that document from now on. */
  show(doc: vscode.TextDocument, target: LayoutTarget, model: LayoutViewModel): void {
    this.lastGood = model;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('tapipkt.layout', 'tapipkt layout', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: false });
      this.panel.onDidDispose(() => {
        this.panel = undefined;
        this.state = undefined;
        clearTimeout(this.timer);
      });
    }
    this.render(doc, target, model);
    this.panel.reveal(undefined, true);
  }

  current(): LayoutState | undefined {
    return this.panel ? this.state : undefined;
  }

  private doc(): vscode.TextDocument | undefined {
    return this.state ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === this.state!.uri) : undefined;
  }

  private schedule(doc: vscode.TextDocument): void {
    clearTimeout(this.timer);
    const delay = Math.max(0, this.ext.config().get<number>('diagnostics.delay', 300));
    this.timer = setTimeout(
      this.ext.guard('Show Layout', () => this.refresh(doc)),
      delay,
    );
  }

  /** Renders the followed target from the document's current text. */
  private refresh(doc: vscode.TextDocument): void {
    if (!this.panel || !this.state || doc.isClosed) return;
    const uri = this.ext.docs.sync(doc);
    const target = this.state.target;
    const model = this.ext.service.getLayout(uri, target);
    if (model?.bytes) this.lastGood = model;
    this.render(doc, target, model);
  }

  private render(doc: vscode.TextDocument, target: LayoutTarget, model: LayoutViewModel | undefined): void {
    if (!this.panel) return;
    const good = model?.bytes ? model : undefined;
    const shown = good ?? this.lastGood;
    let banner: string | undefined;
    if (!model) banner = `${targetName(target)} is no longer in ${baseName(doc)}.${shown ? ' Showing its last layout.' : ''}`;
    else if (!good) {
      const n = model.errors.length;
      const first = model.errors[0];
      const where = first ? `, first on line ${first.line + 1}: ${first.message}` : '';
      banner = `${targetName(target)} has ${n} error${n === 1 ? '' : 's'} now${where}.${shown ? ' Showing the layout before the edit.' : ''}`;
    }
    const line = (model ?? shown)?.line;
    const page: LayoutPage = {
      title: shown ? titleOf(shown) : targetName(target),
      source: `${baseName(doc)}${line !== undefined ? `, line ${line + 1}` : ''} · follows edits`,
      ...(shown?.bytes ? { bytes: shown.bytes } : {}),
      rows: shown?.rows ?? [],
      ...(banner ? { banner } : {}),
      stale: !good,
    };
    this.state = { uri: doc.uri.toString(), target, version: doc.version, page };
    this.panel.title = `Layout: ${'packet' in target ? target.packet : `decode ${target.decode + 1}`} (${baseName(doc)})`;
    const nonce = Math.random().toString(36).slice(2) + Date.now().toString(36);
    this.panel.webview.html = layoutHtml(page, nonce);
  }

  private showGone(banner: string): void {
    if (!this.panel || !this.state) return;
    clearTimeout(this.timer);
    this.state = { ...this.state, page: { ...this.state.page, banner, stale: true } };
    this.panel.webview.html = layoutHtml(this.state.page, Math.random().toString(36).slice(2));
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.subs.forEach((s) => s.dispose());
    this.panel?.dispose();
  }
}

/** The target at the cursor, the document's only one, or one picked from a list. */
async function chooseTarget(ext: TapipktContext, doc: vscode.TextDocument, uri: string): Promise<LayoutTarget | undefined> {
  const editor = vscode.window.activeTextEditor;
  const offset = editor?.document === doc ? doc.offsetAt(editor.selection.active) : -1;
  const at = ext.service.layoutTargetAt(uri, offset);
  if (at) return at;
  const all = ext.service.layoutTargets(uri);
  if (all.length === 0) {
    void vscode.window.showInformationMessage(`tapipkt: ${baseName(doc)} has no packet and no decode block to show. Write a packet as: packet NAME: TYPE { ... }`);
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    all.map((t) => ({ label: t.label, description: t.type ?? '', detail: `line ${t.line + 1}`, t })),
    { title: 'tapipkt: show the layout of', placeHolder: 'The cursor is not in a packet or decode block; pick one' },
  );
  return pick?.t.target;
}

export function registerLayoutCommand(ext: TapipktContext): void {
  const view = ext.own(new LayoutView(ext));
  ext.own(
    vscode.commands.registerCommand(
      'tapipkt.showLayout',
      ext.guard('Show Layout', async (uriArg?: unknown, targetArgument?: unknown): Promise<LayoutViewRow[] | undefined> => {
        const doc = await documentOf(uriArg);
        if (!doc) {
          void vscode.window.showInformationMessage('tapipkt: open a .tapipkt file and put the cursor in a packet first.');
          return undefined;
        }
        const uri = ext.docs.sync(doc);
        const target = targetArg(targetArgument) ?? (await chooseTarget(ext, doc, uri));
        if (!target) return undefined;
        const model = ext.service.getLayout(uri, target);
        if (!model) {
          void vscode.window.showWarningMessage(`tapipkt: no ${targetName(target)} in ${baseName(doc)}.`);
          return undefined;
        }
        if (!model.bytes) {
          const n = model.errors.length;
          const first = model.errors[0];
          void vscode.window
            .showErrorMessage(`tapipkt: ${targetName(target)} has ${n} error${n === 1 ? '' : 's'}${first ? `, first on line ${first.line + 1}: ${first.message}` : ''}. Fix ${n === 1 ? 'it' : 'them'} to see its layout.`, 'Show Problems')
            .then((pick) => pick && vscode.commands.executeCommand('workbench.actions.view.problems'));
          return undefined;
        }
        view.show(doc, target, model);
        return model.rows;
      }),
    ),
  );
  ext.own(vscode.commands.registerCommand('tapipkt.test.layoutState', () => view.current()));
}

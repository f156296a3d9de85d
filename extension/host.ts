/**
 * How the language service reads imported files: only files inside the workspace folder of
 * the importing document. Open documents win; `file:` URIs are read from disk (synchronously,
 * since the service is synchronous); other schemes (virtual workspaces) through
 * `vscode.workspace.fs`, in the background, after which `onDidChange` asks for a new check.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LANGUAGE_LIMITS, type LanguageHost } from '../src/language/index.js';

export class WorkspaceHost implements LanguageHost, vscode.Disposable {
  private readonly cache = new Map<string, string | undefined>();
  private readonly pending = new Set<string>();
  private readonly changed = new vscode.EventEmitter<string>();
  private readonly watcher: vscode.FileSystemWatcher;
  /** Fires with a URI whose text may have changed outside the editor. */
  readonly onDidChange = this.changed.event;

  constructor() {
    this.watcher = vscode.workspace.createFileSystemWatcher('**/*.tapipkt');
    const drop = (u: vscode.Uri): void => {
      this.cache.delete(u.toString());
      this.changed.fire(u.toString());
    };
    this.watcher.onDidChange(drop);
    this.watcher.onDidCreate(drop);
    this.watcher.onDidDelete(drop);
  }

  rootOf(uri: string): string | undefined {
    return vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(uri))?.uri.toString();
  }

  readFile(uri: string): string | undefined {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    if (open) return open.getText();
    const root = this.rootOf(uri);
    if (!root) return undefined;
    if (this.cache.has(uri)) return this.cache.get(uri);
    const u = vscode.Uri.parse(uri);
    if (u.scheme === 'file') {
      const text = readInside(u.fsPath, vscode.Uri.parse(root).fsPath);
      this.cache.set(uri, text);
      return text;
    }
    this.fetch(u);
    return undefined;
  }

  private fetch(u: vscode.Uri): void {
    const key = u.toString();
    if (this.pending.has(key)) return;
    this.pending.add(key);
    void Promise.resolve(vscode.workspace.fs.readFile(u))
      .then(
        (bytes) => (bytes.length > LANGUAGE_LIMITS.maxFileSize ? undefined : new TextDecoder().decode(bytes)),
        () => undefined,
      )
      .then((text) => {
        this.pending.delete(key);
        this.cache.set(key, text);
        if (text !== undefined) this.changed.fire(key);
      });
  }

  dispose(): void {
    this.watcher.dispose();
    this.changed.dispose();
  }
}

/** Reads a file if it (after following links) is inside `root` and not too large. */
function readInside(file: string, root: string): string | undefined {
  try {
    const real = fs.realpathSync(file);
    const realRoot = fs.realpathSync(root);
    const rel = path.relative(realRoot, real);
    if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    if (fs.statSync(real).size > LANGUAGE_LIMITS.maxFileSize) return undefined;
    return fs.readFileSync(real, 'utf8');
  } catch {
    return undefined;
  }
}

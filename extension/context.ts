/**
 * The one object that owns everything the extension creates: the language service, the output
 * channel, the open-document sync and every disposable. `guard()` wraps each provider and command
 * so that an exception is logged (with what was running) and shown, never thrown into the host.
 */
import * as vscode from 'vscode';
import { builtinCatalog } from '../src/catalog/index.js';
import { createLanguageService, type LanguageService } from '../src/language/index.js';
import { DocumentSync } from './documents.js';
import { WorkspaceHost } from './host.js';

/** The language service the glue calls (pure; offsets in, plain data out). */
export type Service = LanguageService;

/** Minimum time between two error toasts for the same feature (the log gets every error). */
const TOAST_INTERVAL_MS = 30_000;

/** A provider or command call that blocks the extension host this long is logged (info). */
const SLOW_CALL_MS = 500;

export class TapipktContext implements vscode.Disposable {
  readonly log: vscode.LogOutputChannel;
  readonly host: WorkspaceHost;
  readonly service: Service;
  readonly docs: DocumentSync;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly lastToast = new Map<string, number>();

  constructor(readonly extension: vscode.ExtensionContext) {
    this.log = this.own(vscode.window.createOutputChannel('tapipkt', { log: true }));
    this.host = this.own(new WorkspaceHost());
    this.service = createLanguageService({
      catalog: builtinCatalog,
      host: this.host,
      openUris: () => vscode.workspace.textDocuments.filter(isTapipkt).map((d) => d.uri.toString()),
    });
    this.docs = new DocumentSync(this.service);
  }

  /** Takes ownership of a disposable; it is disposed with the extension. */
  own<T extends vscode.Disposable>(d: T): T {
    this.disposables.push(d);
    return d;
  }

  /** The `tapipkt.*` settings. */
  config(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration('tapipkt');
  }

  /**
   * Wraps a provider or command: exceptions (sync or async) are logged with `what` and shown,
   * and the call returns undefined instead of failing.
   */
  guard<A extends unknown[], R>(what: string, fn: (...args: A) => R): (...args: A) => R | undefined {
    return (...args: A) => {
      const t0 = Date.now();
      try {
        const r = fn(...args);
        if (r instanceof Promise) return r.catch((e: unknown) => this.report(what, e, args)) as R;
        return r;
      } catch (e) {
        this.report(what, e, args);
        return undefined;
      } finally {
        // Synchronous work blocks every other extension in the host: say where it went.
        const ms = Date.now() - t0;
        if (ms >= SLOW_CALL_MS) this.log.info(`${what} took ${ms} ms${where(args)}`);
      }
    };
  }

  /** Logs an error with its context and shows it (at most once per feature every 30 s). */
  report(what: string, err: unknown, args: readonly unknown[] = []): undefined {
    const message = err instanceof Error ? err.message : String(err);
    this.log.error(`${what} failed${where(args)}: ${err instanceof Error && err.stack ? err.stack : message}`);
    const now = Date.now();
    if (now - (this.lastToast.get(what) ?? 0) > TOAST_INTERVAL_MS) {
      this.lastToast.set(what, now);
      void vscode.window.showErrorMessage(`tapipkt: ${what} failed: ${message}`, 'Show Log').then((pick) => {
        if (pick) this.log.show(true);
      });
    }
    return undefined;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0).reverse()) {
      try {
        d.dispose();
      } catch (e) {
        console.error('tapipkt: dispose failed', e);
      }
    }
  }
}

/** The arguments of a call as log context, e.g. ` (file:///a.tapipkt v3, 4:7)`. */
function where(args: readonly unknown[]): string {
  const context = args.map(describeArg).filter((s) => s !== '');
  return context.length ? ` (${context.join(', ')})` : '';
}

/** An argument of a failed call as log context: the document and version, a URI, a position, a short string. */
function describeArg(a: unknown): string {
  if (a instanceof vscode.Uri) return a.toString();
  if (a instanceof vscode.Position) return `${a.line + 1}:${a.character + 1}`;
  if (a instanceof vscode.Range) return `${a.start.line + 1}:${a.start.character + 1}-${a.end.line + 1}:${a.end.character + 1}`;
  if (typeof a === 'string') return JSON.stringify(a.length > 60 ? `${a.slice(0, 60)}…` : a);
  if (typeof a === 'object' && a !== null && 'uri' in a && 'languageId' in a && 'version' in a) {
    const doc = a as vscode.TextDocument;
    return `${doc.uri.toString()} v${doc.version}`;
  }
  return '';
}

/**
 * Documents above this many characters (about 8,000 packets) get no CodeLens and an outline of
 * packets without their fields. Measured with 200 open documents and a 5 MB file (40,000
 * packets): 160,000 lenses and 160,000 outline entries, rebuilt after every edit, kept the
 * extension host and the editor busy for 25-40 s; without them a small document got its
 * diagnostics in about 3 s. Everything else (diagnostics, hover, completion, ...) still runs.
 */
export const LARGE_DOCUMENT_CHARS = 1_000_000;

/** True when a document is above `LARGE_DOCUMENT_CHARS` (measured without copying its text). */
export function isLarge(doc: vscode.TextDocument): boolean {
  return doc.offsetAt(doc.lineAt(doc.lineCount - 1).range.end) > LARGE_DOCUMENT_CHARS;
}

/** True for documents of the tapipkt language. */
export function isTapipkt(doc: vscode.TextDocument): boolean {
  return doc.languageId === 'tapipkt';
}

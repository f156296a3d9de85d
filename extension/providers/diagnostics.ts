/**
 * Diagnostics for every open .tapipkt document: checked at once on open and save, debounced
 * (`tapipkt.diagnostics.delay`) while typing, cleared on close.
 *
 * Under load (hundreds of open files, a 5 MB one): each document has its own debounce timer,
 * so a newer edit cancels the pending check of the older version; a result is only shown for
 * the version it was computed from; closing a document cancels its timer and clears its
 * diagnostics. An edit or a file changed on disk re-checks the other documents once, after the
 * same delay, and only those that import the changed file are analysed again; the rest hit the
 * service's cache and are not even converted again (same analysis, same settings).
 */
import * as vscode from 'vscode';
import { type Diagnostic, DiagCode } from '../../src/language/index.js';
import { isTapipkt, type TapipktContext } from '../context.js';
import { toRange } from '../convert.js';
import { CATALOG_SCHEME } from '../catalog-document.js';

const SEVERITY: Record<Diagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** Converts one service diagnostic; `warningsAsErrors` promotes warnings. */
export function toDiagnostic(doc: vscode.TextDocument, d: Diagnostic, warningsAsErrors: boolean): vscode.Diagnostic {
  const section = d.section && !d.message.includes(d.section) ? ` (MS-TRP ${d.section})` : '';
  const out = new vscode.Diagnostic(toRange(doc, d), d.message + section, warningsAsErrors && d.severity === 'warning' ? vscode.DiagnosticSeverity.Error : SEVERITY[d.severity]);
  out.source = 'tapipkt';
  out.code = d.code;
  return out;
}

/**
 * What goes to Problems. A decode block's "decoded 88 bytes as ..." is not a problem: the
 * editor shows it as the block's CodeLens and inlay hint; `tapipkt check` still prints it.
 */
export function inProblems(d: Diagnostic): boolean {
  return !(d.code === DiagCode.DecodeProblem && d.severity === 'info');
}

type Timer = ReturnType<typeof setTimeout>;

export function registerDiagnostics(ext: TapipktContext): void {
  const collection = ext.own(vscode.languages.createDiagnosticCollection('tapipkt'));
  /** The pending check of each document (by URI): at most one, for its latest version. */
  const timers = new Map<string, Timer>();
  /** What each document's shown diagnostics were made from. */
  const shown = new Map<string, { analysis: number; asErrors: boolean }>();
  /** URIs edited or changed on disk since the other documents were last re-checked. */
  const changed = new Set<string>();
  let othersTimer: Timer | undefined;
  const checked = (doc: vscode.TextDocument): boolean => isTapipkt(doc) && doc.uri.scheme !== CATALOG_SCHEME;
  const delay = (): number => Math.max(0, ext.config().get<number>('diagnostics.delay', 300));

  const validate = ext.guard('diagnostics', (doc: vscode.TextDocument): void => {
    if (doc.isClosed || !checked(doc)) return;
    const key = doc.uri.toString();
    const version = doc.version;
    const uri = ext.docs.sync(doc);
    const analysis = ext.service.getVersion(uri);
    const asErrors = ext.config().get<boolean>('diagnostics.warningsAsErrors', false);
    const last = shown.get(key);
    if (last && last.analysis === analysis && last.asErrors === asErrors) return;
    const diagnostics = ext.service.getDiagnostics(uri).filter(inProblems).map((d) => toDiagnostic(doc, d, asErrors));
    // Never show a result for an older text. (The service is synchronous, so today the
    // version cannot move during the call; this keeps it so if checking ever yields.)
    if (doc.isClosed || doc.version !== version) return;
    collection.set(doc.uri, diagnostics);
    shown.set(key, { analysis, asErrors });
  });

  const cancel = (key: string): void => {
    clearTimeout(timers.get(key));
    timers.delete(key);
  };
  /** Checks a document after `delay` ms, replacing its pending check; at once when 0. */
  const schedule = (doc: vscode.TextDocument, delay: number): void => {
    if (!checked(doc)) return;
    const key = doc.uri.toString();
    cancel(key);
    if (delay <= 0) return void validate(doc);
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        validate(doc);
      }, delay),
    );
  };
  /** Re-checks the documents without a pending check of their own, once the changes settle. */
  const recheckOthers = ext.guard('diagnostics', (): void => {
    othersTimer = undefined;
    for (const uri of changed) ext.docs.invalidateDependents(uri);
    changed.clear();
    for (const d of vscode.workspace.textDocuments) if (checked(d) && !timers.has(d.uri.toString())) validate(d);
  });
  const changedFile = (uri: string): void => {
    changed.add(uri);
    clearTimeout(othersTimer);
    othersTimer = setTimeout(recheckOthers, delay());
  };
  const all = (ms: number): void => vscode.workspace.textDocuments.forEach((d) => schedule(d, ms));

  ext.own(vscode.workspace.onDidOpenTextDocument((d) => schedule(d, 0)));
  ext.own(vscode.workspace.onDidSaveTextDocument((d) => schedule(d, 0)));
  ext.own(
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (!e.contentChanges.length || !checked(e.document)) return;
      schedule(e.document, delay());
      // Documents that import this one may change too.
      changedFile(e.document.uri.toString());
    }),
  );
  ext.own(
    vscode.workspace.onDidCloseTextDocument((d) => {
      const key = d.uri.toString();
      cancel(key);
      shown.delete(key);
      collection.delete(d.uri);
      if (isTapipkt(d)) ext.docs.forget(d);
    }),
  );
  ext.own(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('tapipkt') && all(0)));
  // A .tapipkt file changed outside the editor (or an import arrived): its importers re-check.
  ext.own(ext.host.onDidChange(changedFile));
  ext.own({
    dispose: () => {
      timers.forEach((t) => clearTimeout(t));
      clearTimeout(othersTimer);
    },
  });
  all(0);
}

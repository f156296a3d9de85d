/**
 * Diagnostics for every open .tapipkt document: checked at once on open and save, debounced
 * (`tapipkt.diagnostics.delay`) while typing, all again when a setting or an imported file
 * changes, cleared on close.
 */
import * as vscode from 'vscode';
import type { Diagnostic } from '../../src/language/index.js';
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

export function registerDiagnostics(ext: TapipktContext): void {
  const collection = ext.own(vscode.languages.createDiagnosticCollection('tapipkt'));
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const checked = (doc: vscode.TextDocument): boolean => isTapipkt(doc) && doc.uri.scheme !== CATALOG_SCHEME;

  const validate = ext.guard('diagnostics', (doc: vscode.TextDocument) => {
    timers.delete(doc.uri.toString());
    if (doc.isClosed || !checked(doc)) return;
    const uri = ext.docs.sync(doc);
    const asErrors = ext.config().get<boolean>('diagnostics.warningsAsErrors', false);
    collection.set(doc.uri, ext.service.getDiagnostics(uri).map((d) => toDiagnostic(doc, d, asErrors)));
  });

  const schedule = (doc: vscode.TextDocument, delay: number): void => {
    if (!checked(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(timers.get(key));
    if (delay <= 0) return void validate(doc);
    timers.set(key, setTimeout(() => validate(doc), delay));
  };
  const delay = (): number => Math.max(0, ext.config().get<number>('diagnostics.delay', 300));
  const all = (ms: number): void => vscode.workspace.textDocuments.forEach((d) => schedule(d, ms));

  ext.own(vscode.workspace.onDidOpenTextDocument((d) => schedule(d, 0)));
  ext.own(vscode.workspace.onDidSaveTextDocument((d) => schedule(d, 0)));
  // A change can affect documents that import this one: recheck all (unchanged ones are cached).
  ext.own(vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length && checked(e.document) && all(delay())));
  ext.own(
    vscode.workspace.onDidCloseTextDocument((d) => {
      clearTimeout(timers.get(d.uri.toString()));
      timers.delete(d.uri.toString());
      collection.delete(d.uri);
      if (isTapipkt(d)) ext.docs.forget(d);
    }),
  );
  ext.own(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('tapipkt') && all(0)));
  ext.own(
    ext.host.onDidChange(() => {
      ext.docs.invalidateAll();
      all(delay());
    }),
  );
  ext.own({ dispose: () => timers.forEach((t) => clearTimeout(t)) });
  all(0);
}

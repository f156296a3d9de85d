/**
 * `tapipkt check FILE...`: every diagnostic as `FILE:LINE:COL: severity: MESSAGE [CODE]`;
 * exit 1 when any file has an error.
 */
import { pathToFileURL } from 'node:url';
import { builtinCatalog } from '../catalog/index.js';
import { createLanguageServiceCore, type Diagnostic } from '../language/index.js';
import { fileHost, formatDiagnostic, readTextFileOrFail, rootFor } from './io.js';

/**
 * Analyses a file from disk; returns the service, its URI and its diagnostics.
 * @param refuseEmpty stop with "FILE is empty" on a file with nothing in it (encode)
 */
export function analyzeFile(path: string, refuseEmpty = false) {
  const text = readTextFileOrFail(path, refuseEmpty);
  const service = createLanguageServiceCore({ catalog: builtinCatalog, host: fileHost(rootFor(path)) });
  const uri = pathToFileURL(path).href;
  service.update(uri, text);
  return { service, uri, diagnostics: service.getDiagnostics(uri) };
}

/** The check-format line of a diagnostic. */
export function diagnosticLine(file: string, d: Diagnostic): string {
  return formatDiagnostic(file, d.range.start.line + 1, d.range.start.character + 1, d.severity, d.message, d.code);
}

/** Runs `check`; returns the exit code. */
export function runCheck(files: readonly string[], err: (line: string) => void): number {
  let errors = 0;
  for (const f of files) {
    const { diagnostics } = analyzeFile(f);
    for (const d of diagnostics) {
      err(diagnosticLine(f, d));
      if (d.severity === 'error') errors++;
    }
  }
  return errors ? 1 : 0;
}

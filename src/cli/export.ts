/**
 * `tapipkt export FILE [--session NAME] --format json|impacket [-o OUT]`: a session's plan
 * (docs/language.md, "Sessions"), or a standalone Python 3 client on impacket that runs it. A file with errors, no session, an unknown session, or several sessions and no
 * --session: the diagnostics on stderr, one line saying why, exit 2, nothing written.
 */
import { renderImpacketScript, type ReplyTables, type SessionPlan } from '../language/index.js';
import { analyzeFile, diagnosticLine } from './check.js';
import { UsageError } from './io.js';

export type ExportFormat = 'json' | 'impacket';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['json', 'impacket'];

/** The checked plan of one session of a file, or a UsageError; warnings go to `err`. */
export function planOfFile(path: string, session: string | undefined, err: (l: string) => void): { plan: SessionPlan; tables: ReplyTables } {
  const { service, uri, diagnostics } = analyzeFile(path);
  for (const d of diagnostics) if (d.severity !== 'info') err(diagnosticLine(path, d));
  const r = service.sessionPlan(uri, session);
  if ('errors' in r) {
    const first = r.errors[0]!;
    // The diagnostics are already on stderr; the last line says why nothing was written.
    throw new UsageError(`${path}: ${first}${/name one$/.test(first) ? ' with --session NAME' : ''}`);
  }
  return r;
}

/** The text `export` writes. */
export function exportFile(path: string, session: string | undefined, format: ExportFormat, err: (l: string) => void): string {
  const { plan, tables } = planOfFile(path, session, err);
  switch (format) {
    case 'json':
      return JSON.stringify(plan, null, 2) + '\n';
    case 'impacket':
      return renderImpacketScript(plan, tables);
  }
}

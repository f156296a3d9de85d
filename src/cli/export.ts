/**
 * `tapipkt export FILE [--session NAME] --format json|impacket [-o OUT]`: a session's plan
 * (docs/language.md, "Sessions"), or a standalone Python 3 client on impacket that runs it. A file with errors, no session, an unknown session, or several sessions and no
 * --session: the diagnostics on stderr, one line saying why, exit 2, nothing written.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { type ImpacketOptions, renderImpacketScript, type ReplyTables, type SessionPlan } from '../language/index.js';
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
export function exportFile(path: string, session: string | undefined, format: ExportFormat, err: (l: string) => void, fuzz?: ImpacketOptions['fuzz']): string {
  const { plan, tables } = planOfFile(path, session, err);
  if (fuzz) checkMutants(plan, fuzz);
  switch (format) {
    case 'json':
      return JSON.stringify(plan, null, 2) + '\n';
    case 'impacket':
      return renderImpacketScript(plan, tables, fuzz ? { fuzz } : {});
  }
}

/**
 * The fuzz loop's inputs, checked at export so a typo is found before a lab run: the step exists,
 * and the mutants file reads as `tapipkt mutate` lines (its first line; the script reads the rest
 * as it goes, so a file of a million mutants is never loaded here).
 */
function checkMutants(plan: SessionPlan, fuzz: NonNullable<ImpacketOptions['fuzz']>): void {
  const step = fuzz.step ?? plan.steps[plan.steps.length - 1]?.name;
  if (!plan.steps.some((s) => s.name === step)) {
    throw new UsageError(`--step ${JSON.stringify(step ?? '')}: session ${plan.session} has no such step (steps: ${plan.steps.map((s) => s.name).join(', ')})`);
  }
  let text: string;
  try {
    text = firstBytes(fuzz.mutants, 1 << 20);
  } catch (e) {
    throw new UsageError(`--mutants ${fuzz.mutants}: cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const first = text.split('\n').find((l) => l.trim() !== '');
  if (first === undefined) throw new UsageError(`--mutants ${fuzz.mutants}: the file has no mutants`);
  let line: unknown;
  try {
    line = JSON.parse(first);
  } catch {
    line = undefined;
  }
  const hex = typeof line === 'object' && line !== null ? (line as { hex?: unknown }).hex : undefined;
  if (typeof hex !== 'string' || !/^([0-9a-f]{2})*$/.test(hex)) throw new UsageError(`--mutants ${fuzz.mutants}: line 1 is not a line of tapipkt mutate (a JSON object with "hex")`);
}

/** The first `n` bytes of a file as text (a mutant line is far shorter than 1 MiB). */
function firstBytes(path: string, n: number): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const got = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

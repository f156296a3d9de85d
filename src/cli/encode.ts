/**
 * `tapipkt encode`: a `.tapipkt` file, one JSON request on stdin (`--json -`), or one JSON
 * request per line (`--jsonl`, batch).
 */
import { builtinScope } from '../catalog/index.js';
import { type CodecIssue, encodeRequest } from '../codec/index.js';
import { formatBytes } from '../language/index.js';
import { analyzeFile, diagnosticLine } from './check.js';
import { forEachLineOf, type LineSink, Spool } from './batch.js';
import { formatIssue, UsageError } from './io.js';

export type EncodeFormat = 'hex' | 'bin' | 'c' | 'python' | 'json';
export const ENCODE_FORMATS: readonly EncodeFormat[] = ['hex', 'bin', 'c', 'python', 'json'];

/** What an encode produced: text or bytes for stdout or -o. */
export type Output = { text: string } | { bytes: Uint8Array };


function firstError(issues: readonly CodecIssue[]): CodecIssue | undefined {
  return issues.find((i) => i.severity === 'error');
}

/**
 * Encodes the packets of a file. Errors in the file stop it (exit 2) after printing every error
 * diagnostic, in the check format: a syntax error that leaves no packet is shown as such, not
 * hidden behind "no packet to encode".
 */
export function encodeFile(path: string, packet: string | undefined, format: EncodeFormat, err: (l: string) => void): Output {
  const { service, uri, diagnostics } = analyzeFile(path, true);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const all = service.getPackets(uri);
  const chosen = packet === undefined ? all : all.filter((p) => p.name === packet);
  // Diagnostics of the chosen packets (and file-level errors) go to stderr.
  const inChosen = (d: { start: number }): boolean => chosen.some((p) => d.start >= p.range.start && d.start <= p.range.end);
  for (const d of diagnostics) if (d.severity === 'error' || inChosen(d)) err(diagnosticLine(path, d));
  const blocking = errors.filter((d) => inChosen(d) || !all.some((p) => d.start >= p.range.start && d.start <= p.range.end));
  const stop = `${blocking.length} error${blocking.length === 1 ? '' : 's'}; nothing encoded`;
  if (packet !== undefined && chosen.length === 0) throw new UsageError(`${path}: no packet named '${packet}' (packets: ${all.map((p) => p.name).join(', ') || 'none'})${blocking.length ? `; ${stop}` : ''}`);
  if (blocking.length) throw new UsageError(`${path}: ${stop}`);
  if (chosen.length === 0) throw new UsageError(`${path}: no packet to encode (a packet is written: packet NAME: TYPE { FIELD = VALUE ... })`);
  if ((format === 'bin') && chosen.length > 1) throw new UsageError(`${path} has ${chosen.length} packets; pick one with --packet NAME for --format bin`);
  if (format === 'bin') return { bytes: chosen[0]!.bytes! };
  if (format === 'json') return { text: chosen.map((p) => JSON.stringify(p.request) + '\n').join('') };
  return { text: chosen.map((p) => formatBytes(p.bytes!, format, p.name)).join(format === 'hex' ? '' : '\n') };
}

/** Encodes one JSON request (already parsed). */
export function encodeJsonText(text: string, format: EncodeFormat, err: (l: string) => void, file = '<stdin>'): Output {
  let req: unknown;
  try {
    req = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${file}: bad JSON: ${(e as Error).message}`);
  }
  const r = encodeRequest(builtinScope(), req);
  const bad = firstError(r.issues);
  if (bad || !r.bytes) throw new UsageError(`${file}: ${bad?.path ? bad.path + ': ' : ''}${bad?.message ?? 'cannot encode'} [${bad?.code ?? ''}]`);
  for (const i of r.issues) err(formatIssue(file, i));
  const name = r.layout?.name ?? 'packet';
  if (format === 'bin') return { bytes: r.bytes };
  if (format === 'json') return { text: JSON.stringify(req) + '\n' };
  return { text: formatBytes(r.bytes, format, name) };
}

/** One line of `encode --jsonl`: a JSON request -> a hex line in `sink`; bad input throws UsageError. */
export function encodeJsonLine(text: string, line: number, sink: LineSink, err: (l: string) => void): void {
  let req: unknown;
  try {
    req = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`<stdin>:${line}: bad JSON: ${(e as Error).message}`);
  }
  const r = encodeRequest(builtinScope(), req);
  if (!r.bytes) {
    const bad = firstError(r.issues);
    throw new UsageError(`<stdin>:${line}: ${bad?.path ? bad.path + ': ' : ''}${bad?.message ?? 'cannot encode'} [${bad?.code ?? ''}]`);
  }
  for (const i of r.issues) err(formatIssue('<stdin>', i, line));
  sink.hexLine(r.bytes);
}

/**
 * Batch over a string: one JSON request per line -> one hex line per packet; blank lines are
 * skipped; a bad line throws before anything is returned. The CLI streams instead (batch.ts).
 */
export function encodeJsonLines(input: string, err: (l: string) => void): string {
  const out = new Spool(Infinity);
  forEachLineOf(input, (text, line) => encodeJsonLine(text, line, out, err));
  return out.text();
}

/**
 * `tapipkt encode`: a `.tapipkt` file, one JSON request on stdin (`--json -`), or one JSON
 * request per line (`--jsonl`, batch).
 */
import { builtinScope } from '../catalog/index.js';
import { type CodecIssue, encodeRequest, type PacketInput } from '../codec/index.js';
import { type OutputFormatId, OUTPUT_FORMAT_IDS, outputFormat, type FormatInput } from '../language/index.js';
import type { Diagnostic } from '../language/index.js';
import { analyzeFile, diagnosticLine } from './check.js';
import { forEachLineOf, type LineSink, Spool } from './batch.js';
import { formatIssue, UsageError } from './io.js';

/** A `--format` of encode: an entry of the output-format registry (src/language/output.ts). */
export type EncodeFormat = OutputFormatId;
export const ENCODE_FORMATS: readonly EncodeFormat[] = OUTPUT_FORMAT_IDS;

/** What an encode produced: text or bytes for stdout or -o. */
export type Output = { text: string } | { bytes: Uint8Array };

/** Renders packets in a registered format; a binary format takes exactly one packet. */
function render(format: EncodeFormat, packets: readonly FormatInput[]): Output {
  const f = outputFormat(format)!;
  const outs = packets.map((p) => f.render(p));
  const first = outs[0];
  if (first instanceof Uint8Array) return { bytes: first };
  return { text: (outs as string[]).join(f.separator) };
}

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
  // Diagnostics of the chosen packets (and file-level errors) go to stderr. Which errors belong
  // to a packet is the service's answer (PacketEncoding.errors), the one the editor uses too.
  const key = (d: Diagnostic): string => `${d.start}:${d.code}:${d.message}`;
  const inChosen = new Set(chosen.flatMap((p) => p.diagnostics.map(key)));
  const inAny = new Set(all.flatMap((p) => p.diagnostics.map(key)));
  for (const d of diagnostics) if (d.severity === 'error' || inChosen.has(key(d))) err(diagnosticLine(path, d));
  const fileLevel = errors.filter((d) => !inAny.has(key(d))).length;
  const blocking = fileLevel + chosen.reduce((n, p) => n + p.errors.length, 0);
  const stop = `${blocking} error${blocking === 1 ? '' : 's'}; nothing encoded`;
  if (packet !== undefined && chosen.length === 0) throw new UsageError(`${path}: no packet named '${packet}' (packets: ${all.map((p) => p.name).join(', ') || 'none'})${blocking ? `; ${stop}` : ''}`);
  if (blocking) throw new UsageError(`${path}: ${stop}`);
  if (chosen.length === 0) throw new UsageError(`${path}: no packet to encode (a packet is written: packet NAME: TYPE { FIELD = VALUE ... })`);
  if (outputFormat(format)!.language === undefined && chosen.length > 1) throw new UsageError(`${path} has ${chosen.length} packets; pick one with --packet NAME for --format ${format}`);
  return render(format, chosen.map((p) => ({ bytes: p.bytes!, name: p.name, ...(p.request ? { request: p.request } : {}) })));
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
  return render(format, [{ bytes: r.bytes, name, request: req as PacketInput }]);
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

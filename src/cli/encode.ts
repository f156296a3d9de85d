/**
 * `tapipkt encode`: a `.tapipkt` file, one JSON request on stdin (`--json -`), or one JSON
 * request per line (`--jsonl`, batch).
 */
import { builtinCatalog } from '../catalog/index.js';
import { CatalogIndex, type CodecIssue, encodeRequest } from '../codec/index.js';
import { formatBytes } from '../language/index.js';
import { analyzeFile, diagnosticLine } from './check.js';
import { formatIssue, UsageError } from './io.js';

export type EncodeFormat = 'hex' | 'bin' | 'c' | 'python' | 'json';
export const ENCODE_FORMATS: readonly EncodeFormat[] = ['hex', 'bin', 'c', 'python', 'json'];

/** What an encode produced: text or bytes for stdout or -o. */
export type Output = { text: string } | { bytes: Uint8Array };

let index: CatalogIndex | undefined;
function catalogIndex(): CatalogIndex {
  return (index ??= new CatalogIndex({ layouts: builtinCatalog.layouts, tables: builtinCatalog.tables }));
}

function firstError(issues: readonly CodecIssue[]): CodecIssue | undefined {
  return issues.find((i) => i.severity === 'error');
}

/** Encodes the packets of a file. Errors in the file stop it (exit 2) after printing every diagnostic. */
export function encodeFile(path: string, packet: string | undefined, format: EncodeFormat, err: (l: string) => void): Output {
  const { service, uri, diagnostics } = analyzeFile(path);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const all = service.getPackets(uri);
  const chosen = packet === undefined ? all : all.filter((p) => p.name === packet);
  if (packet !== undefined && chosen.length === 0) throw new UsageError(`${path}: no packet named '${packet}' (packets: ${all.map((p) => p.name).join(', ') || 'none'})`);
  if (chosen.length === 0) throw new UsageError(`${path}: no packet to encode`);
  // Diagnostics of the chosen packets (and file-level errors) go to stderr.
  const inChosen = (d: { start: number }): boolean => chosen.some((p) => d.start >= p.range.start && d.start <= p.range.end);
  for (const d of diagnostics) if (d.severity === 'error' || inChosen(d)) err(diagnosticLine(path, d));
  const blocking = errors.filter((d) => inChosen(d) || !all.some((p) => d.start >= p.range.start && d.start <= p.range.end));
  if (blocking.length) throw new UsageError(`${path}: ${blocking.length} error${blocking.length === 1 ? '' : 's'}; nothing encoded`);
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
  const r = encodeRequest(catalogIndex(), req);
  const bad = firstError(r.issues);
  if (bad || !r.bytes) throw new UsageError(`${file}: ${bad?.path ? bad.path + ': ' : ''}${bad?.message ?? 'cannot encode'} [${bad?.code ?? ''}]`);
  for (const i of r.issues) err(formatIssue(file, i));
  const name = r.layout?.name ?? 'packet';
  if (format === 'bin') return { bytes: r.bytes };
  if (format === 'json') return { text: JSON.stringify(req) + '\n' };
  return { text: formatBytes(r.bytes, format, name) };
}

/**
 * Batch: one JSON request per line -> one hex line per packet. Blank lines are skipped. The
 * whole output is built first, so a bad line leaves stdout empty.
 */
export function encodeJsonLines(input: string, err: (l: string) => void): string {
  const idx = catalogIndex();
  const out = new HexLines();
  let line = 0;
  let start = 0;
  const n = input.length;
  while (start < n) {
    let end = input.indexOf('\n', start);
    if (end < 0) end = n;
    line++;
    const text = input.slice(start, end).trim();
    start = end + 1;
    if (text === '') continue;
    let req: unknown;
    try {
      req = JSON.parse(text);
    } catch (e) {
      throw new UsageError(`<stdin>:${line}: bad JSON: ${(e as Error).message}`);
    }
    const r = encodeRequest(idx, req);
    if (!r.bytes) {
      const bad = firstError(r.issues);
      throw new UsageError(`<stdin>:${line}: ${bad?.path ? bad.path + ': ' : ''}${bad?.message ?? 'cannot encode'} [${bad?.code ?? ''}]`);
    }
    for (const i of r.issues) err(formatIssue('<stdin>', i, line));
    out.push(r.bytes);
  }
  return out.text();
}

/** Hex digits as ASCII codes, two per byte value. */
const HEX_CODES = new Uint8Array(512);
for (let v = 0; v < 256; v++) {
  HEX_CODES[2 * v] = '0123456789abcdef'.charCodeAt(v >>> 4);
  HEX_CODES[2 * v + 1] = '0123456789abcdef'.charCodeAt(v & 15);
}

/**
 * Hex lines written as ASCII into one growing buffer and turned into a string once: building
 * each line by string concatenation leaves a tree of small strings per line (about 3 KB of heap
 * for a 92-byte packet) until the output is joined.
 */
class HexLines {
  private buf = Buffer.allocUnsafe(1 << 16);
  private len = 0;

  push(bytes: Uint8Array): void {
    const need = this.len + bytes.length * 2 + 1;
    if (need > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
      this.buf.copy(next, 0, 0, this.len);
      this.buf = next;
    }
    const b = this.buf;
    let p = this.len;
    for (let i = 0; i < bytes.length; i++) {
      const v = bytes[i]! << 1;
      b[p++] = HEX_CODES[v]!;
      b[p++] = HEX_CODES[v + 1]!;
    }
    b[p++] = 10; // '\n'
    this.len = p;
  }

  text(): string {
    return this.buf.toString('latin1', 0, this.len);
  }
}

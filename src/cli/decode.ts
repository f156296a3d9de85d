/**
 * `tapipkt decode`: bytes (a hex string, a binary file, or hex lines on stdin) to `.tapipkt`
 * text or the JSON request, losslessly.
 */
import { builtinScope } from '../catalog/index.js';
import { CatalogIndex, decodePacket, decodeRequestFast, parseHex } from '../codec/index.js';
import { printPacket } from '../language/index.js';
import { forEachLineOf, type LineSink, Spool } from './batch.js';
import { formatDiagnostic, formatIssue, UsageError } from './io.js';

export type DecodeFormat = 'tapipkt' | 'json';
export const DECODE_FORMATS: readonly DecodeFormat[] = ['tapipkt', 'json'];


/** Parses hex text or fails with one line naming the problem. */
export function hexOrFail(text: string, where: string): Uint8Array {
  const r = parseHex(text);
  if ('error' in r) throw new UsageError(`${where}: ${r.error}`);
  return r.bytes;
}

/** Decodes one packet; prints the layout choice and issues to stderr. */
export function decodeOne(bytes: Uint8Array, as: string | undefined, format: DecodeFormat, file: string, err: (l: string) => void, hexInput: boolean): string {
  const idx: CatalogIndex = builtinScope();
  const out = decodePacket(idx, bytes, as !== undefined ? { as } : {});
  if (!out.request.packet) {
    const e = out.issues.find((i) => i.severity === 'error');
    throw new UsageError(`${file}: ${e?.message ?? 'cannot decode'} [${e?.code ?? ''}]`);
  }
  if (out.chosenBy) err(formatDiagnostic(file, 1, 1, 'info', `decoded ${bytes.length} bytes as ${out.request.packet}: ${out.chosenBy}`, 'TP1301'));
  for (const i of out.issues) err(formatIssue(file, i, 1, hexInput && i.offset !== undefined ? i.offset * 2 + 1 : 1));
  if (format === 'json') return JSON.stringify(out.request) + '\n';
  return printPacket('decoded', out.request, builtinScope());
}

/**
 * The bytes of a line made only of hex digit pairs (what `encode --jsonl` prints), by Node's own
 * hex decoder, which stops at the first character that is not a digit: a short result means
 * anything else, which parseHex then handles (separators) or rejects with a message.
 */
function plainHex(text: string): Uint8Array | undefined {
  if (text.length % 2 !== 0) return undefined;
  const b = Buffer.from(text, 'hex');
  return b.length * 2 === text.length ? b : undefined;
}

/** One line of `decode --jsonl`: hex -> a JSON line in `sink`; bad input throws UsageError. */
export function decodeHexLine(text: string, line: number, as: string | undefined, sink: LineSink, err: (l: string) => void): void {
  const bytes = plainHex(text) ?? hexOrFail(text, `<stdin>:${line}`);
  const fast = as === undefined ? decodeRequestFast(builtinScope(), bytes) : undefined;
  if (fast) return sink.textLine(JSON.stringify(fast));
  // Spans are for editors; a batch has no use for them.
  const r = decodePacket(builtinScope(), bytes, as !== undefined ? { as, spans: false } : { spans: false });
  if (!r.request.packet) {
    const e = r.issues.find((i) => i.severity === 'error');
    throw new UsageError(`<stdin>:${line}: ${e?.message ?? 'cannot decode'} [${e?.code ?? ''}]`);
  }
  for (const i of r.issues) if (i.severity !== 'info') err(formatIssue('<stdin>', i, line));
  sink.textLine(JSON.stringify(r.request));
}

/** Batch over a string: one hex packet per line -> one JSON line per packet. The CLI streams instead. */
export function decodeHexLines(input: string, as: string | undefined, err: (l: string) => void): string {
  const out = new Spool(Infinity);
  forEachLineOf(input, (text, line) => decodeHexLine(text, line, as, out, err));
  return out.text();
}

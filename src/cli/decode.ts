/**
 * `tapipkt decode`: bytes (a hex string, a binary file, or hex lines on stdin) to `.tapipkt`
 * text or the JSON request, losslessly.
 */
import { builtinScope } from '../catalog/index.js';
import { allocBytes, CatalogIndex, decodePacket, parseHex } from '../codec/index.js';
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

/** Value of each ASCII hex digit, -1 for any other character. */
const HEX_VALUE = new Int8Array(128).fill(-1);
for (let c = 0; c < 10; c++) HEX_VALUE[48 + c] = c;
for (let c = 0; c < 6; c++) HEX_VALUE[65 + c] = HEX_VALUE[97 + c] = 10 + c;

/**
 * The bytes of a line made only of hex digit pairs (what `encode --jsonl` prints), without the
 * separator clean-up of parseHex; undefined for anything else, which parseHex then handles.
 */
function plainHex(text: string): Uint8Array | undefined {
  const n = text.length;
  if (n % 2 !== 0) return undefined;
  const out = allocBytes(n / 2); // a slab view: a fresh ArrayBuffer per line costs about 1 us
  for (let i = 0, j = 0; i < n; i += 2, j++) {
    const a = text.charCodeAt(i);
    const b = text.charCodeAt(i + 1);
    const hi = a < 128 ? HEX_VALUE[a]! : -1;
    const lo = b < 128 ? HEX_VALUE[b]! : -1;
    if (hi < 0 || lo < 0) return undefined;
    out[j] = (hi << 4) | lo;
  }
  return out;
}

/** One line of `decode --jsonl`: hex -> a JSON line in `sink`; bad input throws UsageError. */
export function decodeHexLine(text: string, line: number, as: string | undefined, sink: LineSink, err: (l: string) => void): void {
  const bytes = plainHex(text) ?? hexOrFail(text, `<stdin>:${line}`);
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

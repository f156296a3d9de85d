/**
 * `tapipkt decode`: bytes (a hex string, a binary file, or hex lines on stdin) to `.tapipkt`
 * text or the JSON request, losslessly.
 */
import { builtinScope } from '../catalog/index.js';
import { allocBytes, type AsyncEvent, CatalogIndex, decodePacket, decodeReply, decodeRequestJson, HEX_DIGIT_VALUE, parseHex, replyFilledFields, type ReplyInfo, replyLayout } from '../codec/index.js';
import { nameValue, printPacket } from '../language/index.js';
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

/** `0x80000048 (LINEERR_INVALPOINTER)`: a return value with its error name when it has one. */
export function ackText(v: number): string {
  const sc = builtinScope();
  const name = nameValue(v, sc.table('LINEERR_Constants')) ?? nameValue(v, sc.table('PHONEERR_Constants'));
  return `0x${v.toString(16).toUpperCase().padStart(8, '0')}${v === 0 ? ' (success)' : name ? ` (${name})` : ''}`;
}

/** The comment above a decoded reply: what byte 0 means and which fields the server filled. */
function replyComment(r: ReplyInfo): string {
  const L = builtinScope().layout(r.to);
  const filled = L ? [...replyFilledFields(L)].filter((n) => n !== 'Req_Func') : [];
  return `// reply to ${r.to}: Ack_ReturnValue = ${ackText(r.Ack_ReturnValue)} (byte 0, written below as Req_Func so the packet encodes back to these bytes)
` +
    (filled.length ? `// filled in by the server: ${filled.join(', ')}
` : '');
}

/**
 * The events of a GetAsyncEvents reply, each printed as a packet, commented out: the text stays
 * one packet that encodes back to the reply's bytes, and each event reads field by field.
 */
function eventsComment(events: readonly AsyncEvent[]): string {
  if (events.length === 0) return '// no events in VarData\n';
  let out = `// ${events.length} event${events.length === 1 ? '' : 's'} in VarData:\n`;
  events.forEach((e, i) => {
    const name = e.outcome.request.packet;
    out += `// event ${i + 1} at byte ${e.at} (${e.size} bytes)${e.outcome.chosenBy ? `: ${e.outcome.chosenBy}` : ''}\n`;
    if (name) out += printPacket(`event${i + 1}`, e.outcome.request, builtinScope()).replace(/^(?=.)/gm, '// ');
  });
  return out;
}

/**
 * Bytes of a file that holds hex text rather than a packet (what `tapipkt encode` prints):
 * nothing but hex digits (at least four bytes' worth), whitespace and the separators `--hex`
 * takes. A binary packet cannot look like that: its u32 words hold small numbers, so NUL bytes.
 */
export function hexTextOf(data: Uint8Array): Uint8Array | undefined {
  let digits = 0;
  for (let i = 0; i < data.length; i++) {
    const c = data[i]!;
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102)) digits++;
    else if (!(c === 32 || (c >= 9 && c <= 13) || c === 44 || c === 58 || c === 45 || c === 120 || c === 88)) return undefined;
  }
  if (digits < 8) return undefined;
  const r = parseHex(Buffer.from(data).toString('latin1'));
  return 'bytes' in r ? r.bytes : undefined;
}

/**
 * Decodes one packet (or, with `replyTo`, the buffer ClientRequest returned for that request);
 * prints the layout choice and issues to stderr.
 */
export function decodeOne(bytes: Uint8Array, as: string | undefined, format: DecodeFormat, file: string, err: (l: string) => void, hexInput: boolean, offsets = false, replyTo?: string): string {
  const idx: CatalogIndex = builtinScope();
  const ro = replyTo !== undefined ? decodeReply(idx, bytes, replyTo) : undefined;
  const out = ro ?? decodePacket(idx, bytes, as !== undefined ? { as } : {});
  const reply = ro?.reply;
  if (!out.request.packet) {
    const e = out.issues.find((i) => i.severity === 'error');
    throw new UsageError(`${file}: ${e?.message ?? 'cannot decode'} [${e?.code ?? ''}]`);
  }
  if (out.chosenBy) err(formatDiagnostic(file, 1, 1, 'info', `decoded ${bytes.length} bytes as ${out.request.packet}: ${out.chosenBy}`, 'TP1301'));
  for (const i of out.issues) err(formatIssue(file, i, 1, hexInput && i.offset !== undefined ? i.offset * 2 + 1 : 1));
  const events = ro?.events;
  if (format === 'json') return JSON.stringify(ro ? replyJson(ro) : out.request) + '\n';
  const text = printPacket(reply ? 'reply' : 'decoded', out.request, builtinScope(), offsets ? { spans: out.spans, length: bytes.length } : {});
  return (reply ? replyComment(reply) : '') + text + (events ? eventsComment(events) : '');
}

/** Why `name` cannot be what a reply answers (not a request layout), or undefined when it can. */
export function replyToProblem(name: string): string | undefined {
  const L = replyLayout(builtinScope(), name);
  return 'error' in L ? L.error.message : undefined;
}

/**
 * A decoded reply as JSON: the request form (which encodes back to the bytes), `reply` (what it
 * answers and its Ack_ReturnValue) and, for GetAsyncEvents, the `events` read from VarData.
 */
function replyJson(ro: ReturnType<typeof decodeReply>): object {
  const evs = ro.events?.map((e) => ({ at: e.at, size: e.size, event: e.outcome.request, ...(e.outcome.chosenBy ? { chosenBy: e.outcome.chosenBy } : {}) }));
  return ro.reply ? { ...ro.request, reply: ro.reply, ...(evs ? { events: evs } : {}) } : ro.request;
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
export function decodeHexLine(text: string, line: number, as: string | undefined, sink: LineSink, err: (l: string) => void, replyTo?: string): void {
  const bytes = plainHex(text) ?? hexOrFail(text, `<stdin>:${line}`);
  decodeLine(bytes, line, as, sink, err, replyTo);
}

const BATCH = { spans: false, alternatives: false } as const;

function decodeLine(bytes: Uint8Array, line: number, as: string | undefined, sink: LineSink, err: (l: string) => void, replyTo?: string): void {
  // Spans are for editors; a batch has no use for them.
  const ro = replyTo !== undefined ? decodeReply(builtinScope(), bytes, replyTo) : undefined;
  // A batch prints neither spans nor the note naming other layouts that fit as well.
  const r = ro ?? decodePacket(builtinScope(), bytes, as !== undefined ? { as, spans: false } : BATCH);
  if (!r.request.packet) {
    const e = r.issues.find((i) => i.severity === 'error');
    throw new UsageError(`<stdin>:${line}: ${e?.message ?? 'cannot decode'} [${e?.code ?? ''}]`);
  }
  for (const i of r.issues) if (i.severity !== 'info') err(formatIssue('<stdin>', i, line));
  sink.textLine(JSON.stringify(ro ? replyJson(ro) : r.request));
}

/** Space, tab, vertical tab, form feed, carriage return: what is trimmed from a line's bytes. */
const isBlank = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);

/**
 * One line of `decode --jsonl` as bytes (`block[start..end)`, no newline): a line of plain hex
 * pairs is decoded straight from the bytes and, in the plain case, written as JSON straight
 * into the spool (decodeRequestJson); anything else goes the way of decodeHexLine, with the
 * same output and the same errors.
 */
export function decodeHexBytesLine(block: Uint8Array, start: number, end: number, line: number, as: string | undefined, spool: Spool, err: (l: string) => void, replyTo?: string): void {
  let s = start;
  let e = end;
  while (s < e && isBlank(block[s]!)) s++;
  while (e > s && isBlank(block[e - 1]!)) e--;
  if (s === e) return; // a blank line
  if ((e - s) % 2 === 0) {
    const bytes = allocBytes((e - s) / 2);
    let bad = 0;
    for (let i = s, j = 0; i < e; i += 2, j++) {
      const hi = HEX_DIGIT_VALUE[block[i]!]!;
      const lo = HEX_DIGIT_VALUE[block[i + 1]!]!;
      bad |= hi | lo;
      bytes[j] = (hi << 4) | lo;
    }
    if (bad >= 0) {
      const w = as === undefined && replyTo === undefined ? decodeRequestJson(builtinScope(), bytes, spool) : -1;
      if (w >= 0) return spool.endLine(w);
      return decodeLine(bytes, line, as, spool, err, replyTo);
    }
  }
  // Separators, other whitespace, bad digits: as text.
  const text = Buffer.from(block.buffer, block.byteOffset + start, end - start).toString('utf8').trim();
  if (text !== '') decodeHexLine(text, line, as, spool, err, replyTo);
}

/** Batch over a string: one hex packet per line -> one JSON line per packet. The CLI streams instead. */
export function decodeHexLines(input: string, as: string | undefined, err: (l: string) => void): string {
  const out = new Spool(Infinity);
  forEachLineOf(input, (text, line) => decodeHexLine(text, line, as, out, err));
  return out.text();
}

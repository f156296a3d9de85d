/**
 * The events in a GetAsyncEvents reply (MS-TRP 2.2.4.1.8.1): VarData holds dwUsedBufferSize
 * bytes of ASYNCEVENTMSG records (2.2.5.1), one after another, each TotalSize bytes long.
 * Each is decoded by its Msg; a LINE_REPLY completion (Msg 0x0C, shared by the `*Reply`
 * layouts of 2.2.4.2.2) is decoded with the layout of the request it answers when the caller
 * knows which request carried its request id, and otherwise picked by fit (the decoder names
 * the others that fit in an info issue).
 */
import { readU32le } from './bytes.js';
import { type CatalogIndex, LINE_REPLY_MSG } from './catalog-index.js';
import { Code, type CodecIssue } from './issues.js';
import type { Layout } from './layout.js';
import { decodePacket, type DecodeOutcome } from './packet.js';

/** Fixed size of ASYNCEVENTMSG (MS-TRP 2.2.5.1): the shortest record. */
const EVENT_HEADER = 40;
/** Byte offset of Param1 in ASYNCEVENTMSG: a LINE_REPLY's request id. */
const REQUEST_ID_AT = 24;

/** One event of a GetAsyncEvents reply. */
export interface AsyncEvent {
  /** Byte offset of the record in the reply buffer. */
  at: number;
  /** Its TotalSize: the record's length in bytes. */
  size: number;
  /** The event as a JSON packet (lossless for its own bytes), with how its layout was picked. */
  outcome: DecodeOutcome;
}

/** Which request layout a LINE_REPLY with this request id answers, when the caller knows. */
export type RequestOfId = (requestId: number) => { layout: string; why: string } | undefined;

/**
 * Splits and decodes the ASYNCEVENTMSG records of a GetAsyncEvents reply. `L` is the request
 * layout (GetAsyncEvents, or a definition of the same shape); records are read from its fixed
 * part's end for dwUsedBufferSize bytes (bounded by the buffer). Never throws.
 */
export function decodeAsyncEvents(index: CatalogIndex, L: Layout, bytes: Uint8Array, requestOf?: RequestOfId): { events: AsyncEvent[]; issues: CodecIssue[] } {
  const events: AsyncEvent[] = [];
  const issues: CodecIssue[] = [];
  const usedField = L.fields.find((f) => f.name === 'dwUsedBufferSize');
  const start = L.fixedSize;
  if (bytes.length <= start) return { events, issues };
  const used = usedField && usedField.offset + 4 <= bytes.length ? readU32le(bytes, usedField.offset) : bytes.length - start;
  const end = start + Math.min(used, bytes.length - start);
  if (used > bytes.length - start) {
    issues.push({ severity: 'warning', code: Code.Truncated, path: 'dwUsedBufferSize', message: `dwUsedBufferSize says ${used} bytes of events; the buffer holds ${bytes.length - start} after the fixed part`, offset: usedField?.offset ?? 0 });
  }
  let pos = start;
  while (pos + EVENT_HEADER <= end) {
    const size = readU32le(bytes, pos);
    if (size < EVENT_HEADER || pos + size > end) {
      issues.push({ severity: 'warning', code: Code.Truncated, path: `events[${events.length}]`, message: `event ${events.length + 1} at byte ${pos} has TotalSize ${size}: ${size < EVENT_HEADER ? `shorter than the ${EVENT_HEADER}-byte ASYNCEVENTMSG header` : `runs past the ${end - pos} bytes of events left`}; the rest is not read as events`, offset: pos });
      break;
    }
    const rec = bytes.subarray(pos, pos + size);
    const msg = readU32le(rec, 16);
    const known = msg === LINE_REPLY_MSG && requestOf ? requestOf(readU32le(rec, REQUEST_ID_AT)) : undefined;
    const replyLayout = known ? index.layout(`${known.layout}Reply`) : undefined;
    let outcome: DecodeOutcome;
    if (replyLayout && replyLayout.msg === LINE_REPLY_MSG && replyLayout.fixedSize <= size) {
      outcome = { ...decodePacket(index, rec, { as: replyLayout.name }), chosenBy: `Msg = 0xc (LINE_REPLY) answering ${known!.why}: ${replyLayout.name}` };
    } else outcome = decodePacket(index, rec); // by Msg; a shared Msg by fit, the others named in its issues
    events.push({ at: pos, size, outcome });
    pos += size;
  }
  if (pos < end && issues.length === 0) {
    issues.push({ severity: 'warning', code: Code.Truncated, path: `events[${events.length}]`, message: `${end - pos} byte${end - pos === 1 ? '' : 's'} after the last event are too few for an ASYNCEVENTMSG (${EVENT_HEADER} bytes)`, offset: pos });
  }
  return { events, issues };
}

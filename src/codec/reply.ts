/**
 * Replies: the buffer ClientRequest (MS-TRP 3.1.4.2) hands back is the request's own layout,
 * with Ack_ReturnValue where Req_Func was (byte 0) and the output fields (`@out` in the
 * catalog) filled in by the server. Decoding one is decoding the request losslessly, then
 * reading byte 0 as the return value and not complaining about what the server was meant to fill.
 */
import { type AsyncEvent, decodeAsyncEvents, type RequestOfId } from './async-events.js';
import { readU32le } from './bytes.js';
import type { CatalogIndex } from './catalog-index.js';
import { Code, type CodecIssue } from './issues.js';
import type { Layout } from './layout.js';
import { decodePacket, type DecodeOutcome } from './packet.js';

/** What a reply says beyond its fields: which request it answers and its return value. */
export interface ReplyInfo {
  /** The request layout the reply answers. */
  to: string;
  /** Byte 0 of the reply: 0 on success, else a LINEERR_/PHONEERR_ value or an async request id (MS-TRP 2.2.5.2). */
  Ack_ReturnValue: number;
}

/** A decoded reply: the request form (lossless: it encodes back to the same bytes) plus the reply facts. */
export interface ReplyOutcome extends DecodeOutcome {
  reply?: ReplyInfo;
  /** For GetAsyncEvents (Req_Func 0): the ASYNCEVENTMSG records its VarData carries, each decoded by its Msg. */
  events?: AsyncEvent[];
}

/** Req_Func of GetAsyncEvents (MS-TRP 2.2.4.1.8.1), whose reply carries events. */
const GET_ASYNC_EVENTS = 0;

/** Names of the fields the server fills in (and Req_Func, which the reply reuses for Ack_ReturnValue). */
export function replyFilledFields(L: Layout): Set<string> {
  const s = new Set<string>(['Req_Func']);
  for (const f of L.fields) if (f.out) s.add(f.name);
  return s;
}

/** The request layout a reply to `to` has (MS-TRP 3.1.4.2: the request's own), or why there is none. */
export function replyLayout(index: CatalogIndex, to: string): Layout | { error: CodecIssue } {
  const L = index.layout(to);
  if (!L) return { error: { severity: 'error', code: Code.UnknownPacket, path: '', message: `unknown packet '${to}'` } };
  if (L.kind !== 'request' && L.kind !== 'template') return { error: { severity: 'error', code: Code.UnknownPacket, path: '', message: `${L.name} is a ${L.kind}: a reply answers a request` } };
  return L;
}

/**
 * Decodes the buffer ClientRequest returned for a request of layout `to` (a catalog name or
 * section). The `request` it gives encodes back to exactly `bytes`: byte 0 stays in Req_Func
 * (its value is the return value); `reply.Ack_ReturnValue` says it by name.
 */
export function decodeReply(index: CatalogIndex, bytes: Uint8Array, to: string, options: { requestOf?: RequestOfId } = {}): ReplyOutcome {
  const L = replyLayout(index, to);
  if ('error' in L) return { request: {}, issues: [L.error], spans: [] };
  if (bytes.length < 4) {
    return { request: {}, issues: [{ severity: 'error', code: Code.Truncated, path: '', message: `a reply holds at least Ack_ReturnValue (4 bytes); got ${bytes.length}`, offset: 0 }], spans: [] };
  }
  const out = decodePacket(index, bytes, { as: L.name });
  const filled = replyFilledFields(L);
  // The server writes these: a value other than the request's fixed one is the point, not a fault.
  // The server took the request already: its rules (TP3xxx) say nothing about what came back.
  const issues = out.issues.filter((i) => !(i.code === Code.FixedMismatch && filled.has(i.path)) && !i.code.startsWith('TP3'));
  const res: ReplyOutcome = { ...out, issues, reply: { to: L.name, Ack_ReturnValue: readU32le(bytes, 0) } };
  if (L.reqFunc === GET_ASYNC_EVENTS && L.kind === 'request') {
    const ev = decodeAsyncEvents(index, L, bytes, options.requestOf);
    res.events = ev.events;
    issues.push(...ev.issues);
    // Each event's own findings, located in the reply's bytes.
    ev.events.forEach((e, i) => {
      for (const x of e.outcome.issues) issues.push({ ...x, path: `events[${i}]${x.path ? '.' + x.path : ''}`, ...(x.offset !== undefined ? { offset: x.offset + e.at } : {}) });
    });
  }
  return res;
}

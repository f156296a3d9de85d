/**
 * Which layouts bytes may be read as, in the order decode tries them, and how the layouts that
 * share a Msg are ranked. Decode promises that any 40 bytes or more decode losslessly: this is
 * where the fallbacks that keep that promise are laid down (the decoding itself is packet.ts).
 */
import { readU32le } from './bytes.js';
import type { CatalogIndex } from './catalog-index.js';
import type { Layout } from './layout.js';
import type { FieldInput, PacketInput } from './values.js';

/** Name of the request template (MS-TRP 2.2.5.2). */
export const REQUEST_TEMPLATE = 'TAPI32_MSG';
/** Name of the response template (MS-TRP 2.2.5.1). */
export const RESPONSE_TEMPLATE = 'ASYNCEVENTMSG';
/** Fixed part of a response (ASYNCEVENTMSG, MS-TRP 2.2.5.1): the shortest packet decode reads. */
export const MIN_RESPONSE = 40;
/** Fixed part of a request (TAPI32_MSG, MS-TRP 2.2.5.2). */
export const MIN_REQUEST = 60;

/**
 * When layouts fit a packet equally well (same sizes, no value tells them apart), the first of
 * these that is among them is chosen. The 52-byte completions of LINE_REPLY (MS-TRP 2.2.4.2.2)
 * share one shape and differ only in field names; MakeCallReply is the completion a client
 * placing calls meets first, so it is the default reading and the others are named on stderr.
 */
export const PREFERRED_ON_TIE: readonly string[] = ['MakeCallReply'];

/** Fewest bytes that hold a layout's fixed part (optional trailing fields left out). */
export function minSize(L: Layout): number {
  let n = L.fixedSize;
  for (let i = L.fields.length - 1; i >= 0 && L.fields[i]!.trailing; i--) n -= L.fields[i]!.size;
  return n;
}

const shapes = new WeakMap<Layout, string>();

/**
 * Layouts with the same shape (field offsets, sizes, types, roles, fixed values and rules; only
 * the names differ) decode any bytes alike, so one decode ranks them all: the 12 completions
 * with a `dwSize` share one shape, the seven 52-byte completions another.
 */
export function shapeOf(L: Layout): string {
  let s = shapes.get(L);
  if (s === undefined) {
    s = JSON.stringify([L.kind, L.fixedSize, L.hasVarData, L.minVarData ?? -1, L.fields.map((f) => [f.offset, f.size, f.type, f.fixed ?? null, f.role ?? null, f.trailing ?? false, f.rules ?? null])]);
    shapes.set(L, s);
  }
  return s;
}

/** One step of the guess: layouts to try together (ranked by fit) and why. */
export interface Reading {
  layouts: Layout[];
  /** Why these layouts: `Req_Func = 147 (CreateAgentSession)`. */
  reason: string;
}

const reasons = new WeakMap<Layout, string>();

/** `Req_Func = 147 (CreateAgentSession)`, built once per layout (it is asked for every decoded packet). */
function reqFuncReason(L: Layout, rf: number): string {
  let s = reasons.get(L);
  if (s === undefined || L.reqFunc !== rf) {
    s = `Req_Func = ${rf} (${L.name})`;
    if (L.reqFunc === rf) reasons.set(L, s);
  }
  return s;
}

/** The Msg when bytes read as a response: TotalSize at 0 is their length (at least 40) and Msg at 16 is known. */
export function responseMsg(index: CatalogIndex, bytes: Uint8Array): number | undefined {
  const n = bytes.length;
  if (n < MIN_RESPONSE || readU32le(bytes, 0) !== n) return undefined;
  const msg = readU32le(bytes, 16);
  return index.byMsg.has(msg) ? msg : undefined;
}

const hexMsg = (m: number): string => `0x${m.toString(16).padStart(2, '0').toUpperCase()}`;

/**
 * The readings decode tries, in order; the first that decodes losslessly wins.
 * 1. An event: TotalSize at 0 equals the length and Msg at 16 is known: every response with
 *    that Msg, ranked by fit. If byte 0 is also a known Req_Func (TotalSize = Req_Func =
 *    length), that request is ranked with them (ties go to the event).
 * 2. A request: a known Req_Func at 0.
 * 3. The bare TAPI32_MSG template (60 bytes or more): an unknown Req_Func, or a known one whose
 *    layout does not hold the bytes (a truncated request stays a request).
 * 4. An event whose TotalSize disagrees with the length: Msg at 16 is known (decode warns).
 * 5. The bare ASYNCEVENTMSG template, which holds any 40 bytes or more.
 */
export function readingsFor(index: CatalogIndex, bytes: Uint8Array): Reading[] {
  const n = bytes.length;
  const out: Reading[] = [];
  const first = n >= 4 ? readU32le(bytes, 0) : undefined;
  const msg = n >= MIN_RESPONSE ? readU32le(bytes, 16) : undefined;
  const events = msg !== undefined ? index.responsesByMsg.get(msg) : undefined;
  const R = first !== undefined ? index.byReqFunc.get(first) : undefined;
  const isEvent = events !== undefined && first === n;
  if (isEvent) {
    // Bytes 0..3 are both the length and a Req_Func: the request competes when it can hold them.
    const layouts = R && minSize(R) <= n ? [...events, R] : [...events];
    out.push({ layouts, reason: `TotalSize = ${n}${layouts.includes(R!) ? ` = Req_Func (${R!.name})` : ''} and Msg = ${hexMsg(msg!)}` });
  } else if (R) out.push({ layouts: [R], reason: reqFuncReason(R, first!) });
  const T = index.layout(REQUEST_TEMPLATE);
  if (T && n >= MIN_REQUEST && first !== undefined) {
    out.push({ layouts: [T], reason: R ? `the bare ${REQUEST_TEMPLATE} template keeps Req_Func = ${first}` : `Req_Func = ${first} is not in MS-TRP; decoded as the bare ${REQUEST_TEMPLATE} template` });
  }
  if (events && !isEvent) {
    out.push({ layouts: [...events], reason: `Msg = ${hexMsg(msg!)} at byte 16, but TotalSize = ${first} is not the length (${n})` });
  }
  const E = index.layout(RESPONSE_TEMPLATE);
  if (E && n >= MIN_RESPONSE) out.push({ layouts: [E], reason: `decoded as the bare ${RESPONSE_TEMPLATE} template` });
  return out;
}

/**
 * How well a lossless reading fits, lower is better, compared in order:
 * `rest` 1 when bytes are left that no field explains (`varData` hex or `padTo`), except VarData
 * whose length the layout's own size field gives (the `dwSize` of the completions);
 * `pins` values that disagree with what the encoder computes; `warnings` rules broken.
 */
export interface Fit {
  rest: number;
  pins: number;
  warnings: number;
}

function countPins(v: FieldInput): number {
  if (typeof v !== 'object' || v === null || v instanceof Uint8Array) return 0;
  if (Array.isArray(v)) return 0;
  if ('raw' in v) return 1;
  let n = 0;
  for (const k of Object.keys(v)) n += countPins((v as Record<string, FieldInput>)[k]);
  return n;
}

/** The fit of a reading: see `Fit`. */
export function fitOf(L: Layout, request: PacketInput, warnings: number): Fit {
  const fields = request.fields ?? {};
  const sized = L.fields.some((f) => f.type.kind === 'varsize' && countPins(fields[f.name]) === 0);
  const rest = request.padTo !== undefined || (request.varData !== undefined && !sized) ? 1 : 0;
  return { rest, pins: countPins(fields), warnings };
}

/** Compares two fits: negative when `a` fits better. */
export function compareFit(a: Fit, b: Fit): number {
  return a.rest - b.rest || a.pins - b.pins || a.warnings - b.warnings;
}

/**
 * Order among equal fits: the generic event of the Msg (LINE_REPLY, PHONE_REPLY) first, then an
 * event before a request, then PREFERRED_ON_TIE, then catalog order (the order given).
 */
export function tieRank(index: CatalogIndex, L: Layout): number {
  if (L.msg !== undefined && index.byMsg.get(L.msg) === L) return 0;
  if (L.kind === 'response' || L.kind === 'template') return PREFERRED_ON_TIE.includes(L.name) ? 1 : 2;
  return 3;
}

/**
 * The fast decoder: reads bytes over a compiled plan (`plan.ts`) and, in the same walk, proves
 * they are canonical, i.e. exactly what the encoder would write for the values read: items in
 * field order, each at the next 4-byte boundary of VarData, padding zero, sizes and totals as
 * computed, no bytes left over. Canonical bytes decode to a request that encodes back to the
 * same bytes, so the re-encode check of `packet.ts` is not needed.
 *
 * It takes only bytes that break no server rule either: when anything would make the general
 * decoder report an issue, or the bytes are not canonical, it returns undefined and the caller
 * runs the general path (decode, re-encode, pin what differs), which stays the reference.
 */
import { findNul, readU32le, toHex } from './bytes.js';
import type { Span } from './encode.js';
import { LIMITS } from './encode.js';
import { TAPI_NO_DATA } from './layout.js';
import { Op, type Plan, Target, valueRulesHold } from './plan.js';
import type { FieldInput } from './values.js';

/** Value of each size step that a present item accounts for (reused; decoding never re-enters). */
let sizeSeen = new Int32Array(64);

/**
 * Walks `b` over `plan`. Returns true when the bytes are canonical and break no rule the
 * general decoder checks; when `out` is given, also fills it with each step's decoded value (by
 * step index; `plan.build(out)` makes the request's fields), and `spans` with the decoder's spans.
 */
export function scanCanonical(plan: Plan, b: Uint8Array, out?: FieldInput[], spans?: Span[]): boolean {
  const len = b.length;
  const fixedEnd = plan.fixedSize;
  if (len < fixedEnd) return false;
  const steps = plan.steps;
  const n = steps.length;
  if (sizeSeen.length < n) sizeSeen = new Int32Array(n * 2);
  // Fixed part: value rules, and the fields in order (items are filled in below, in place).
  for (let i = 0; i < n; i++) {
    const s = steps[i]!;
    sizeSeen[i] = -1;
    if (s.op === Op.Bytes) {
      if (out) out[i] = { hex: toHex(b.subarray(s.at, s.at + s.size)) };
    } else if (s.op !== Op.Offset) {
      const v = s.size === 4 ? readU32le(b, s.at) : s.size === 2 ? b[s.at]! | (b[s.at + 1]! << 8) : b[s.at]!;
      if (!valueRulesHold(s, v, len - fixedEnd)) return false;
      if (out && s.op === Op.Int) out[i] = v;
    } else if (out) out[i] = null; // an absent item stays null
    if (spans) spans.push(s.computed ? { path: s.name, offset: s.at, size: s.size, kind: 'field', computed: true } : { path: s.name, offset: s.at, size: s.size, kind: 'field' });
  }
  if (len - fixedEnd < plan.minVarData) return false;
  // VarData: every item where the encoder would put it.
  let exp = fixedEnd;
  for (const i of plan.offsets) {
    const s = steps[i]!;
    const v = readU32le(b, s.at);
    if (v === TAPI_NO_DATA) {
      if (!s.optional) return false;
      continue;
    }
    if (s.align !== 0 && v % s.align !== 0) return false;
    const pos = fixedEnd + v;
    if (v >= len - fixedEnd) return false;
    const sizeVal = s.sizeStep >= 0 ? readU32le(b, steps[s.sizeStep]!.at) : -1;
    if (sizeVal >= 0 && pos + sizeVal > len) return false;
    const limit = sizeVal >= 0 ? Math.min(len, pos + sizeVal) : len;
    const at = align4(exp, fixedEnd);
    if (pos !== at || !zeros(b, exp, at)) return false;
    let end: number;
    let value: FieldInput = null;
    switch (s.target) {
      case Target.Wstr: {
        const q = findNul(b, pos, limit, 2);
        if (q < 0) return false;
        if (out) value = utf16(b, pos, q);
        end = q + 2;
        break;
      }
      case Target.Str: {
        const q = findNul(b, pos, limit, 1);
        if (q < 0) return false;
        if (out) value = latin1(b, pos, q);
        end = q + 1;
        break;
      }
      case Target.Guid:
        if (pos + 16 > len) return false;
        if (out) value = guidText(b, pos);
        end = pos + 16;
        break;
      default:
        end = Math.min(len, pos + (sizeVal >= 0 ? sizeVal : 0));
        if (out) value = { hex: toHex(b.subarray(pos, end)) };
    }
    if (s.sizeStep >= 0) {
      if (sizeVal !== end - pos) return false;
      sizeSeen[s.sizeStep] = sizeVal;
    }
    if (out) out[i] = value;
    if (spans) spans.push({ path: s.name, offset: pos, size: end - pos, kind: 'item' });
    exp = end;
  }
  // Room the encoder zero-fills, then the final padding to a multiple of 4.
  // (The encoder's rule, encode.ts: output buffer sizes add up; room no packet can give is not filled.)
  let rooms = 0;
  for (const i of plan.roomSteps) rooms += readU32le(b, steps[i]!.at);
  const want = Math.max(plan.minVarData, rooms);
  const room = want <= LIMITS.maxPacketSize - fixedEnd ? want : 0;
  if (exp - fixedEnd < room) {
    if (fixedEnd + room > len || !zeros(b, exp, fixedEnd + room)) return false;
    exp = fixedEnd + room;
  }
  const varTrue = exp - fixedEnd;
  const total = align4(exp, 0);
  if (len !== total || !zeros(b, exp, total)) return false;
  // Computed fields hold what the encoder computes.
  for (let i = 0; i < n; i++) {
    const s = steps[i]!;
    if (s.op === Op.Size) {
      const v = readU32le(b, s.at);
      if (v !== (sizeSeen[i]! >= 0 ? sizeSeen[i] : 0)) return false;
    } else if (s.op === Op.Total) {
      if (readU32le(b, s.at) !== total) return false;
    } else if (s.op === Op.VarSize) {
      if (readU32le(b, s.at) !== varTrue) return false;
    }
  }
  return true;
}

function align4(p: number, base: number): number {
  return base + ((p - base + 3) & ~3);
}

/** True when `b[from..to)` is all zero. */
export function zeros(b: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (b[i] !== 0) return false;
  return true;
}

/** Reused argument lists for `String.fromCharCode.apply`, by length (decoding never re-enters). */
const UNITS: number[][] = Array.from({ length: 33 }, (_, n) => new Array<number>(n).fill(0));

/**
 * UTF-16LE code units to a string, unpaired surrogates kept (lossless, unlike TextDecoder).
 * Short strings (PINs, names) are made in one `fromCharCode` call, longer ones unit by unit.
 */
export function utf16(b: Uint8Array, start: number, end: number): string {
  const n = (end - start) >> 1;
  if (n < UNITS.length) {
    const a = UNITS[n]!;
    for (let k = 0, p = start; k < n; k++, p += 2) a[k] = b[p]! | (b[p + 1]! << 8);
    return String.fromCharCode.apply(null, a);
  }
  let s = '';
  for (let p = start; p < end; p += 2) s += String.fromCharCode(b[p]! | (b[p + 1]! << 8));
  return s;
}

/** Bytes as Latin-1 characters. */
export function latin1(b: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let p = start; p < end; p++) s += String.fromCharCode(b[p]!);
  return s;
}

/** ASCII code of the high and low hex digit (uppercase) of each byte. */
const HEX_HI = new Uint8Array(256);
const HEX_LO = new Uint8Array(256);
for (let i = 0; i < 256; i++) {
  HEX_HI[i] = '0123456789ABCDEF'.charCodeAt(i >> 4);
  HEX_LO[i] = '0123456789ABCDEF'.charCodeAt(i & 15);
}

/**
 * Same text as `formatGuid` (MS-DTYP 2.3.4.2: Data1..3 little-endian; uppercase, braced), made
 * in one `fromCharCode` call: about four times faster than joining 20 pieces.
 */
export function guidText(b: Uint8Array, o: number): string {
  const H = HEX_HI;
  const L = HEX_LO;
  const d0 = b[o + 3]!, d1 = b[o + 2]!, d2 = b[o + 1]!, d3 = b[o]!, d4 = b[o + 5]!, d5 = b[o + 4]!, d6 = b[o + 7]!, d7 = b[o + 6]!;
  const e0 = b[o + 8]!, e1 = b[o + 9]!, e2 = b[o + 10]!, e3 = b[o + 11]!, e4 = b[o + 12]!, e5 = b[o + 13]!, e6 = b[o + 14]!, e7 = b[o + 15]!;
  return String.fromCharCode(
    123, H[d0]!, L[d0]!, H[d1]!, L[d1]!, H[d2]!, L[d2]!, H[d3]!, L[d3]!,
    45, H[d4]!, L[d4]!, H[d5]!, L[d5]!,
    45, H[d6]!, L[d6]!, H[d7]!, L[d7]!,
    45, H[e0]!, L[e0]!, H[e1]!, L[e1]!,
    45, H[e2]!, L[e2]!, H[e3]!, L[e3]!, H[e4]!, L[e4]!, H[e5]!, L[e5]!, H[e6]!, L[e6]!, H[e7]!, L[e7]!,
    125,
  );
}

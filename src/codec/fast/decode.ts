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
import { findNul, formatGuid, readAscii, readU32le, readUtf16, toHex } from '../bytes.js';
import type { Span } from '../limits.js';
import { TAPI_NO_DATA } from '../layout.js';
import { Op, type Plan, Target, valueRulesHold } from './plan.js';
import { roomToFill } from '../rules.js';
import type { FieldInput } from '../values.js';

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
        if (out) value = readUtf16(b, pos, q);
        end = q + 2;
        break;
      }
      case Target.Str: {
        const q = findNul(b, pos, limit, 1);
        if (q < 0) return false;
        if (out) value = readAscii(b, pos, q);
        end = q + 1;
        break;
      }
      case Target.Guid:
        if (pos + 16 > len) return false;
        if (out) value = formatGuid(b, pos);
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
  const room = roomToFill(plan.minVarData, rooms, fixedEnd);
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

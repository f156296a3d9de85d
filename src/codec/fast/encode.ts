/**
 * The fast encoder: the encoding conventions of `encode.ts`, walked over a compiled plan
 * (`plan.ts`) in two passes (resolve values and measure; then write into an exactly sized
 * array). It takes only the plain case: every value valid, no raw pins, no spans, no extras.
 * Anything else returns undefined and the caller runs the general encoder, which produces the
 * same bytes and is the one that reports errors. So this file never creates an issue.
 */
import { allocBytes, parseBracedGuid, writeAsciiz, writeUtf16z } from '../bytes.js';
import { LIMITS, type Span } from '../limits.js';
import { TAPI_NO_DATA } from '../layout.js';
import { Op, type Plan, Target, valueRulesHold } from './plan.js';
import { roomToFill } from '../rules.js';
import { type ConstLookup, type FieldInput, isHexValue, isRawPin, type StructInput, toBytes, toInt } from '../values.js';

/** Per-step resolved values of the packet being encoded (reused: encoding never re-enters). */
let nums = new Float64Array(64);
/** Per-step input values, read once through the plan's generated accessor. */
let vals: FieldInput[] = [];
let items: (string | Uint8Array | null)[] = [];
/** Per-step GUID bytes, 16 per step, parsed in pass 1 so pass 2 only copies. */
let guids = new Uint8Array(64 * 16);

/** What the fast encoder produced. */
export interface FastEncoded {
  bytes: Uint8Array;
  /**
   * True when the bytes break no rule the decoder checks and every ignored field is zero, so
   * there are no warnings to report; false when there might be (the caller then looks).
   */
  clean: boolean;
}

/** Encodes `values` over a flat plan; undefined when the general encoder must handle it. */
export function fastEncode(plan: Plan, values: StructInput, constant: ConstLookup, spans?: Span[]): FastEncoded | undefined {
  const steps = plan.steps;
  const n = steps.length;
  if (nums.length < n) nums = new Float64Array(n * 2);
  if (items.length < n) items = new Array<string | Uint8Array | null>(n).fill(null);
  if (guids.length < n * 16) guids = new Uint8Array(n * 32);
  if (vals.length < n) vals = new Array<FieldInput>(n * 2).fill(undefined);
  const given = plan.gather(values, vals); // fields with a value, to spot unknown names by count

  // Pass 1: resolve every value and measure VarData.
  const fixedEnd = plan.fixedSize;
  let len = fixedEnd;
  for (let i = 0; i < n; i++) {
    const s = steps[i]!;
    const v = vals[i];
    switch (s.op) {
      case Op.Int: {
        let x: number;
        if (v === undefined) x = s.dflt;
        else if (typeof v === 'number' && Number.isInteger(v)) x = s.size === 4 && v < 0 && v >= -0x80000000 ? v >>> 0 : v;
        else if (typeof v === 'string' || Array.isArray(v)) {
          const r = toInt(v, s.size as 1 | 2 | 4, constant);
          if (!r.ok) return undefined;
          x = r.value;
        } else return undefined;
        if (x < 0 || x > s.max) return undefined;
        nums[i] = x;
        break;
      }
      case Op.Bytes: {
        if (v === undefined || v === null) items[i] = null;
        else {
          const b = bytesOf(v);
          if (!b || b.length !== s.size) return undefined;
          items[i] = b;
        }
        break;
      }
      case Op.Offset: {
        if (v === undefined || v === null) {
          if (v === undefined && !s.optional) return undefined;
          items[i] = null;
          break;
        }
        if (isRawPin(v)) return undefined;
        len = align4(len, fixedEnd); // each item starts on a 4-byte boundary of VarData
        let size: number;
        if (typeof v === 'string') {
          if (s.target === Target.Wstr) size = v.length * 2 + 2;
          else if (s.target === Target.Str) {
            // Characters above U+00FF are an error, which the general encoder reports.
            for (let k = 0; k < v.length; k++) if (v.charCodeAt(k) > 0xff) return undefined;
            size = v.length + 1;
          } else if (s.target === Target.Guid) {
            if (!parseBracedGuid(v, guids, i * 16)) return undefined;
            size = 16;
          } else return undefined;
          items[i] = v;
        } else {
          if (s.target === Target.Guid) return undefined;
          const b = bytesOf(v);
          if (!b) return undefined;
          items[i] = b;
          size = b.length;
        }
        nums[i] = size;
        len += size;
        if (len > LIMITS.maxPacketSize) return undefined;
        break;
      }
      default:
        // Computed fields: a raw pin needs the general encoder; any other value is ignored there too.
        if (typeof v === 'object' && v !== null) return undefined;
    }
  }
  // Unknown names: the general encoder rejects them. Counting own keys avoids a set lookup per
  // key; it is exact for plain objects (JSON.parse, literals), the only ones taken here.
  if (Object.keys(values).length !== given || Object.getPrototypeOf(values) !== Object.prototype) return undefined;
  // Output buffers must all fit, so their sizes add up; room no packet can give is not filled
  // (the same rule as encode.ts).
  let rooms = 0;
  for (const i of plan.roomSteps) rooms += nums[i]!;
  const room = roomToFill(plan.minVarData, rooms, fixedEnd);
  if (len - fixedEnd < room) len = fixedEnd + room;
  const varTrue = len - fixedEnd;
  const total = align4(len, 0);
  if (total > LIMITS.maxPacketSize) return undefined;

  // Pass 2: write, and check the value rules on what is written.
  const out = allocBytes(total);
  const varLen = total - fixedEnd;
  let clean = true;
  for (let i = 0; i < n; i++) {
    const s = steps[i]!;
    if (spans) spans.push(s.computed ? { path: s.name, offset: s.at, size: s.size, kind: 'field', computed: true } : { path: s.name, offset: s.at, size: s.size, kind: 'field' });
    switch (s.op) {
      case Op.Int: {
        const x = nums[i]!;
        if (s.checked && !valueRulesHold(s, x, varLen)) clean = false;
        if (s.ignored && x !== 0) clean = false;
        if (s.size === 4) u32(out, s.at, x);
        else if (s.size === 2) {
          out[s.at] = x & 0xff;
          out[s.at + 1] = x >>> 8;
        } else out[s.at] = x;
        break;
      }
      case Op.Bytes: {
        const b = items[i];
        if (b) out.set(b as Uint8Array, s.at);
        items[i] = null;
        break;
      }
      case Op.Total:
        u32(out, s.at, total);
        if (s.checked && !valueRulesHold(s, total, varLen)) clean = false;
        break;
      case Op.VarSize:
        u32(out, s.at, varTrue);
        if (s.checked && !valueRulesHold(s, varTrue, varLen)) clean = false;
        break;
      case Op.Size:
        // 0 unless an item sets it below.
        if (s.checked && !valueRulesHold(s, sizeOfItem(plan, i), varLen)) clean = false;
        break;
      // Offsets are written below.
    }
  }
  let p = fixedEnd;
  for (const i of plan.offsets) {
    const s = steps[i]!;
    const v = items[i];
    if (v === null || v === undefined) {
      u32(out, s.at, TAPI_NO_DATA);
      if (!s.optional) clean = false; // AbsentRequired
      continue;
    }
    if (nums[i] === 0) clean = false; // an empty item: let the general decoder judge where it lies
    p = align4(p, fixedEnd);
    u32(out, s.at, p - fixedEnd);
    if (spans) spans.push({ path: s.name, offset: p, size: nums[i]!, kind: 'item' });
    if (s.sizeStep >= 0) u32(out, steps[s.sizeStep]!.at, nums[i]!);
    if (typeof v === 'string') {
      if (s.target === Target.Wstr) p = writeUtf16z(out, p, v);
      else if (s.target === Target.Str) p = writeAsciiz(out, p, v);
      else {
        out.set(guids.subarray(i * 16, i * 16 + 16), p);
        p += 16;
      }
    } else {
      out.set(v, p);
      p += v.length;
    }
    items[i] = null; // drop the reference to the caller's value
  }
  return { bytes: out, clean };
}

/** The value the encoder puts in size step `k`: its item's length, or 0 when no item sets it. */
function sizeOfItem(plan: Plan, k: number): number {
  for (const i of plan.offsets) if (plan.steps[i]!.sizeStep === k) return items[i] !== null ? nums[i]! : 0;
  return 0;
}

/** `p` rounded up to a multiple of 4 counted from `base`. */
function align4(p: number, base: number): number {
  return base + ((p - base + 3) & ~3);
}

/** Bytes of a `{hex}` value or a Uint8Array; undefined for anything else or bad hex. */
export function bytesOf(v: FieldInput): Uint8Array | undefined {
  if (v instanceof Uint8Array) return v;
  if (!isHexValue(v)) return undefined;
  const r = toBytes(v);
  return r.ok ? r.bytes : undefined;
}

function u32(b: Uint8Array, o: number, v: number): void {
  b[o] = v & 0xff;
  b[o + 1] = (v >>> 8) & 0xff;
  b[o + 2] = (v >>> 16) & 0xff;
  b[o + 3] = v >>> 24;
}


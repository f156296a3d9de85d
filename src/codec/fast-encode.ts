/**
 * The fast encoder: the encoding conventions of `encode.ts`, walked over a compiled plan
 * (`plan.ts`) in two passes (resolve values and measure; then write into an exactly sized
 * array). It takes only the plain case: every value valid, no raw pins, no spans, no extras.
 * Anything else returns undefined and the caller runs the general encoder, which produces the
 * same bytes and is the one that reports errors. So this file never creates an issue.
 */
import { allocBytes } from './bytes.js';
import { LIMITS } from './encode.js';
import { TAPI_NO_DATA } from './layout.js';
import { Op, type Plan, Target } from './plan.js';
import { type ConstLookup, type FieldInput, isHexValue, isRawPin, type StructInput, toBytes, toInt } from './values.js';

/** Per-step resolved values of the packet being encoded (reused: encoding never re-enters). */
let nums = new Float64Array(64);
let items: (string | Uint8Array | null)[] = [];

/** Encodes `values` over a flat plan; undefined when the general encoder must handle it. */
export function fastEncode(plan: Plan, values: StructInput, constant: ConstLookup): Uint8Array | undefined {
  for (const k in values) if (!plan.names.has(k)) return undefined;
  const steps = plan.steps;
  const n = steps.length;
  if (nums.length < n) nums = new Float64Array(n * 2);
  if (items.length < n) items = new Array<string | Uint8Array | null>(n).fill(null);

  // Pass 1: resolve every value and measure VarData.
  const fixedEnd = plan.fixedSize;
  let len = fixedEnd;
  for (let i = 0; i < n; i++) {
    const s = steps[i]!;
    const v = values[s.name];
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
          else if (s.target === Target.Str) size = v.length + 1;
          else if (s.target === Target.Guid) {
            if (!isBracedGuid(v)) return undefined;
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
  // Output buffers must all fit, so their sizes add up; room no packet can give is not filled
  // (the same rule as encode.ts).
  let rooms = 0;
  for (const i of plan.roomSteps) rooms += nums[i]!;
  const want = Math.max(plan.minVarData, rooms);
  const room = want <= LIMITS.maxPacketSize - fixedEnd ? want : 0;
  if (len - fixedEnd < room) len = fixedEnd + room;
  const varTrue = len - fixedEnd;
  const total = align4(len, 0);
  if (total > LIMITS.maxPacketSize) return undefined;

  // Pass 2: write.
  const out = allocBytes(total);
  for (let i = 0; i < n; i++) {
    const s = steps[i]!;
    switch (s.op) {
      case Op.Int: {
        const x = nums[i]!;
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
        break;
      }
      case Op.Total:
        u32(out, s.at, total);
        break;
      case Op.VarSize:
        u32(out, s.at, varTrue);
        break;
      // Size fields stay 0 unless an item sets them; offsets are written below.
    }
  }
  let p = fixedEnd;
  for (const i of plan.offsets) {
    const s = steps[i]!;
    const v = items[i];
    if (v === null || v === undefined) {
      u32(out, s.at, TAPI_NO_DATA);
      continue;
    }
    p = align4(p, fixedEnd);
    u32(out, s.at, p - fixedEnd);
    if (s.sizeStep >= 0) u32(out, steps[s.sizeStep]!.at, nums[i]!);
    if (typeof v === 'string') {
      if (s.target === Target.Wstr) p = writeUtf16z(out, p, v);
      else if (s.target === Target.Str) p = writeAsciiz(out, p, v);
      else p = writeGuid(out, p, v);
    } else {
      out.set(v, p);
      p += v.length;
    }
    items[i] = null;
  }
  for (let i = 0; i < n; i++) items[i] = null; // drop references to the caller's values
  return out;
}

/** `p` rounded up to a multiple of 4 counted from `base`. */
function align4(p: number, base: number): number {
  return base + ((p - base + 3) & ~3);
}

function bytesOf(v: FieldInput): Uint8Array | undefined {
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

function writeUtf16z(b: Uint8Array, p: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    b[p++] = c & 0xff;
    b[p++] = c >>> 8;
  }
  return p + 2; // the NUL: the array is zero-filled
}

function writeAsciiz(b: Uint8Array, p: number, s: string): number {
  for (let i = 0; i < s.length; i++) b[p++] = s.charCodeAt(i) & 0xff;
  return p + 1;
}

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  if (l >= 97 && l <= 102) return l - 87;
  return -1;
}

/** Dash positions of `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`. */
function isDashAt(i: number): boolean {
  return i === 9 || i === 14 || i === 19 || i === 24;
}

/**
 * True for exactly `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`, the form the decoder prints; the
 * other forms `parseGuid` accepts (no braces, surrounding spaces) take the general path.
 */
function isBracedGuid(s: string): boolean {
  if (s.length !== 38 || s.charCodeAt(0) !== 123 || s.charCodeAt(37) !== 125) return false;
  for (let i = 1; i < 37; i++) {
    const c = s.charCodeAt(i);
    if (isDashAt(i) ? c !== 45 : hexVal(c) < 0) return false;
  }
  return true;
}

function hexByte(s: string, i: number): number {
  return (hexVal(s.charCodeAt(i)) << 4) | hexVal(s.charCodeAt(i + 1));
}

/** Writes a checked braced GUID in the MS-DTYP 2.3.4.2 layout (Data1..3 little-endian). */
function writeGuid(b: Uint8Array, p: number, s: string): number {
  b[p] = hexByte(s, 7);
  b[p + 1] = hexByte(s, 5);
  b[p + 2] = hexByte(s, 3);
  b[p + 3] = hexByte(s, 1);
  b[p + 4] = hexByte(s, 12);
  b[p + 5] = hexByte(s, 10);
  b[p + 6] = hexByte(s, 17);
  b[p + 7] = hexByte(s, 15);
  b[p + 8] = hexByte(s, 20);
  b[p + 9] = hexByte(s, 22);
  for (let k = 0; k < 6; k++) b[p + 10 + k] = hexByte(s, 25 + 2 * k);
  return p + 16;
}

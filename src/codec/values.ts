/**
 * The input values the encoder accepts: the JSON request's field values (the JSON request of the README),
 * which the language also produces from `.tapipkt` text. Interpretation depends on the field type.
 */
import { parseGuid, parseHex } from './bytes.js';

/** A raw pin: write exactly this u32 (or these bytes), whatever the encoder would compute. */
export interface RawPin {
  raw: number | string;
}

/** Raw bytes given as hex text. */
export interface HexValue {
  hex: string;
}

/** Field values of a nested or inline structure. */
export interface StructInput {
  [field: string]: FieldInput;
}

/** A field value: number, "0x..." or constant name, list of flags (OR-ed), text, GUID, bytes, struct, list of entries, pin, null. */
export type FieldInput =
  | number
  | string
  | null
  | readonly (number | string)[]
  | readonly StructInput[]
  | RawPin
  | HexValue
  | Uint8Array
  | StructInput
  | undefined;

/** A whole request as JSON (the README's "The JSON request"). */
export interface PacketInput {
  /** Catalog name, or a section number such as "2.2.4.1.3.11". */
  packet?: string;
  /** Pick a request by Req_Func instead of by name. */
  request?: number;
  fields?: Record<string, FieldInput>;
  /** VarData as raw bytes, replacing the computed one. */
  varData?: HexValue;
  /** Zero-fill the packet to this many bytes. */
  padTo?: number;
}

/** Looks up a constant's value by name. */
export type ConstLookup = (name: string) => number | undefined;

/** True when `v` is a `{raw: ...}` pin. */
export function isRawPin(v: unknown): v is RawPin {
  return typeof v === 'object' && v !== null && !(v instanceof Uint8Array) && !Array.isArray(v) && 'raw' in v;
}

/** True when `v` is a `{hex: ...}` value. */
export function isHexValue(v: unknown): v is HexValue {
  return typeof v === 'object' && v !== null && !(v instanceof Uint8Array) && !Array.isArray(v) && 'hex' in v;
}

/** True when `v` is a list of entry objects (the value of a list field; `[]` is an empty list). */
export function isEntryList(v: unknown): v is readonly StructInput[] {
  return Array.isArray(v) && (v as readonly unknown[]).every((x) => isStructInput(x));
}

/** True when `v` is a plain object of field values. */
export function isStructInput(v: unknown): v is StructInput {
  return typeof v === 'object' && v !== null && !(v instanceof Uint8Array) && !Array.isArray(v) && !('raw' in v) && !('hex' in v);
}

const NUM_RE = /^(0x[0-9a-f]+|[0-9]+)$/i;

/** Result of interpreting a value: the number, or a message saying why not. */
export type NumResult = { ok: true; value: number } | { ok: false; message: string; unknownName?: string; outOfRange?: true };

/**
 * Interprets an integer field value: a number, a "0x..." or decimal string, a constant name,
 * or a list of those OR-ed together. Checks the result fits in `width` bytes.
 */
export function toInt(v: FieldInput, width: 1 | 2 | 4, lookup: ConstLookup): NumResult {
  const max = width === 4 ? 0xffffffff : width === 2 ? 0xffff : 0xff;
  let value: number;
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) return { ok: false, message: `${v} is not an integer` };
    value = v;
  } else if (typeof v === 'string') {
    const r = parseIntText(v, lookup);
    if (!r.ok) return r;
    value = r.value;
  } else if (Array.isArray(v)) {
    let acc = 0;
    for (const part of v as readonly unknown[]) {
      if (typeof part !== 'number' && typeof part !== 'string') return { ok: false, message: 'a flag list holds only numbers and constant names' };
      const r = toInt(part, width, lookup);
      if (!r.ok) return r;
      acc = (acc | r.value) >>> 0;
    }
    value = acc;
  } else {
    return { ok: false, message: `expected a number, a constant name or a list of flags, got ${describe(v)}` };
  }
  if (value < 0 && value >= -0x80000000 && width === 4) value = value >>> 0; // allow negative error codes
  if (value < 0 || value > max) return { ok: false, message: `${value} does not fit in ${width * 8} bits`, outOfRange: true };
  return { ok: true, value };
}

function parseIntText(s: string, lookup: ConstLookup): NumResult {
  const t = s.trim();
  if (NUM_RE.test(t)) {
    const n = t.toLowerCase().startsWith('0x') ? parseInt(t.slice(2), 16) : parseInt(t, 10);
    return { ok: true, value: n };
  }
  if (/^-[0-9]+$/.test(t)) return { ok: true, value: parseInt(t, 10) };
  if (t.includes('|')) {
    let acc = 0;
    for (const part of t.split('|')) {
      const r = parseIntText(part, lookup);
      if (!r.ok) return r;
      acc = (acc | r.value) >>> 0;
    }
    return { ok: true, value: acc };
  }
  const c = lookup(t);
  if (c !== undefined) return { ok: true, value: c };
  return { ok: false, message: `unknown constant '${clipText(t)}'`, unknownName: t };
}

/** Interprets a raw pin's number (u32). */
export function rawNumber(p: RawPin): NumResult {
  return toInt(p.raw as FieldInput, 4, () => undefined);
}

/** Interprets a bytes value: `{hex}`, a Uint8Array, or a hex string. */
export function toBytes(v: FieldInput): { ok: true; bytes: Uint8Array } | { ok: false; message: string } {
  if (v instanceof Uint8Array) return { ok: true, bytes: v };
  const text = isHexValue(v) ? v.hex : isRawPin(v) && typeof v.raw === 'string' ? v.raw : undefined;
  if (typeof text !== 'string') return { ok: false, message: `expected bytes as {"hex": "..."}, got ${describe(v)}` };
  const r = parseHex(text);
  if ('error' in r) return { ok: false, message: `bad hex: ${r.error}` };
  return { ok: true, bytes: r.bytes };
}

/** Interprets a GUID value: "{...}" text, or 16 bytes as hex. */
export function toGuid(v: FieldInput): { ok: true; bytes: Uint8Array } | { ok: false; message: string } {
  if (typeof v === 'string') {
    const g = parseGuid(v);
    return g ? { ok: true, bytes: g } : { ok: false, message: `'${clipText(v)}' is not a GUID ({XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX})` };
  }
  const b = toBytes(v);
  if (!b.ok) return { ok: false, message: `expected a GUID, got ${describe(v)}` };
  return { ok: true, bytes: b.bytes };
}

/** Cuts user text echoed in a message (and escapes newlines), so a huge value still gives one short line. */
export function clipText(s: string): string {
  const t = s.length > 40 ? s.slice(0, 40) + '...' : s;
  return t.replace(/[\u0000-\u001f\u2028\u2029]/g, (c) => JSON.stringify(c).slice(1, -1));
}

/** A short description of a value's JSON type, for messages. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (v instanceof Uint8Array) return 'bytes';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '...' : v)}`;
  return `${typeof v} ${String(v)}`;
}

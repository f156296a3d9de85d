/**
 * Writers of JSON text as UTF-8 bytes, straight from packet bytes, for the generated decoders'
 * JSON output (`generate.ts` decodeJson): the same text `JSON.stringify` gives for the decoded
 * request, without building the request or any string. Each writes at `out[w]` and returns the
 * new end; the caller has made room (at most 6 output bytes per input byte, plus constants).
 */
import { writeHex } from '../bytes.js';

/** Copies the constant `k` to `out[w]`. */
export function put(out: Uint8Array, w: number, k: Uint8Array): number {
  for (let i = 0; i < k.length; i++) out[w + i] = k[i]!;
  return w + k.length;
}

/** An unsigned integer below 2^32 in decimal, as JSON.stringify writes it. */
export function digits(out: Uint8Array, w: number, v: number): number {
  if (v < 10) {
    out[w] = 48 + v;
    return w + 1;
  }
  const len = v < 100 ? 2 : v < 1e3 ? 3 : v < 1e4 ? 4 : v < 1e5 ? 5 : v < 1e6 ? 6 : v < 1e7 ? 7 : v < 1e8 ? 8 : v < 1e9 ? 9 : 10;
  let p = w + len;
  let n = v;
  if (n > 0x7fffffff) {
    // One step in floating point, then the rest fits in 31 bits (integer division by 10).
    const q = Math.floor(n / 10);
    out[--p] = 48 + (n - q * 10);
    n = q;
  }
  while (n >= 10) {
    const q = (n / 10) | 0;
    out[--p] = 48 + (n - q * 10);
    n = q;
  }
  out[p - 1] = 48 + n;
  return w + len;
}

const LOWER = new Uint8Array(Array.from('0123456789abcdef', (c) => c.charCodeAt(0)));
const UPPER = new Uint8Array(Array.from('0123456789ABCDEF', (c) => c.charCodeAt(0)));

/** `b[from..to)` as lowercase hex digits (the form of `toHex`): the one hex writer of bytes.ts. */
export const hexOut = writeHex;

/** The GUID at `b[o]` in the text of `formatGuid` (MS-DTYP 2.3.4.2; uppercase, braced). */
export function guidOut(out: Uint8Array, w: number, b: Uint8Array, o: number): number {
  out[w++] = 123;
  for (const k of GUID_ORDER) {
    if (k < 0) {
      out[w++] = 45;
      continue;
    }
    const v = b[o + k]!;
    out[w++] = UPPER[v >> 4]!;
    out[w++] = UPPER[v & 15]!;
  }
  out[w++] = 125;
  return w;
}

/** Byte order of the GUID's text; -1 is a dash. */
const GUID_ORDER = [3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1, 10, 11, 12, 13, 14, 15];

/** The escape JSON.stringify writes for a code unit: `\uXXXX` with lowercase digits. */
function unicodeEscape(out: Uint8Array, w: number, c: number): number {
  out[w++] = 92;
  out[w++] = 117;
  out[w++] = LOWER[(c >> 12) & 15]!;
  out[w++] = LOWER[(c >> 8) & 15]!;
  out[w++] = LOWER[(c >> 4) & 15]!;
  out[w++] = LOWER[c & 15]!;
  return w;
}

/** Short escapes of JSON.stringify for control characters (0 where it writes `\u00XX`). */
const SHORT = new Uint8Array(32);
SHORT[8] = 98; // \b
SHORT[9] = 116; // \t
SHORT[10] = 110; // \n
SHORT[12] = 102; // \f
SHORT[13] = 114; // \r

/** One code unit below U+D800 or above U+DFFF, escaped as JSON.stringify does, in UTF-8. */
function unit(out: Uint8Array, w: number, c: number): number {
  if (c < 0x80) {
    if (c >= 0x20 && c !== 34 && c !== 92) out[w++] = c;
    else if (c === 34 || c === 92) {
      out[w++] = 92;
      out[w++] = c;
    } else if (SHORT[c]) {
      out[w++] = 92;
      out[w++] = SHORT[c]!;
    } else w = unicodeEscape(out, w, c);
  } else if (c < 0x800) {
    out[w++] = 0xc0 | (c >> 6);
    out[w++] = 0x80 | (c & 63);
  } else {
    out[w++] = 0xe0 | (c >> 12);
    out[w++] = 0x80 | ((c >> 6) & 63);
    out[w++] = 0x80 | (c & 63);
  }
  return w;
}

/**
 * The UTF-16LE code units of `b[from..to)` as the inside of a JSON string (no quotes), as
 * JSON.stringify escapes them: `"`, `\` and control characters escaped, a surrogate pair as one
 * 4-byte UTF-8 character, an unpaired surrogate as `\udXXX`.
 */
export function jsonUtf16(out: Uint8Array, w: number, b: Uint8Array, from: number, to: number): number {
  for (let p = from; p + 1 < to; p += 2) {
    const c = b[p]! | (b[p + 1]! << 8);
    if (c < 0xd800 || c > 0xdfff) w = unit(out, w, c);
    else if (c <= 0xdbff && p + 3 < to) {
      const d = b[p + 2]! | (b[p + 3]! << 8);
      if (d >= 0xdc00 && d <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        out[w++] = 0xf0 | (cp >> 18);
        out[w++] = 0x80 | ((cp >> 12) & 63);
        out[w++] = 0x80 | ((cp >> 6) & 63);
        out[w++] = 0x80 | (cp & 63);
        p += 2;
      } else w = unicodeEscape(out, w, c);
    } else w = unicodeEscape(out, w, c);
  }
  return w;
}

/** The bytes of `b[from..to)` as Latin-1 characters, the inside of a JSON string. */
export function jsonLatin1(out: Uint8Array, w: number, b: Uint8Array, from: number, to: number): number {
  for (let p = from; p < to; p++) w = unit(out, w, b[p]!);
  return w;
}

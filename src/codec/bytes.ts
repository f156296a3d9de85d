/**
 * Byte-level primitives: a growable little-endian writer, bounds-checked reads, hex,
 * UTF-16LE and GUID helpers. The one implementation of each: the general and the fast paths,
 * the language and the CLI all use these. No dependencies; no Node globals.
 */

/**
 * A growable little-endian byte writer. It does not check ranges: `u8`, `u16le`, `u32le` and
 * `patchU32le` write the low 8, 16 or 32 bits of their value (they mask). The encoder checks
 * every value the author gives before it writes (`values.ts` toInt: TP2003 for a value that
 * does not fit), and what it computes (offsets, sizes) is below `LIMITS.maxPacketSize`.
 */
export class ByteWriter {
  private buf: Uint8Array;
  private len = 0;

  constructor(initial = 256) {
    this.buf = new Uint8Array(initial);
  }

  /** Number of bytes written so far. */
  get length(): number {
    return this.len;
  }

  private ensure(extra: number): void {
    const need = this.len + extra;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  /** Drops everything after the first `n` bytes. */
  truncate(n: number): void {
    if (n < this.len) this.len = n;
  }

  /** Appends `n` zero bytes. */
  zeros(n: number): void {
    this.ensure(n);
    this.buf.fill(0, this.len, this.len + n);
    this.len += n;
  }

  /** Pads with zero bytes until the length (relative to `base`) is a multiple of `n`. */
  align(n: number, base = 0): void {
    const rem = (this.len - base) % n;
    if (rem !== 0) this.zeros(n - rem);
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.len++] = v & 0xff;
  }

  u16le(v: number): void {
    this.ensure(2);
    this.buf[this.len++] = v & 0xff;
    this.buf[this.len++] = (v >>> 8) & 0xff;
  }

  u32le(v: number): void {
    this.ensure(4);
    const b = this.buf;
    let p = this.len;
    b[p++] = v & 0xff;
    b[p++] = (v >>> 8) & 0xff;
    b[p++] = (v >>> 16) & 0xff;
    b[p++] = (v >>> 24) & 0xff;
    this.len = p;
  }

  /** Overwrites a u32 at an earlier position (for offsets and sizes known only later). */
  patchU32le(at: number, v: number): void {
    const b = this.buf;
    b[at] = v & 0xff;
    b[at + 1] = (v >>> 8) & 0xff;
    b[at + 2] = (v >>> 16) & 0xff;
    b[at + 3] = (v >>> 24) & 0xff;
  }

  bytes(src: Uint8Array): void {
    this.ensure(src.length);
    this.buf.set(src, this.len);
    this.len += src.length;
  }

  /** Appends `s` as UTF-16LE code units followed by a NUL code unit. */
  utf16z(s: string): void {
    const n = s.length;
    this.ensure(n * 2 + 2);
    const b = this.buf;
    let p = this.len;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      b[p++] = c & 0xff;
      b[p++] = c >>> 8;
    }
    b[p++] = 0;
    b[p++] = 0;
    this.len = p;
  }

  /** Appends `s` as 8-bit characters followed by a NUL byte. */
  asciiz(s: string): void {
    const n = s.length;
    this.ensure(n + 1);
    const b = this.buf;
    let p = this.len;
    for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i) & 0xff;
    b[p++] = 0;
    this.len = p;
  }

  /** A copy of the bytes written. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

const SLAB_SIZE = 64 * 1024;
/** Outputs up to this size are cut from a shared slab (as Node's Buffer pool does). */
const SLAB_MAX = 4 * 1024;
let slab = new ArrayBuffer(0);
let slabUsed = 0;

/**
 * A zero-filled byte array of length `n`. Small arrays are views into a shared 64 KiB slab:
 * allocating a fresh ArrayBuffer costs about a microsecond, a view about 30 ns. Like a pooled
 * Node Buffer, the result's `.buffer` may be larger than the result and shared with others;
 * read it through the view (or `slice()` it) rather than through `.buffer`.
 */
export function allocBytes(n: number): Uint8Array {
  if (n > SLAB_MAX) return new Uint8Array(n);
  if (slabUsed + n > slab.byteLength) {
    slab = new ArrayBuffer(SLAB_SIZE);
    slabUsed = 0;
  }
  const out = new Uint8Array(slab, slabUsed, n);
  slabUsed = (slabUsed + n + 7) & ~7;
  return out;
}

/** Reads a little-endian u32; the caller has checked bounds. */
export function readU32le(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}

/** Reads a little-endian u16; the caller has checked bounds. */
export function readU16le(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8);
}

/** Reads an unsigned little-endian integer of 1, 2 or 4 bytes. */
export function readUintLe(b: Uint8Array, o: number, width: 1 | 2 | 4): number {
  return width === 4 ? readU32le(b, o) : width === 2 ? readU16le(b, o) : b[o]!;
}

const HEX = '0123456789abcdef';

/** The two lowercase hex digits of every byte value. */
const HEX_PAIRS: readonly string[] = Array.from({ length: 256 }, (_, v) => HEX[v >>> 4]! + HEX[v & 15]!);

/** Lowercase hex of `b`, no separators. */
export function toHex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += HEX_PAIRS[b[i]!]!;
  return s;
}

/** ASCII codes of the lowercase hex digits. */
const HEX_CODES = new Uint8Array(Array.from(HEX, (c) => c.charCodeAt(0)));

/**
 * `b[from..to)` as lowercase ASCII hex digits (the text of `toHex`) written into `out` at `w`,
 * for writers that build bytes rather than strings (the JSON writer, the batch spool); returns
 * the position after the last digit. `out` must have room for 2 x (to - from) bytes.
 */
export function writeHex(out: Uint8Array, w: number, b: Uint8Array, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const v = b[i]!;
    out[w++] = HEX_CODES[v >> 4]!;
    out[w++] = HEX_CODES[v & 15]!;
  }
  return w;
}

/** What scanHex read: the bytes and where each one's two digits start in the text. */
export interface HexScan {
  bytes: Uint8Array;
  /** Index in the text of each byte's first digit (only when asked for: `positions`). */
  starts: number[];
}

/** Where hex text stops being hex, and why. */
export interface HexScanError {
  /** Index in the text of the offending character. */
  at: number;
  /** The offending character. */
  char: string;
  /** True when it is a lone hex digit (an odd-length group), false for a character that is no digit. */
  odd: boolean;
  /** The bytes read before it, with their positions. */
  starts: number[];
}

const isHexSeparator = (c: number): boolean => c === 32 || (c >= 9 && c <= 13) || c === 44 || c === 58 || c === 59 || c === 45; // space, \t..\r , : ; -

/**
 * The one hex reader: pairs of hex digits, in groups separated by whitespace, `,`, `:`, `;` or
 * `-`, each group optionally prefixed `0x`; with `comments`, `//` to the end of the line is
 * skipped (decode blocks). A digit pair never spans a separator, so `12 3` is an error, not 0x12
 * and a stray digit. With `positions`, `starts` holds where each byte's digits are (hover on a
 * byte of a decode block).
 */
export function scanHex(text: string, options: { comments?: boolean; positions?: boolean } = {}): HexScan | HexScanError {
  const n = text.length;
  const starts: number[] = [];
  const out = new Uint8Array(n >>> 1);
  let len = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isHexSeparator(c)) {
      i++;
      continue;
    }
    if (options.comments && c === 47 && text.charCodeAt(i + 1) === 47) {
      const e = text.indexOf('\n', i);
      i = e < 0 ? n : e;
      continue;
    }
    if (c === 48 && (text.charCodeAt(i + 1) | 32) === 120) {
      i += 2; // 0x / 0X
      continue;
    }
    const hi = HEX_DIGIT_VALUE[c]!;
    const lo = i + 1 < n ? HEX_DIGIT_VALUE[text.charCodeAt(i + 1)]! : -1;
    if (hi < 0) return { at: i, char: text[i]!, odd: false, starts };
    if (lo < 0) {
      // A digit alone before a separator or the end is an odd-length group; before anything
      // else, that next character is the bad one.
      const d = i + 1 < n ? text.charCodeAt(i + 1) : -1;
      const lone = d < 0 || isHexSeparator(d) || (options.comments === true && d === 47 && text.charCodeAt(i + 2) === 47);
      return lone ? { at: i, char: text[i]!, odd: true, starts } : { at: i + 1, char: text[i + 1]!, odd: false, starts };
    }
    if (options.positions) starts.push(i);
    out[len++] = (hi << 4) | lo;
    i += 2;
  }
  return { bytes: out.subarray(0, len), starts };
}

/**
 * Parses hex text (see scanHex for the forms); returns an error message (not an exception) for
 * an odd-length group or a character that is not a hex digit.
 */
export function parseHex(text: string): { bytes: Uint8Array } | { error: string } {
  const r = scanHex(text);
  if ('bytes' in r) return { bytes: r.bytes };
  return { error: r.odd ? `odd number of hex digits (a lone '${r.char}' at character ${r.at + 1})` : `bad hex digit '${r.char}'` };
}

/**
 * Parses `{6B29FC40-CA47-1067-B31D-00DD010662DA}` (braces optional, spaces around allowed) into
 * its 16 wire bytes, per MS-DTYP 2.3.4.2: Data1 (u32), Data2 and Data3 (u16) little-endian, then
 * Data4's 8 bytes as written. One parser for every form: the text is brought to the braced form
 * and read by `parseBracedGuid`.
 */
export function parseGuid(text: string): Uint8Array | undefined {
  let t = text.trim();
  if (t.startsWith('{')) t = t.slice(1);
  if (t.endsWith('}')) t = t.slice(0, -1);
  const out = new Uint8Array(16);
  return parseBracedGuid(`{${t}}`, out, 0) ? out : undefined;
}

/** ASCII code of the high and low hex digit (uppercase) of each byte. */
const HEX_HI = new Uint8Array(256);
const HEX_LO = new Uint8Array(256);
for (let i = 0; i < 256; i++) {
  HEX_HI[i] = '0123456789ABCDEF'.charCodeAt(i >> 4);
  HEX_LO[i] = '0123456789ABCDEF'.charCodeAt(i & 15);
}

/** Formats 16 wire bytes (MS-DTYP 2.3.4.2) as `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`, uppercase. */
export function formatGuid(b: Uint8Array, o = 0): string {
  // One fromCharCode call with 38 arguments: about four times faster than joining 20 pieces.
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

/**
 * Where the NUL terminator of a string starting at `start` is, scanning `width`-byte units
 * (1: 8-bit, 2: UTF-16) below `limit`; -1 when there is none.
 */
export function findNul(b: Uint8Array, start: number, limit: number, width: 1 | 2): number {
  if (width === 2) {
    for (let q = start; q + 1 < limit; q += 2) if (b[q] === 0 && b[q + 1] === 0) return q;
  } else {
    for (let q = start; q < limit; q++) if (b[q] === 0) return q;
  }
  return -1;
}

/** Reused argument lists for `String.fromCharCode.apply`, by length (decoding never re-enters). */
const UNITS: number[][] = Array.from({ length: 33 }, (_, n) => new Array<number>(n).fill(0));

/** Decodes UTF-16LE code units from `b[start..end)` (end exclusive, even length assumed). */
export function readUtf16(b: Uint8Array, start: number, end: number): string {
  const n = (end - start) >> 1;
  if (n < UNITS.length) {
    // Short strings (PINs, names) in one fromCharCode call; unpaired surrogates are kept.
    const a = UNITS[n]!;
    for (let k = 0, p = start; k < n; k++, p += 2) a[k] = b[p]! | (b[p + 1]! << 8);
    return String.fromCharCode.apply(null, a);
  }
  let s = '';
  for (let p = start; p + 1 < end; p += 2) s += String.fromCharCode(b[p]! | (b[p + 1]! << 8));
  return s;
}

/** Decodes 8-bit characters from `b[start..end)`. */
export function readAscii(b: Uint8Array, start: number, end: number): string {
  const n = end - start;
  if (n < UNITS.length) {
    const a = UNITS[n]!;
    for (let k = 0; k < n; k++) a[k] = b[start + k]!;
    return String.fromCharCode.apply(null, a);
  }
  let s = '';
  for (let p = start; p < end; p++) s += String.fromCharCode(b[p]!);
  return s;
}

/** Writes `s` as UTF-16LE at `p` of a zero-filled array, then the NUL; returns the end. */
export function writeUtf16z(b: Uint8Array, p: number, s: string): number {
  const n = s.length;
  // A long string at an even address is written a code unit at a time through a 16-bit view
  // (one store per character instead of two); the view costs more than it saves on short ones.
  if (n >= 24 && LITTLE_ENDIAN && ((b.byteOffset + p) & 1) === 0 && p + 2 * n <= b.length) {
    const u = new Uint16Array(b.buffer, b.byteOffset + p, n);
    for (let i = 0; i < n; i++) u[i] = s.charCodeAt(i);
    return p + 2 * n + 2;
  }
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    b[p++] = c & 0xff;
    b[p++] = c >>> 8;
  }
  return p + 2; // the NUL: the array is zero-filled
}

/** Whether this machine stores integers little-endian (every platform Node runs on today). */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Writes `s` (every char <= U+00FF) at `p` of a zero-filled array, then the NUL; returns the end. */
export function writeAsciiz(b: Uint8Array, p: number, s: string): number {
  for (let i = 0; i < s.length; i++) b[p++] = s.charCodeAt(i) & 0xff;
  return p + 1;
}

/**
 * Value of each hex digit by UTF-16 code unit (or byte), -1 for every other unit: indexing by any
 * `charCodeAt` result or byte stays in bounds, so parsers need no range test per character.
 */
export const HEX_DIGIT_VALUE: Int8Array = (() => {
  const t = new Int8Array(0x10000).fill(-1);
  for (let c = 0; c < 10; c++) t[48 + c] = c;
  for (let c = 0; c < 6; c++) t[65 + c] = t[97 + c] = 10 + c;
  return t;
})();

/** Where the 16 bytes of `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}` come from, in wire order (MS-DTYP 2.3.4.2: Data1..3 little-endian). */
const GUID_DIGITS = new Uint8Array([7, 5, 3, 1, 12, 10, 17, 15, 20, 22, 25, 27, 29, 31, 33, 35]);

/**
 * Parses exactly `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`, the form the decoder prints, into
 * `out` at `o`; false for anything else (the other forms `parseGuid` accepts, such as no braces
 * or surrounding spaces, take the general path). On false, `out[o..o+16)` may hold garbage.
 */
export function parseBracedGuid(s: string, out: Uint8Array, o: number): boolean {
  if (s.length !== 38 || s.charCodeAt(0) !== 123 || s.charCodeAt(37) !== 125) return false;
  if (s.charCodeAt(9) !== 45 || s.charCodeAt(14) !== 45 || s.charCodeAt(19) !== 45 || s.charCodeAt(24) !== 45) return false;
  const t = HEX_DIGIT_VALUE;
  let bad = 0; // any -1 digit makes it negative
  for (let k = 0; k < 16; k++) {
    const d = GUID_DIGITS[k]!;
    const h = t[s.charCodeAt(d)]!;
    const l = t[s.charCodeAt(d + 1)]!;
    bad |= h | l;
    out[o + k] = (h << 4) | l;
  }
  return bad >= 0;
}

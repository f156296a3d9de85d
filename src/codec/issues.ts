/**
 * Problems found while encoding, decoding or validating. Every issue carries a stable code,
 * the field path (`lpCallParams.DialParams.dwDialPause`) and, where known, the byte offset.
 */

/**
 * Stable issue codes. Tests assert codes, never wording. One code per fault whatever the entry
 * point (JSON, text, bytes); test/unit/codes.test.ts makes every code below appear in some
 * output. Retired numbers, never to be reused: TP2102 (an offset outside its area is TP3005
 * everywhere), TP2103 (an unterminated string is TP3006), TP2104 (overlapping items were
 * never reported); TP1105 (language) became TP2004.
 */
export enum Code {
  // Codec input errors (the packet cannot be built as asked).
  UnknownPacket = 'TP2001',
  UnknownField = 'TP2002',
  BadValue = 'TP2003',
  /** A value that does not fit its field (JSON, text and raw pins alike). */
  OutOfRange = 'TP2004',
  UnknownConstant = 'TP2005',
  MissingValue = 'TP2006',
  BadHex = 'TP2007',
  BadGuid = 'TP2008',
  WrongLength = 'TP2009',
  TooLarge = 'TP2010',
  TooDeep = 'TP2011',
  /** A warning: `padTo` is smaller than the packet, so it pads nothing (the packet is not cut). */
  PadToBelowSize = 'TP2012',
  // Decode problems (the bytes do not follow the layout).
  Truncated = 'TP2101',
  TrailingBytes = 'TP2105',
  LayoutGuessed = 'TP2106',
  // Deliberate rule-breaking (warnings: the packet is built, the server would reject it).
  PinDisagrees = 'TP3001',
  FixedMismatch = 'TP3002',
  NonZeroReserved = 'TP3003',
  Misaligned = 'TP3004',
  OffsetOutsideVarData = 'TP3005',
  NotTerminated = 'TP3006',
  ItemBeyondVarData = 'TP3007',
  BelowMinimum = 'TP3008',
  NotAllowed = 'TP3009',
  ZeroValue = 'TP3010',
  AbsentRequired = 'TP3011',
  /** A field declared `ignored` is not zero: sent as written; the server ignores it. */
  IgnoredNonZero = 'TP3012',
  /** A list's entry count and its byte size disagree (e.g. GenerateTone dwNumTones vs dwSize, MS-TRP 2.2.4.1.3.19). */
  CountDisagrees = 'TP3013',
  /** A list's byte size is not a whole number of entries; the bytes are kept as hex. */
  PartialEntry = 'TP3014',
}

export type Severity = 'error' | 'warning' | 'info';

/** One problem, located by field path and byte offset. */
export interface CodecIssue {
  severity: Severity;
  code: Code;
  /** Dotted field path from the packet root; '' for the packet itself. */
  path: string;
  message: string;
  /** Byte offset in the packet where the problem is, when known. */
  offset?: number;
  /** MS-TRP section of the rule that is broken, when one applies. */
  section?: string;
}

/** Joins a parent path and a field name. */
export function joinPath(parent: string, name: string): string {
  return parent ? `${parent}.${name}` : name;
}

/**
 * The layout model: plain data that describes every MS-TRP shape (MS-TRP 2.2.4 packets,
 * 2.2.5 templates, 2.2.6 structures). The language compiles `.tapipkt` definitions into it;
 * the codec encodes and decodes over it. Nothing here knows about text or positions.
 */

/** The value a request puts in an offset field for an absent item (MS-TRP 2.2.4.1, "TAPI_NO_DATA"). */
export const TAPI_NO_DATA = 0xffffffff;

/** What an offset field points at. */
export type ItemType =
  /** NUL-terminated UTF-16LE string. */
  | { kind: 'wstr' }
  /** NUL-terminated ASCII string. */
  | { kind: 'str' }
  /** A 16-byte GUID in the MS-DTYP 2.3.4.2 layout. */
  | { kind: 'guid' }
  /** Opaque bytes; their length lives in the paired size field. */
  | { kind: 'bytes' }
  /** A nested 2.2.6 structure whose own offsets count from its first byte. */
  | { kind: 'struct'; layout: string }
  /**
   * An array of fixed structures laid end to end, no padding between entries (e.g. MonitorTones'
   * LINEMONITORTONE list, MS-TRP 2.2.4.1.3.46). Its byte length is entries x the entry's fixedSize.
   */
  | { kind: 'list'; layout: string };

/** The wire type of a field in the fixed part. */
export type FieldType =
  /** Little-endian unsigned integer of 1, 2 or 4 bytes; `table` names the constants it draws from. */
  | { kind: 'int'; width: 1 | 2 | 4; table?: string; flags?: boolean }
  /** A fixed byte array. */
  | { kind: 'bytes'; length: number }
  /**
   * A structure laid out inline (e.g. LINECALLPARAMS.DialParams, MS-TRP 2.2.6.26). When the
   * structure has offsets of its own (`embedsItems`: LINEPROXYREQUEST's GroupListSETAGENTGROUP,
   * a LINEAGENTGROUPLIST, MS-TRP 2.2.6.28) it is an embedded structure: its offsets count from
   * this field's first byte, its items lie in the enclosing layout's variable part (after the
   * enclosing fixed part, in field order with the enclosing layout's own items), and its
   * `total` fields hold the extent from its first byte to the end of its last item.
   */
  | { kind: 'inline'; layout: string }
  /** A u32 offset to an item in VarData (requests/responses) or after the fixed part (structures). */
  | {
      kind: 'offset'; target: ItemType; sizeField?: string; countField?: string; optional: boolean;
      /** The field the offset counts from (e.g. hAgentCREATEAGENT, MS-TRP 2.2.6.28), instead of the layout's base. */
      base?: string;
    }
  /**
   * Entries of a fixed structure laid inline at the end of a structure (e.g. LINEFORWARDLIST's
   * ForwardList, MS-TRP 2.2.6.31); `countField` holds how many. Takes no bytes of the fixed part.
   */
  | { kind: 'array'; layout: string; countField: string }
  /**
   * Bytes laid inline whose length is in `sizeField` (e.g. LINEPROXYREQUEST_AGENTSPECIFIC's
   * ParamsAGENTSPECIFIC, MS-TRP 2.2.6.28). Takes no bytes of the fixed part; a union arm holding
   * one grows past the union's size when the bytes do not fit.
   */
  | { kind: 'block'; sizeField: string }
  /** A u32 holding the number of entries of the list that `of` points at (computed). */
  | { kind: 'count'; of: string }
  /** A u32 holding the byte length of the item that `of` points at (computed). */
  | { kind: 'size'; of: string }
  /** A u32 holding the total byte length of the packet or structure (computed). */
  | { kind: 'total' }
  /** A u32 holding the true byte length of the trailing VarData (computed). */
  | { kind: 'varsize' }
  /** A union whose variant is selected by the value of another field (e.g. LINEPROXYREQUEST, MS-TRP 2.2.6.28). */
  | { kind: 'union'; selector: string; variants: UnionVariant[] };

/** One arm of a union. */
export interface UnionVariant {
  /** Selector value that picks this arm. */
  value: number;
  /** Display name of the arm (usually the constant's name). */
  name: string;
  fields: FieldDef[];
  /** Byte length of this arm's fields. */
  size: number;
}

/** A server validation rule attached to a field (MS-TRP 3.1.4.2). */
export type Rule =
  /** The offset must be aligned to `n` bytes, lie inside VarData, and (strings) be NUL-terminated. */
  | { kind: 'align'; n: 2 | 4 }
  /** The value must be at least `value`. */
  | { kind: 'min'; value: number }
  /** The value must be one of `values`. */
  | { kind: 'oneOf'; values: number[] }
  /** The value must not be zero. */
  | { kind: 'nonzero' }
  /** The value is a byte count VarData must have room for (an output buffer); the encoder zero-fills to it. */
  | { kind: 'room' };

/** How a field is meant to be filled. */
export type FieldRole =
  /** Must be zero when sent (e.g. Reserved1). */
  | 'zero'
  /** Padding the server ignores; any value. */
  | 'ignored';

/** One field of a layout. Offsets are relative to the start of the layout (or of the union arm). */
export interface FieldDef {
  name: string;
  type: FieldType;
  /** Byte offset from the start of the layout. */
  offset: number;
  /** Byte size in the fixed part. */
  size: number;
  /** A value the spec requires (Req_Func, Msg, "MUST be set to ..."); the encoder writes it by default. */
  fixed?: number;
  role?: FieldRole;
  /** An optional trailing field: present unless the author sets it to null. */
  trailing?: boolean;
  /**
   * Filled in by the server: the buffer ClientRequest returns carries the server's value here
   * (MS-TRP 3.1.4.2: the reply is the request's layout with its output fields set). Other fields
   * come back as sent.
   */
  out?: boolean;
  rules?: Rule[];
  /** One line, in our own words. */
  doc?: string;
}

/** What kind of thing a layout is. */
export type LayoutKind = 'request' | 'response' | 'template' | 'structure';

/** A complete packet or structure layout. */
export interface Layout {
  name: string;
  kind: LayoutKind;
  /** MS-TRP section number, e.g. "2.2.4.1.3.11". */
  section?: string;
  /** Req_Func of a request (MS-TRP 2.2.5.2). */
  reqFunc?: number;
  /** Msg of a response (MS-TRP 2.2.5.1). */
  msg?: number;
  fields: FieldDef[];
  /** Size of the fixed part including optional trailing fields. */
  fixedSize: number;
  /** Whether variable data may follow the fixed part. */
  hasVarData: boolean;
  /** Fewest VarData bytes the server accepts (e.g. room for an output structure); zero-filled by the encoder. */
  minVarData?: number;
  doc?: string;
  /** Where the definition came from (file URI and character offset), for go-to-definition. */
  source?: { uri: string; offset: number };
}

/** A table of named constants (MS-TRP 2.2.3). */
export interface ConstTable {
  name: string;
  section?: string;
  /** True when the values are bit flags that may be OR-ed. */
  flags: boolean;
  entries: ConstEntry[];
  doc?: string;
  source?: { uri: string; offset: number };
}

/** One named constant. */
export interface ConstEntry {
  name: string;
  value: number;
  doc?: string;
  source?: { uri: string; offset: number };
}

/** Everything the codec needs to resolve names: layouts and constants. */
export interface Catalog {
  layouts: Layout[];
  tables: ConstTable[];
}

/** The size in bytes of an encoded field in the fixed part, given its type. */
export function fieldTypeSize(type: FieldType, resolveLayout: (name: string) => Layout | undefined): number {
  switch (type.kind) {
    case 'int':
      return type.width;
    case 'bytes':
      return type.length;
    case 'inline':
      return resolveLayout(type.layout)?.fixedSize ?? 0;
    case 'union':
      return Math.max(0, ...type.variants.map((v) => v.size));
    case 'array':
    case 'block':
      return 0;
    default:
      return 4;
  }
}

/**
 * True when structure `L`, laid inline, has items of its own (an offset field, directly or in a
 * union arm): an embedded structure (see the `inline` field type).
 */
export function embedsItems(L: Layout): boolean {
  return L.fields.some((f) => f.type.kind === 'offset' || (f.type.kind === 'union' && f.type.variants.some((v) => v.fields.some((g) => g.type.kind === 'offset'))));
}

/** True for fields whose value the encoder computes (offsets, sizes, totals). */
export function isComputed(type: FieldType): boolean {
  return type.kind === 'offset' || type.kind === 'size' || type.kind === 'count' || type.kind === 'total' || type.kind === 'varsize';
}

/** Human-readable name of a field type, as written in `.tapipkt`. */
export function typeName(type: FieldType): string {
  switch (type.kind) {
    case 'int':
      return type.table ?? (type.width === 4 ? 'u32' : type.width === 2 ? 'u16' : 'u8');
    case 'bytes':
      return `bytes[${type.length}]`;
    case 'inline':
      return type.layout;
    case 'offset': {
      const t = type.target.kind === 'struct' ? type.target.layout : type.target.kind === 'list' ? `${type.target.layout}[]` : type.target.kind;
      return `offset<${t}>${type.optional ? '?' : ''}${type.countField ? ` count ${type.countField}` : ''}${type.sizeField ? ` size ${type.sizeField}` : ''}`;
    }
    case 'size':
      return `size of ${type.of}`;
    case 'count':
      return `count of ${type.of}`;
    case 'total':
      return 'total';
    case 'varsize':
      return 'varsize';
    case 'union':
      return `switch ${type.selector}`;
    case 'array':
      return `${type.layout}[] count ${type.countField}`;
    case 'block':
      return `bytes[] size ${type.sizeField}`;
  }
}

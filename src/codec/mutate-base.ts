/**
 * What the three mutation modes share: the mutant's shape, the input packet prepared once per
 * run (its layout, bytes and spans), and the checks every mode relies on: the server-rule codes
 * the codec reports for bytes, and the lossless reading of bytes made by surgery.
 */
import { toHex } from './bytes.js';
import type { CatalogIndex } from './catalog-index.js';
import type { Span, TopExtras } from './limits.js';
import type { CodecIssue } from './issues.js';
import type { Layout } from './layout.js';
import { decodePacket, encodeRequest } from './packet.js';
import { type FieldInput, isStructInput, type PacketInput, type StructInput } from './values.js';
import { ruleEntries } from './rules.js';

/** The three kinds of mutants. */
export type MutationMode = 'valid' | 'break' | 'raw';

/** Every mode, in the order the CLI lists them. */
export const MUTATION_MODES: readonly MutationMode[] = ['valid', 'break', 'raw'];

/** What one mutant changed: the field (dotted path, or `VarData`/`packet`), the rule it breaks (break mode), in words. */
export interface Mutation {
  field: string;
  /** The code of the MS-TRP 3.1.4.2 rule the mutant breaks (break mode only). */
  rule?: string;
  what: string;
}

/**
 * One mutant: its bytes, the JSON request that encodes to exactly those bytes, and what was
 * mutated. `JSON.stringify(mutant)` gives the CLI's line: `{"hex", "request", "mode", "mutation"}`.
 * The request may be made on first read: a harness that only sends the bytes does not pay for
 * building it (a valid mutant that rewrites one integer in a copy of the input's bytes needs no
 * request to get its bytes).
 */
export class Mutant {
  private made: PacketInput | undefined;

  constructor(
    readonly bytes: Uint8Array,
    private readonly source: PacketInput | DeferredRequest,
    readonly mode: MutationMode,
    readonly mutation: Mutation,
    /** Position in the whole run (0-based): the same mutant whatever the shard. */
    readonly index: number,
  ) {}

  /** The JSON request that encodes to exactly `bytes`. */
  get request(): PacketInput {
    return (this.made ??= this.source instanceof DeferredRequest ? this.source.make() : this.source);
  }

  /** The bytes as lowercase hex. */
  get hex(): string {
    return toHex(this.bytes);
  }

  toJSON(): { hex: string; request: PacketInput; mode: MutationMode; mutation: Mutation } {
    return { hex: this.hex, request: this.request, mode: this.mode, mutation: this.mutation };
  }
}

/** One field's new value (`name`, `value`), or several (`changes`): what a mutation changed. */
export interface ChangeSet {
  name?: string;
  value?: FieldInput;
  changes?: readonly (readonly [string, FieldInput])[];
}

/** The field changes of a change set. */
export function changesOf(e: ChangeSet): readonly (readonly [string, FieldInput])[] {
  return e.changes ?? (e.name !== undefined ? [[e.name, e.value]] : []);
}

/**
 * A mutant's request, made when first read: the input's fields with `edit` applied under
 * `parent`, or `fields` when given. One small object instead of a closure per mutant.
 */
export class DeferredRequest {
  constructor(
    private readonly base: Base,
    private readonly parent: readonly string[],
    private readonly edit: ChangeSet,
    private readonly fields?: StructInput,
  ) {}

  make(): PacketInput {
    return requestWith(this.base, this.fields ?? withChanges(this.base.fields, this.parent, changesOf(this.edit)));
  }
}

/**
 * The codes of the server's rules (MS-TRP 3.1.4.2, with the required values and must-be-zero
 * fields of the layouts): what a `valid` mutant never has and a `break` mutant has exactly one of.
 * Read from the rule table, so a rule added there (the list rules TP3013, TP3014) counts here.
 * A pin that disagrees (TP3001, `total`) and a non-zero ignored field (TP3012) are not rules the
 * server checks.
 */
export const RULE_CODES: ReadonlySet<string> = new Set<string>(
  ruleEntries()
    .filter((e) => e.kind !== 'total' && e.kind !== 'ignored')
    .map((e) => e.code),
);

/** The rule codes among issues, in order (repeats kept). */
export function ruleCodes(issues: readonly CodecIssue[]): string[] {
  const out: string[] = [];
  for (const i of issues) if (i.severity === 'warning' && RULE_CODES.has(i.code)) out.push(i.code);
  return out;
}

/** The input packet of a run, encoded once. */
export interface Base {
  index: CatalogIndex;
  layout: Layout;
  /** The input's top-level keys (packet or request, padTo); mutants replace `fields`. */
  input: PacketInput;
  fields: StructInput;
  bytes: Uint8Array;
  spans: readonly Span[];
  /** Where VarData starts (the fixed part's size). */
  fixedEnd: number;
  /** The input's padTo as encoder extras (valid and break runs refuse a raw varData). */
  extras: TopExtras;
}

/** The request of a mutant whose fields are `fields`. */
export function requestWith(base: Base, fields: StructInput): PacketInput {
  return { ...base.input, fields };
}

/** True when two byte arrays hold the same bytes. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  const n = a.length;
  if (n !== b.length) return false;
  // Four bytes at a time where both start on a 4-byte boundary (the codec's buffers do).
  if ((a.byteOffset & 3) === 0 && (b.byteOffset & 3) === 0) {
    const words = n >>> 2;
    const wa = new Int32Array(a.buffer, a.byteOffset, words);
    const wb = new Int32Array(b.buffer, b.byteOffset, words);
    for (let i = 0; i < words; i++) if (wa[i] !== wb[i]) return false;
    for (let i = words << 2; i < n; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A copy of `bytes` with the u32 at `at` replaced. */
export function patchU32(bytes: Uint8Array, at: number, v: number): Uint8Array {
  const out = bytes.slice();
  out[at] = v & 0xff;
  out[at + 1] = (v >>> 8) & 0xff;
  out[at + 2] = (v >>> 16) & 0xff;
  out[at + 3] = (v >>> 24) & 0xff;
  return out;
}

/** The concatenation of byte arrays. */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Bytes made by surgery, read back as the base's layout: the request that encodes to exactly
 * these bytes (raw pins, `varData` hex, `padTo`, as decode writes them) and the issues decode
 * found; undefined when no request gives these bytes back.
 */
export function readBack(base: Base, bytes: Uint8Array): { request: PacketInput; issues: CodecIssue[] } | undefined {
  const d = decodePacket(base.index, bytes, { as: base.layout.name, spans: false });
  if (!d.request.packet) return undefined;
  const again = encodeRequest(base.index, d.request);
  if (!again.bytes || !sameBytes(again.bytes, bytes)) return undefined;
  return { request: d.request, issues: d.issues };
}

/** A copy of `root` with the value at `parent.name` changes applied (undefined deletes), copying only along the path. */
export function withChanges(root: StructInput, parent: readonly string[], changes: readonly (readonly [string, FieldInput])[]): StructInput {
  const top: StructInput = { ...root };
  let o = top;
  for (const k of parent) {
    const cur = o[k];
    const next: StructInput = isStructInput(cur) ? { ...cur } : {};
    o[k] = next;
    o = next;
  }
  for (const [k, v] of changes) {
    if (v === undefined) delete o[k];
    else o[k] = v;
  }
  return top;
}

/** A short, one-line rendering of a value for `mutation.what`. */
export function showValue(v: FieldInput): string {
  if (v === null) return 'absent';
  if (typeof v === 'number') return v >= 0 && v < 10 ? String(v) : v < 0 ? String(v) : `0x${v.toString(16).toUpperCase()}`;
  if (typeof v === 'string') return v.length > 40 ? `a ${v.length}-unit string` : JSON.stringify(v);
  if (Array.isArray(v)) return v.join('|');
  if (v instanceof Uint8Array) return `${v.length} bytes`;
  if (typeof v === 'object' && v !== undefined && 'hex' in v) return `${Math.floor(String(v.hex).length / 2)} bytes`;
  if (typeof v === 'object' && v !== undefined && 'raw' in v) return `raw ${String(v.raw)}`;
  return 'a structure';
}

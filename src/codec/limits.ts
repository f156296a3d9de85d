/**
 * The codec's shared types and limits: a leaf module (it imports only types), so the general
 * paths (`encode.ts`, `decode.ts`), the fast paths (`fast/`) and the packet entry points
 * (`packet.ts`) can all use them without importing each other.
 */
import type { CodecIssue } from './issues.js';
import type { Layout } from './layout.js';
import type { ConstLookup } from './values.js';

/** Limits that keep hostile input from exhausting memory or stack. */
export const LIMITS = {
  /** Largest packet the encoder builds or the decoder reads, in bytes. */
  maxPacketSize: 16 * 1024 * 1024,
  /** Deepest nesting of structures. */
  maxDepth: 16,
  /** Most entries one list may hold (a list of 1-byte entries still fits maxPacketSize). */
  maxEntries: 65536,
};

/** What the encoder and decoder need to resolve names. */
export interface CodecContext {
  layout(name: string): Layout | undefined;
  constant: ConstLookup;
}

/** Where a field or item landed in the output. */
export interface Span {
  path: string;
  offset: number;
  size: number;
  kind: 'field' | 'item';
  /** True when the encoder computed the value (offsets, sizes, totals). */
  computed?: boolean;
  /**
   * For a computed field (size, count, total) the author pinned with a raw value: the value the
   * encoder would have written there. The same encode answers "what is sent" and "what would be
   * computed", so a packet with pins is encoded once.
   */
  wouldWrite?: number;
}

/** Extra inputs that apply to the top-level packet only. */
export interface TopExtras {
  varData?: Uint8Array;
  padTo?: number;
}

/** Result of an encode: bytes unless there was an error, plus every issue found. */
export interface EncodeResult {
  bytes?: Uint8Array;
  issues: CodecIssue[];
  spans?: Span[];
}

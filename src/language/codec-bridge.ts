/**
 * The one place the language calls the codec's encode and decode entry points (issue 13): the
 * checker encodes through it, the program decodes `decode` blocks through it, the service decodes
 * bytes to text through it. Types and small byte helpers may be imported from the codec anywhere;
 * the architecture test keeps its entry points here.
 */
import {
  CatalogIndex, type CatalogScope, type CodecContext, type CodecIssue, decodePacket, type DecodeOptions, type DecodeOutcome, decodeReply, encodeLayout,
  type EncodeResult, ignoredFieldWarnings, type Layout, type ReplyOutcome, type RequestOfId, serverRuleWarnings, type StructInput, type TopExtras,
} from '../codec/index.js';

/**
 * How many times the language has asked the codec to encode or decode. Read by tests that check
 * a packet is not encoded more often than it must be (a counter, not a timer, so it cannot flake).
 */
export const codecCalls = { encodes: 0, decodes: 0 };

/**
 * Encodes a packet's checked values; `spans` also records where each field landed. `clean`: the
 * codec's fast path showed the bytes break no server rule and set no ignored field, so
 * serverRuleIssues would find nothing.
 */
export function encodeChecked(ctx: CodecContext, L: Layout, fields: StructInput, extras: TopExtras, spans: boolean): EncodeResult & { clean: boolean } {
  codecCalls.encodes++;
  return spans ? encodeLayout(ctx, L, fields, extras, { spans: true }) : encodeLayout(ctx, L, fields, extras);
}

/**
 * The server's rules (MS-TRP 3.1.4.2) and the fields the server ignores, checked on the bytes it
 * would see: warnings, since the bytes encode anyway.
 */
export function serverRuleIssues(ctx: CodecContext, L: Layout, bytes: Uint8Array): CodecIssue[] {
  return [...serverRuleWarnings(ctx, L, bytes), ...ignoredFieldWarnings(L, bytes)].map((i) => ({ ...i, severity: 'warning' as const }));
}

/** Decodes bytes as a request, response or structure of `index` (chosen from the bytes, or `as`). */
export function decodeBytes(index: CatalogIndex, bytes: Uint8Array, options: DecodeOptions = {}): DecodeOutcome {
  codecCalls.decodes++;
  return decodePacket(index, bytes, options);
}

/** Decodes bytes as the reply to the request layout `to`. */
export function decodeReplyBytes(index: CatalogIndex, bytes: Uint8Array, to: string, requestOf: RequestOfId): ReplyOutcome {
  codecCalls.decodes++;
  return decodeReply(index, bytes, to, { requestOf });
}

/** A codec issue as diagnostic text: the field path first, the MS-TRP section last. */
export function issueText(i: CodecIssue, withPath: boolean): string {
  return `${withPath && i.path ? i.path + ': ' : ''}${i.message}${i.section ? ` (MS-TRP ${i.section})` : ''}`;
}

/**
 * The catalog's index, seeing a document's own layouts before the catalog's (by name or
 * section); picking a layout from the bytes still looks at the catalog only.
 */
class DocumentIndex extends CatalogIndex {
  constructor(
    catalog: CatalogScope,
    private readonly own: CodecContext,
  ) {
    super(catalog.catalog);
  }

  override layout(name: string): Layout | undefined {
    return this.own.layout(name) ?? super.layout(name);
  }
}

const indexes = new WeakMap<CodecContext, CatalogIndex>();

/** The codec index of a document's scope: the catalog itself, or one index per compiled scope. */
export function indexFor(ctx: CodecContext, catalog: CatalogScope): CatalogIndex {
  if (ctx instanceof CatalogIndex) return ctx;
  let idx = indexes.get(ctx);
  if (!idx) indexes.set(ctx, (idx = new DocumentIndex(catalog, ctx)));
  return idx;
}

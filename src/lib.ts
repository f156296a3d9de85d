/**
 * The library entry (`dist/lib.js`, CommonJS, no `vscode`): the same functions the CLI calls,
 * for scripts, fuzzers and benchmarks.
 *
 *     const { encodeJson, decodeBytes } = require('tapipkt/dist/lib.js');
 *     const bytes = encodeJson({ packet: 'CreateAgentSession', fields: { lpszAgentPIN: '4711', lpGroupID: '{...}' } });
 *     for (const m of mutate(request, { mode: 'valid', count: 1000, seed: 7 })) send(m.bytes);
 */
import { builtinCatalog, builtinScope } from './catalog/index.js';
import {
  CatalogIndex, checkMutateOptions, Code, type CodecIssue, createMutator, decodePacket, type DecodeOutcome, decodeRequestFast, encodeRequest, type MutateOptions,
  type Mutant, type PacketInput,
} from './codec/index.js';
import { createLanguageService as createService, type LanguageService, type LanguageServiceOptions } from './language/index.js';

export * from './codec/index.js';
export { formatBytes, toCArray, toPythonBytes } from './language/index.js';
export type { LanguageService, LanguageServiceCore } from './language/index.js';
export { builtinCatalog };

// Only the request is returned: no spans, and no search for other layouts that fit as well.
const NO_SPANS = { spans: false, alternatives: false } as const;

/** The built-in catalog, indexed (built once). */
export function catalogIndex(): CatalogIndex {
  return builtinScope();
}

/** Thrown by `encodeJson`/`decodeBytes` for bad input; carries every issue with its code and field path. */
export class TapipktError extends Error {
  constructor(readonly issues: CodecIssue[]) {
    super(issues.filter((i) => i.severity === 'error').map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ') || 'bad input');
    this.name = 'TapipktError';
  }
}

/**
 * Encodes one JSON request (the JSON request of the README) to bytes. Throws TapipktError on bad input;
 * warnings (rules broken on purpose) do not throw: use `tryEncodeJson` to see them.
 */
export function encodeJson(request: unknown): Uint8Array {
  const r = encodeRequest(catalogIndex(), request);
  if (!r.bytes) throw new TapipktError(r.issues);
  return r.bytes;
}

/** Encodes one JSON request; returns the bytes (absent on error) and every issue. Never throws. */
export function tryEncodeJson(request: unknown): { bytes?: Uint8Array; issues: CodecIssue[] } {
  const r = encodeRequest(catalogIndex(), request);
  return r.bytes ? { bytes: r.bytes, issues: r.issues } : { issues: r.issues };
}

/**
 * Decodes bytes into the JSON request form; encoding the result gives back exactly `bytes`.
 * Throws TapipktError only when no layout can hold the bytes (fewer than 40).
 */
export function decodeBytes(bytes: Uint8Array, options: { as?: string } = {}): PacketInput {
  if (options.as === undefined) {
    const fast = decodeRequestFast(catalogIndex(), bytes);
    if (fast) return fast;
  }
  // Only the request is returned, so the decoder need not collect spans.
  const r = decodePacket(catalogIndex(), bytes, options.as !== undefined ? { as: options.as, spans: false } : NO_SPANS);
  if (!r.request.packet) throw new TapipktError(r.issues);
  return r.request;
}

/** Decodes bytes; returns the request, the layout chosen, and every issue. Never throws. */
export function tryDecodeBytes(bytes: Uint8Array, options: { as?: string } = {}): DecodeOutcome {
  return decodePacket(catalogIndex(), bytes, options);
}

/** Creates the language service (diagnostics, hover, completion, encode, decode, ...) over the built-in catalog or another. */
export function createLanguageService(options: Partial<LanguageServiceOptions> = {}): LanguageService {
  return createService({ catalog: options.catalog ?? builtinCatalog, ...(options.host ? { host: options.host } : {}) });
}

/**
 * Mutants of one JSON request, made one at a time as the iterator is
 * read: `valid` ones break no server rule, `break` ones exactly one (its code in
 * `mutation.rule`), `raw` ones the layout's own relations. Each has `bytes`, `hex`, the
 * `request` that encodes to those bytes, and `mutation` ({field, rule?, what});
 * `JSON.stringify(m)` is the CLI's line. Same seed, same mutants; `shard: {index: K, count: N}`
 * makes the mutants i with i mod N = K - 1. Throws TapipktError on bad input (the request does
 * not encode, or breaks a rule already for valid/break runs) or bad options.
 */
export function mutate(request: unknown, options: MutateOptions): IterableIterator<Mutant> {
  const bad = checkMutateOptions(options);
  if (bad) throw new TapipktError([{ severity: 'error', code: Code.BadValue, path: 'options', message: bad }]);
  const m = createMutator(catalogIndex(), request, options.mode);
  if ('error' in m) throw new TapipktError([m.error]);
  return m.run(options);
}

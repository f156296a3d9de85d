/**
 * Whole packets: pick a layout for a JSON request and encode it; pick a layout for bytes and
 * decode them losslessly (decode then encode gives back exactly the same bytes).
 */
import { parseHex, readU32le, readUintLe, toHex } from './bytes.js';
import type { CatalogIndex } from './catalog-index.js';
import { decodeLayout } from './decode.js';
import { cleanCanonical, decodeJsonFast, decodeWithPlan, fastPaths, fastPlan, type JsonSink } from './fast/index.js';
import { unknownPacketMessage } from './hints.js';
import { ignoredFieldWarnings } from './ignored-fields.js';
import { Code, type CodecIssue } from './issues.js';
import type { FieldDef, Layout } from './layout.js';
import { encodeLayout } from './layout-codec.js';
import { type CodecContext, type EncodeResult, LIMITS, type Span, type TopExtras } from './limits.js';
import { RULES } from './rules.js';
import { describe, type FieldInput, isStructInput, type PacketInput, type StructInput } from './values.js';

import { compareFit, type Fit, fitOf, MIN_REQUEST, MIN_RESPONSE, minSize, readingsFor, REQUEST_TEMPLATE, responseMsg, shapeOf, tieRank } from './guess.js';

export { REQUEST_TEMPLATE, RESPONSE_TEMPLATE } from './guess.js';

function fail(code: Code, path: string, message: string): EncodeResult {
  return { issues: [{ severity: 'error', code, path, message }] };
}

/** Finds the layout a JSON request names (by name, section or Req_Func). */
export function resolveRequestLayout(index: CatalogIndex, input: PacketInput): { layout: Layout; fields: StructInput } | { error: CodecIssue } {
  // The caller's object is used as is (the encoder only reads it); it is copied only to add Req_Func.
  const fields: StructInput = isStructInput(input.fields) ? input.fields : {};
  if (typeof input.packet === 'string') {
    const L = index.layout(input.packet);
    if (!L) return { error: { severity: 'error', code: Code.UnknownPacket, path: 'packet', message: unknownPacketMessage(input.packet, index.byName.keys(), 'json', 'packet').message } };
    return { layout: L, fields };
  }
  if (input.request !== undefined) {
    const n = input.request;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 0xffffffff) {
      return { error: { severity: 'error', code: Code.BadValue, path: 'request', message: `request must be a Req_Func number, got ${describe(n)}` } };
    }
    const L = index.byReqFunc.get(n);
    if (L) return { layout: L, fields };
    const T = index.layout(REQUEST_TEMPLATE);
    if (!T) return { error: { severity: 'error', code: Code.UnknownPacket, path: 'request', message: `no layout for Req_Func ${n}` } };
    return { layout: T, fields: fields['Req_Func'] === undefined ? { ...fields, Req_Func: n } : fields };
  }
  return { error: { severity: 'error', code: Code.UnknownPacket, path: 'packet', message: 'the request names no packet: give "packet" (a name or section) or "request" (a Req_Func)' } };
}

/**
 * Encodes one JSON request (the JSON request of the README). Errors come back as issues, never thrown.
 * @param options.spans also return where each field and item landed
 */
export function encodeRequest(index: CatalogIndex, input: unknown, options: { spans?: boolean } = {}): EncodeResult & { layout?: Layout } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return fail(Code.BadValue, '', `a request is a JSON object, got ${describe(input)}`);
  const req = input as PacketInput;
  if (req.fields !== undefined && !isStructInput(req.fields)) return fail(Code.BadValue, 'fields', `"fields" must be an object, got ${describe(req.fields)}`);
  const r = resolveRequestLayout(index, req);
  if ('error' in r) return { issues: [r.error] };
  let varData: Uint8Array | undefined;
  if (req.varData !== undefined) {
    const hx = typeof req.varData === 'object' && req.varData !== null && typeof req.varData.hex === 'string' ? parseHex(req.varData.hex) : { error: `expected {"hex": "..."}, got ${describe(req.varData)}` };
    if ('error' in hx) return fail(Code.BadHex, 'varData', `varData: ${hx.error}`);
    varData = hx.bytes;
  }
  let padTo: number | undefined;
  if (req.padTo !== undefined) {
    if (typeof req.padTo !== 'number' || !Number.isInteger(req.padTo) || req.padTo < 0) return fail(Code.BadValue, 'padTo', `padTo must be a byte count, got ${describe(req.padTo)}`);
    if (req.padTo > LIMITS.maxPacketSize) return fail(Code.TooLarge, 'padTo', `padTo ${req.padTo} exceeds the ${LIMITS.maxPacketSize}-byte limit`);
    padTo = req.padTo;
  }
  // Built without object spreads: this is the library's hot path (bench: encodeJson).
  let extras: TopExtras = NO_EXTRAS;
  if (varData || padTo !== undefined) {
    extras = {};
    if (varData) extras.varData = varData;
    if (padTo !== undefined) extras.padTo = padTo;
  }
  // One choice of path (layout-codec.ts); the server-rule and ignored-field warnings only when
  // the fast path could not show there are none. The result is encodeLayout's own object.
  const res = encodeLayout(index, r.layout, r.fields, extras, options);
  if (!res.bytes || res.clean) return res;
  const L = r.layout;
  res.issues = [...res.issues, ...serverRuleWarnings(index, L, res.bytes), ...ignoredFieldWarnings(L, res.bytes)];
  return res;
}

const NO_EXTRAS: TopExtras = Object.freeze({});

/**
 * The server's rules (MS-TRP 3.1.4.2), required values and reserved fields, checked on the
 * bytes the server would receive: what decode reports as warnings.
 */
export function serverRuleWarnings(ctx: CodecContext, L: Layout, bytes: Uint8Array): CodecIssue[] {
  // Canonical bytes that break no rule (one fast walk) have none; otherwise ask the decoder.
  if (cleanCanonical(L, bytes)) return [];
  return decodeLayout(ctx, L, bytes).issues.filter((i) => i.severity === 'warning');
}

/** Options of `decodePacket`. */
export interface DecodeOptions {
  /** Force a layout (a catalog name or section number) instead of picking one from the bytes. */
  as?: string;
  /** False skips collecting spans (the outcome's `spans` may then be empty); for batch callers. */
  spans?: boolean;
  /**
   * False skips looking for other layouts that fit the bytes exactly as well (the TP2106 note):
   * the first perfect fit in tie order is the answer, found without decoding the rest (the 52-byte
   * completions of Msg 0x0C have 25 candidates). The chosen layout and request are the same.
   */
  alternatives?: boolean;
}

/** What decode chose and found. */
export interface DecodeOutcome {
  /** The JSON request that encodes back to exactly the input bytes. */
  request: PacketInput;
  layout?: Layout;
  /** Errors (cannot decode) and warnings (rules broken, bytes that do not follow the layout). */
  issues: CodecIssue[];
  spans: Span[];
  /** How the layout was picked, when it was not forced. */
  chosenBy?: string;
}

function setPath(root: StructInput, path: string, v: FieldInput): void {
  const parts = path.split('.');
  let o = root;
  for (let i = 0; i < parts.length - 1; i++) {
    const k = parts[i]!;
    // `ForwardList[1]`: an entry of a list value (decode made the list, so the entry is there).
    const m = /^(.+)\[(\d+)\]$/.exec(k);
    const list = m ? o[m[1]!] : undefined;
    if (m && Array.isArray(list) && isStructInput(list[Number(m[2])])) {
      o = list[Number(m[2])] as StructInput;
      continue;
    }
    const next = o[k];
    if (!isStructInput(next)) {
      const n: StructInput = {};
      o[k] = n;
      o = n;
    } else o = next;
  }
  o[parts[parts.length - 1]!] = v;
}

function same(a: Uint8Array, b: Uint8Array, from = 0, to = Math.max(a.length, b.length)): boolean {
  if (to > a.length || to > b.length) return false;
  for (let i = from; i < to; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The request layout decode tries first for bytes (by Req_Func), when it has a compiled plan;
 * undefined for anything else (responses, unknown Req_Func, too short or too long).
 */
function fastRequestLayout(index: CatalogIndex, bytes: Uint8Array): Layout | undefined {
  const n = bytes.length;
  if (n < 4 || n > LIMITS.maxPacketSize || !fastPaths.enabled) return undefined;
  if (responseMsg(index, bytes) !== undefined) return undefined; // decode would try the responses first
  const L = index.byReqFunc.get(readU32le(bytes, 0));
  return L && fastPlan(L) ? L : undefined;
}

/**
 * The request `decodePacket(index, bytes, { spans: false })` gives, when the fast path alone can
 * give it: a request layout picked by Req_Func (the reading decode tries first) and canonical bytes that
 * break no rule, so there are no issues. Undefined otherwise: then call decodePacket. For callers
 * that want only the request (lib `decodeBytes`); it skips the outcome, the spans and the text
 * of why the layout was picked.
 */
export function decodeRequestFast(index: CatalogIndex, bytes: Uint8Array): PacketInput | undefined {
  const L = fastRequestLayout(index, bytes);
  const fields = L && decodeWithPlan(fastPlan(L)!, bytes);
  return fields ? { packet: L.name, fields } : undefined;
}

export type { JsonSink } from './fast/index.js';

/**
 * `decodeRequestFast` written as JSON: the UTF-8 bytes of `JSON.stringify(request)` into the
 * sink's buffer from `sink.at`; returns their end, or -1 where decodeRequestFast gives undefined
 * (then whatever was written is to be ignored). For the batch CLI: building the request and
 * stringifying it cost more than decoding.
 */
export function decodeRequestJson(index: CatalogIndex, bytes: Uint8Array, sink: JsonSink): number {
  const L = fastRequestLayout(index, bytes);
  return L ? decodeJsonFast(L, bytes, sink) : -1;
}

/** One layout's reading of the bytes: the fast walk for canonical bytes, else the general one. */
function decodeAs(index: CatalogIndex, L: Layout, bytes: Uint8Array, spans: boolean): { ok: boolean; outcome: DecodeOutcome } {
  const plan = fastPlan(L);
  if (plan) {
    // Canonical bytes that break no rule: one walk, no re-encode (see fast/decode.ts).
    const sp: Span[] = [];
    const fields = decodeWithPlan(plan, bytes, spans ? sp : undefined);
    if (fields) return { ok: true, outcome: { request: { packet: L.name, fields }, layout: L, issues: [], spans: sp } };
  }
  return attempt(index, L, bytes);
}

/**
 * A packet whose TotalSize (a `total` field at byte 0) is not its length: the encoder would
 * compute the length, so the decoded request pins it; say so, with the code a pinned value that
 * disagrees has everywhere.
 */
function totalWarning(L: Layout, bytes: Uint8Array): CodecIssue | undefined {
  const f = L.fields[0];
  if (!f || f.type.kind !== 'total' || f.offset !== 0 || bytes.length < 4) return undefined;
  const v = readU32le(bytes, 0);
  if (v === bytes.length) return undefined;
  const e = RULES.total;
  return { severity: 'warning', code: e.code, path: f.name, offset: 0, message: e.message({ kind: 'total' }, { name: f.name, value: v, varLen: bytes.length, layout: L.name, area: 'VarData' }) };
}

function withTotalWarning(o: DecodeOutcome, L: Layout, bytes: Uint8Array): DecodeOutcome {
  const w = totalWarning(L, bytes);
  if (w) o.issues.unshift(w);
  return o;
}

/**
 * True when reading `n` bytes as L must leave bytes no field explains (fitOf's `rest`): the bytes
 * are longer than L's fixed part and nothing in L can account for more (no item, inline list or
 * block, no VarData size field, no output buffer the encoder zero-fills).
 */
function leavesRest(L: Layout, n: number): boolean {
  if (n <= L.fixedSize) return false;
  let known = varExplained.get(L);
  if (known === undefined) {
    const explains = (fs: readonly FieldDef[]): boolean =>
      fs.some((f) => {
        const t = f.type;
        if (t.kind === 'union') return t.variants.some((a) => explains(a.fields));
        return t.kind === 'offset' || t.kind === 'array' || t.kind === 'block' || t.kind === 'varsize' || t.kind === 'inline' || (f.rules?.some((r) => r.kind === 'room') ?? false);
      });
    known = (L.minVarData ?? 0) > 0 || explains(L.fields);
    varExplained.set(L, known);
  }
  return !known;
}

/** Whether a layout has anything that can account for bytes past its fixed part (leavesRest). */
const varExplained = new WeakMap<Layout, boolean>();

/** A reading with nothing left over, nothing pinned and no rule broken: none fits better. */
const PERFECT: Fit = { rest: 0, pins: 0, warnings: 0 };

/** perfectFirst's orders, per catalog index, by candidates and length (a batch meets few distinct ones). */
const orderCache = new WeakMap<CatalogIndex, Map<string, Layout[]>>();

/**
 * The candidates that can hold `n` bytes, in tie order (stable: catalog order within a rank),
 * those that cannot fit perfectly last (leavesRest): the first perfect fit in this order beats
 * every later candidate, which then need not be decoded. The candidates come from readingsFor,
 * so the first and last names and the count tell them apart.
 */
function perfectFirst(index: CatalogIndex, candidates: readonly Layout[], n: number): Layout[] {
  const key = `${candidates[0]!.name}|${candidates[candidates.length - 1]!.name}|${candidates.length}|${n}`;
  let orders = orderCache.get(index);
  if (!orders) orderCache.set(index, (orders = new Map()));
  let order = orders.get(key);
  if (!order) {
    order = candidates
      .filter((L) => minSize(L) <= n)
      .map((L, i) => ({ L, i, t: tieRank(index, L) + (leavesRest(L, n) ? 100 : 0) }))
      .sort((a, b) => a.t - b.t || a.i - b.i)
      .map((x) => x.L);
    if (orders.size >= 4096) orders.clear();
    orders.set(key, order);
  }
  return order;
}

/**
 * The best lossless reading among candidate layouts (fit, then tie order: guess.ts), the names
 * of those that fit exactly as well, and how many were tried. Of several candidates, those too
 * long for the bytes are not tried; a single one is, so that its error (`failure`) can say why
 * the likelier reading was given up.
 */
function rankReading(index: CatalogIndex, candidates: readonly Layout[], bytes: Uint8Array, spans: boolean, alternatives: boolean) {
  const layouts = candidates.length > 1 ? (alternatives ? candidates.filter((L) => minSize(L) <= bytes.length) : perfectFirst(index, candidates, bytes.length)) : candidates;
  // One decode per shape ranks every layout of that shape (see shapeOf).
  const byShape = new Map<string, { ok: boolean; outcome: DecodeOutcome; fit?: Fit }>();
  let best: { L: Layout; fit: Fit; tie: number } | undefined;
  const fits: { L: Layout; fit: Fit }[] = [];
  for (const L of layouts) {
    const key = shapeOf(L);
    let r = byShape.get(key);
    if (!r) {
      r = decodeAs(index, L, bytes, spans);
      if (r.ok) r.fit = fitOf(L, r.outcome.request, r.outcome.issues.filter((i) => i.severity === 'warning').length + (totalWarning(L, bytes) ? 1 : 0));
      byShape.set(key, r);
    }
    if (!r.fit) continue;
    const tie = tieRank(index, L);
    fits.push({ L, fit: r.fit });
    if (!best || compareFit(r.fit, best.fit) < 0 || (compareFit(r.fit, best.fit) === 0 && tie < best.tie)) best = { L, fit: r.fit, tie };
    if (!alternatives && compareFit(best.fit, PERFECT) === 0) break;
  }
  const tried = layouts.length;
  if (!best) return { tried, equal: [] as string[], failure: [...byShape.values()][0]?.outcome };
  const b = best;
  const shared = byShape.get(shapeOf(b.L))!;
  // The shape's decode may carry another layout's names: decode the chosen one as itself.
  const outcome = shared.outcome.layout === b.L ? shared.outcome : decodeAs(index, b.L, bytes, spans).outcome;
  const equal = fits.filter((x) => x.L !== b.L && compareFit(x.fit, b.fit) === 0).map((x) => x.L.name);
  return { tried, equal, best: { L: b.L, outcome } };
}

/**
 * Decodes bytes into the JSON request form, losslessly: values that disagree with what the
 * encoder would compute come back as raw pins; bytes no field explains come back as `varData`
 * hex or `padTo`. Without `as`, the layouts of `readingsFor` are tried in order (see guess.ts);
 * any 40 bytes or more decode (ASYNCEVENTMSG holds them all). Never throws.
 */
export function decodePacket(index: CatalogIndex, bytes: Uint8Array, options: DecodeOptions = {}): DecodeOutcome {
  if (bytes.length > LIMITS.maxPacketSize) {
    return { request: {}, issues: [{ severity: 'error', code: Code.TooLarge, path: '', message: `${bytes.length} bytes exceeds the ${LIMITS.maxPacketSize}-byte limit`, offset: 0 }], spans: [] };
  }
  const spans = options.spans !== false;
  if (options.as !== undefined) {
    const L = index.layout(options.as);
    if (!L) return { request: {}, issues: [{ severity: 'error', code: Code.UnknownPacket, path: '', message: unknownPacketMessage(options.as, index.byName.keys(), 'as', 'packet').message }], spans: [] };
    const r = decodeAs(index, L, bytes, spans);
    return r.ok ? withTotalWarning(r.outcome, L, bytes) : failed(r.outcome, undefined);
  }
  const n = bytes.length;
  let firstFail: DecodeOutcome | undefined;
  const missed: string[] = [];
  const readings = readingsFor(index, bytes);
  for (const reading of readings) {
    const r = rankReading(index, reading.layouts, bytes, spans, options.alternatives !== false);
    if (!r.best) {
      firstFail ??= r.failure;
      missed.push(`${reading.reason} does not fit`);
      continue;
    }
    const { L, outcome: o } = r.best;
    withTotalWarning(o, L, bytes);
    let chosenBy = reading.reason;
    if (r.tried > 1) chosenBy += `: ${L.name} fits best of ${r.tried} candidates`;
    else if (!chosenBy.includes(L.name)) chosenBy += `: ${L.name}`;
    if (missed.length) chosenBy = `${missed.join('; ')} ${n} bytes; ${chosenBy}`;
    o.chosenBy = chosenBy;
    if (firstFail) {
      // Why the likelier reading was given up, as warnings: the bytes break that layout.
      const name = firstFail.layout?.name ?? '?';
      o.issues.unshift(...firstFail.issues.filter((i) => i.severity === 'error').map((i) => ({ ...i, severity: 'warning' as const, path: '', message: `as ${name}: ${i.message}` })));
    }
    if (r.equal.length) {
      const k = r.equal.length;
      o.issues.push({ severity: 'info', code: Code.LayoutGuessed, path: '', message: `${k} other layout${k > 1 ? 's fit' : ' fits'} these bytes as well: ${r.equal.join(', ')}; to read the bytes as one of them, name it: --as NAME (decode NAME { ... } in a .tapipkt file)` });
    }
    return o;
  }
  // Under 40 bytes nothing holds the bytes: the likeliest reading's error says why.
  if (firstFail) return failed(firstFail, readings[0]?.reason);
  return { request: {}, issues: [{ severity: 'error', code: Code.Truncated, path: '', message: `${n} bytes is shorter than any MS-TRP packet (${MIN_RESPONSE} bytes for a response, ${MIN_REQUEST} for a request)`, offset: 0 }], spans: [] };
}

/**
 * The layout decode picks for bytes and why (what `decodePacket` without `as` chooses); no
 * layout when none holds them.
 */
export function guessLayout(index: CatalogIndex, bytes: Uint8Array): { layout?: Layout; reason: string } {
  const o = decodePacket(index, bytes, { spans: false });
  const reason = o.chosenBy ?? o.issues.find((i) => i.severity === 'error')?.message ?? '';
  return o.request.packet && o.layout ? { layout: o.layout, reason } : { reason };
}

/** The bytes cannot be expressed losslessly in any layout: keep the issues, give no request. */
function failed(o: DecodeOutcome, chosenBy: string | undefined): DecodeOutcome {
  const issues = o.issues.some((i) => i.severity === 'error')
    ? o.issues
    : [...o.issues, { severity: 'error' as const, code: Code.Truncated, path: '', message: `the bytes do not fit ${o.layout?.name ?? 'any layout'}`, offset: 0 }];
  return { request: {}, ...(o.layout ? { layout: o.layout } : {}), issues, spans: o.spans, ...(chosenBy ? { chosenBy } : {}) };
}

/** Leaves out top-level fields that hold exactly their default (a fixed value, or zero for must-be-zero). */
function dropDefaults(L: Layout, fields: StructInput): void {
  for (const f of L.fields) {
    const v = fields[f.name];
    if (typeof v !== 'number') continue;
    if ((f.fixed !== undefined && v === f.fixed) || (f.fixed === undefined && f.role === 'zero' && v === 0)) delete fields[f.name];
  }
}

function attempt(index: CatalogIndex, L: Layout, bytes: Uint8Array): { ok: boolean; outcome: DecodeOutcome } {
  const d = decodeLayout(index, L, bytes);
  dropDefaults(L, d.fields);
  const request: PacketInput = { packet: L.name, fields: d.fields };
  if (!d.complete) return { ok: false, outcome: { request, layout: L, issues: d.issues, spans: d.spans } };
  const fixedEnd = d.fixedEnd;
  const fields = d.fields;
  let enc = encodeLayout(index, L, fields);
  if (enc.bytes && same(enc.bytes, bytes)) return { ok: true, outcome: { request, layout: L, issues: d.issues, spans: d.spans } };
  // Step 1: pin every fixed-part field whose bytes differ from what the encoder computes.
  if (enc.bytes) {
    for (const s of d.spans) {
      if (s.kind !== 'field' || s.offset + s.size > fixedEnd || (s.size !== 4 && s.size !== 2 && s.size !== 1)) continue;
      if (!same(enc.bytes, bytes, s.offset, s.offset + s.size)) setPath(fields, s.path, { raw: readUintLe(bytes, s.offset, s.size as 1 | 2 | 4) });
    }
    enc = encodeLayout(index, L, fields);
    if (enc.bytes && same(enc.bytes, bytes)) return { ok: true, outcome: { request, layout: L, issues: d.issues, spans: d.spans } };
    if (enc.bytes && enc.bytes.length < bytes.length && same(enc.bytes, bytes, 0, enc.bytes.length) && bytes.subarray(enc.bytes.length).every((x) => x === 0)) {
      request.padTo = bytes.length;
      return { ok: true, outcome: { request, layout: L, issues: d.issues, spans: d.spans } };
    }
  }
  // Step 2: VarData does not follow the conventions: keep it verbatim, pin every computed field.
  // A top-level total or VarData size that already says what the encoder will compute from the
  // verbatim VarData (the whole length; the VarData length) stays unpinned.
  for (const s of d.spans) {
    if (s.kind !== 'field' || !s.computed || s.offset + s.size > fixedEnd) continue;
    const v = readU32le(bytes, s.offset);
    const kind = s.path.includes('.') ? undefined : L.fields.find((f) => f.name === s.path)?.type.kind;
    if ((kind === 'total' && v === bytes.length) || (kind === 'varsize' && v === bytes.length - fixedEnd)) {
      delete fields[s.path];
      continue;
    }
    setPath(fields, s.path, { raw: v });
  }
  dropItems(L, fields);
  if (bytes.length > fixedEnd) request.varData = { hex: toHex(bytes.subarray(fixedEnd)) };
  enc = encodeLayout(index, L, fields, request.varData ? { varData: bytes.subarray(fixedEnd) } : {});
  if (enc.bytes && same(enc.bytes, bytes)) {
    d.issues.push({ severity: 'info', code: Code.TrailingBytes, path: 'VarData', offset: fixedEnd, message: 'VarData does not follow the encoding conventions; it is kept as raw bytes' });
    return { ok: true, outcome: { request, layout: L, issues: d.issues, spans: d.spans } };
  }
  return { ok: false, outcome: { request, layout: L, issues: d.issues, spans: d.spans } };
}

/** Removes item values whose offset field is not pinned (their bytes now live in varData). */
function dropItems(L: Layout, fields: StructInput): void {
  const all = L.fields.flatMap((f) => (f.type.kind === 'union' ? [f, ...f.type.variants.flatMap((a) => a.fields)] : [f]));
  for (const f of all) {
    const v = fields[f.name];
    if (f.type.kind === 'offset' && !(typeof v === 'object' && v !== null && 'raw' in v)) delete fields[f.name];
  }
}




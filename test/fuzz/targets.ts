/**
 * The fuzz targets: one property each, shared by `npm test` (fixed seed, few runs) and
 * `npm run fuzz` (100,000 runs each). A property fails by throwing.
 */
import fc from 'fast-check';
import { encodeJsonLines, encodeJsonText } from '../../src/cli/encode.js';
import { decodeHexBytesLine, decodeHexLines, decodeOne, hexOrFail } from '../../src/cli/decode.js';
import { Spool } from '../../src/cli/batch.js';
import { UsageError } from '../../src/cli/io.js';
import { decodePacket, embedsItems, encodeRequest, type DecodeOutcome, type FieldDef } from '../../src/codec/index.js';
import { allLayouts, bounded, firstDiff, hex, index, newService, ROOT, sameBytes } from './env.js';
import { anyBytes } from './gen-bytes.js';
import { hexText, jsonText } from './gen-json.js';
import { anyText } from './gen-text.js';
import { requestFor } from './gen-values.js';

/** One fuzz target. */
export interface Target {
  name: string;
  what: string;
  /** Share of the run count this target gets in `npm test` (1 = the full unit budget). */
  unitWeight?: number;
  property(): fc.IProperty<any>;
}

const svc = newService();
const DOC = `${ROOT}/fuzz.tapipkt`;
const layoutIndex = fc.nat({ max: Math.max(0, allLayouts.length - 1) });
/**
 * Layouts with an embedded structure (LINEPROXYREQUEST's list arms, MS-TRP 2.2.6.28): one of
 * 242 layouts, so the round trip draws them more often than their share.
 */
const embeds = (f: FieldDef): boolean => (f.type.kind === 'inline' && embedsItems(index.layout(f.type.layout)!)) || (f.type.kind === 'union' && f.type.variants.some((a) => a.fields.some(embeds)));
const embedding = allLayouts.filter((L) => L.fields.some(embeds));

/** Bytes "decode" when a layout was found and no error was reported. */
function decoded(out: DecodeOutcome): boolean {
  return out.request.packet !== undefined && !out.issues.some((i) => i.severity === 'error');
}

/** Decode never throws; it returns fields or a located error; what decodes re-encodes exactly. */
function checkDecode(bytes: Uint8Array, as: string | undefined): void {
  const out = bounded('decodePacket', () => decodePacket(index, bytes, as !== undefined ? { as } : {}));
  // The promise of the README: any 40 bytes or more decode (without --as) and re-encode exactly.
  if (as === undefined && bytes.length >= 40 && !decoded(out)) {
    throw new Error(`${bytes.length} bytes do not decode: ${out.issues.filter((i) => i.severity === 'error').map((i) => `${i.path}: ${i.message}`).join('; ')}\n in  ${hex(bytes)}`);
  }
  if (!out.request.packet) {
    const e = out.issues.find((i) => i.severity === 'error');
    if (!e) throw new Error('decode returned no packet and no error');
    if (as === undefined && e.offset === undefined) throw new Error(`decode error without a location: ${e.message}`);
    return;
  }
  if (!decoded(out) || bytes.length < 40) return;
  const enc = bounded('encodeRequest', () => encodeRequest(index, JSON.parse(JSON.stringify(out.request))));
  if (!enc.bytes) throw new Error(`decoded ${as ?? 'guessed'} ${JSON.stringify(out.request).slice(0, 400)} does not encode: ${enc.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  if (!sameBytes(enc.bytes, bytes)) {
    throw new Error(`not lossless as ${out.request.packet}: ${bytes.length} bytes in, ${enc.bytes.length} out, first difference at ${firstDiff(enc.bytes, bytes)}\n in  ${hex(bytes)}\n out ${hex(enc.bytes)}\n req ${JSON.stringify(out.request).slice(0, 600)}`);
  }
}

/** What a batch line gives: its output, or the UsageError's message. */
function lineOutcome(f: (sink: Spool) => string | void): string {
  const sink = new Spool(Infinity);
  try {
    return f(sink) ?? sink.text();
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    return `error: ${e.message}`;
  }
}

/** The CLI contract on bad input: a UsageError with one clear line, never an internal error. */
function cliOutcome(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    if (!(e instanceof UsageError)) throw new Error(`internal error (${(e as Error).name}): ${(e as Error).message}`);
    const m = e.message;
    if (m.includes('\n')) throw new Error(`usage error spans several lines: ${JSON.stringify(m.slice(0, 300))}`);
    if (m.length > 1000) throw new Error(`usage error is ${m.length} characters long: ${m.slice(0, 200)}...`);
    if (/internal error|TypeError|RangeError|at \w+ \(/.test(m)) throw new Error(`usage error looks like a crash: ${m}`);
  }
}

export const TARGETS: Target[] = [
  {
    name: 'language',
    what: 'analyze/getDiagnostics/getPackets never throw and return in time on any text',
    property: () =>
      fc.property(anyText, (text) => {
        svc.update(DOC, text);
        const diags = bounded('getDiagnostics', () => svc.getDiagnostics(DOC));
        bounded('getPackets', () => svc.getPackets(DOC));
        for (const d of diags) {
          if (!(d.start >= 0 && d.end >= d.start && d.end <= text.length + 1)) throw new Error(`diagnostic out of the text: ${d.start}-${d.end} of ${text.length}: ${d.message}`);
          if (!d.code || !d.message) throw new Error(`diagnostic without code or message: ${JSON.stringify(d)}`);
        }
      }),
  },
  {
    name: 'decode',
    what: 'decodePacket never throws on any bytes; any 40 bytes or more decode (no --as) and re-encode to the same bytes',
    property: () =>
      fc.property(anyBytes, layoutIndex, fc.boolean(), (bytes, li, forced) => {
        checkDecode(bytes, undefined);
        if (forced) checkDecode(bytes, allLayouts[li]!.name);
      }),
  },
  {
    name: 'decode-text',
    what: 'decodeToText never throws; any 40 bytes or more give text (no --as) that parses back, without errors, to the same bytes, --offsets comments or not',
    unitWeight: 0.5,
    property: () =>
      fc.property(anyBytes, fc.option(layoutIndex, { freq: 4 }), fc.boolean(), (bytes, li, offsets) => {
        const as = li === null ? undefined : allLayouts[li]!.name;
        const r = bounded('decodeToText', () => svc.decodeToText(bytes, as !== undefined ? { as, offsets } : { offsets }));
        if (as === undefined && bytes.length >= 40 && (!r.text || r.issues.some((i) => i.severity === 'error'))) throw new Error(`${bytes.length} bytes give no text: ${r.issues.map((i) => i.message).join('; ')}\n in  ${hex(bytes)}`);
        if (!r.text || r.issues.some((i) => i.severity === 'error') || bytes.length < 40) return;
        const uri = `${ROOT}/decoded.tapipkt`;
        svc.update(uri, r.text);
        const errs = bounded('getDiagnostics', () => svc.getDiagnostics(uri)).filter((d) => d.severity === 'error');
        if (errs.length) throw new Error(`decoded text has errors: ${errs.map((d) => d.message).join('; ')}\n${r.text.slice(0, 800)}`);
        const p = svc.getPackets(uri)[0];
        if (!p?.bytes) throw new Error(`decoded text encodes nothing:\n${r.text.slice(0, 800)}`);
        if (!sameBytes(p.bytes, bytes)) throw new Error(`text round trip differs at ${firstDiff(p.bytes, bytes)}\n in  ${hex(bytes)}\n out ${hex(p.bytes)}\n${r.text.slice(0, 1500)}`);
      }),
  },
  {
    name: 'encode-roundtrip',
    what: 'random valid values of every catalog layout encode; decode(encode(x)) re-encodes to the same bytes',
    property: () =>
      fc.property(fc.oneof({ weight: 5, arbitrary: requestFor(allLayouts) }, { weight: 1, arbitrary: requestFor(embedding) }), (req) => {
        const enc = bounded('encodeRequest', () => encodeRequest(index, req));
        if (!enc.bytes) throw new Error(`valid values do not encode: ${enc.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
        const bytes = enc.bytes;
        const out = bounded('decodePacket', () => decodePacket(index, bytes, { as: req.packet }));
        if (!decoded(out)) throw new Error(`encoded ${req.packet} does not decode as itself: ${out.issues.filter((i) => i.severity === 'error').map((i) => `${i.path}: ${i.message}`).join('; ')}`);
        const again = encodeRequest(index, JSON.parse(JSON.stringify(out.request)));
        if (!again.bytes || !sameBytes(again.bytes, bytes)) {
          throw new Error(`decode(encode(x)) re-encodes differently${again.bytes ? ` at byte ${firstDiff(again.bytes, bytes)}` : `: ${again.issues.map((i) => i.message).join('; ')}`}\n in  ${hex(bytes)}\n out ${again.bytes ? hex(again.bytes) : '-'}\n dec ${JSON.stringify(out.request).slice(0, 600)}`);
        }
        if (bytes.length >= 40) checkDecode(bytes, undefined);
      }),
  },
  {
    name: 'cli-json',
    what: 'the CLI on bad JSON requests and hex: output, or exit 2 with one clear line; never an internal error',
    property: () =>
      fc.property(jsonText, hexText, fc.option(layoutIndex, { freq: 3 }), (json, hx, li) => {
        const sink = (): void => {};
        cliOutcome(() => bounded('encodeJsonText', () => encodeJsonText(json, li !== null && li % 2 ? 'json' : 'hex', sink)));
        cliOutcome(() => bounded('encodeJsonLines', () => encodeJsonLines(`\n${json.replace(/\n/g, ' ')}\n`, sink)));
        const as = li === null ? undefined : allLayouts[li]!.name;
        cliOutcome(() => bounded('decode --hex', () => decodeOne(hexOrFail(hx, '--hex'), as, 'tapipkt', '<hex>', sink, true)));
        cliOutcome(() => bounded('decode --jsonl', () => decodeHexLines(`${hx}\n`, as, sink)));
      }),
  },
  {
    name: 'jsonl-bytes',
    what: 'decode --jsonl reading a line as bytes (JSON written straight from the packet) gives the text path\'s output or error',
    property: () =>
      fc.property(fc.oneof(hexText, anyBytes.map((b) => hex(b)), requestFor(allLayouts).map((r) => {
        const e = encodeRequest(index, r);
        return e.bytes ? hex(e.bytes) : '';
      })), fc.constantFrom('', ' ', '\r', '\t'), (hx, pad) => {
        const line = `${pad}${hx}${pad}`;
        const want = lineOutcome(() => decodeHexLines(`${line}\n`, undefined, () => {}));
        const raw = Buffer.from(line, 'utf8');
        const got = lineOutcome((sink) => decodeHexBytesLine(raw, 0, raw.length, 1, undefined, sink, () => {}));
        if (got !== want) throw new Error(`bytes path differs for ${JSON.stringify(line.slice(0, 200))}:\n got  ${got.slice(0, 600)}\n want ${want.slice(0, 600)}`);
      }),
  },
];

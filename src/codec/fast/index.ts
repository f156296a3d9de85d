/**
 * The compiled fast paths, behind one entry: plans (`plan.ts`), the plan interpreters
 * (`encode.ts`, `decode.ts`), the generated codecs (`generate.ts`) and the JSON writer
 * (`json-out.ts`). The rest of the codec imports only this file. Each function here answers for
 * the plain case only and returns undefined for anything else; the caller then runs the general
 * path (`../encode.ts`, `../decode.ts`), which stays the reference and the one that reports.
 */
import type { ConstLookup, FieldInput, StructInput } from '../values.js';
import type { Layout } from '../layout.js';
import type { Span } from '../limits.js';
import { scanCanonical } from './decode.js';
import { fastEncode, type FastEncoded } from './encode.js';
import { codecOf } from './generate.js';
import { type Plan, planOf } from './plan.js';
import { fastPaths } from './switch.js';

export { fastPaths } from './switch.js';
export { planOf, type Plan } from './plan.js';
export { codecOf, generateCodec, type GeneratedCodec } from './generate.js';
export type { FastEncoded } from './encode.js';
export { digits, guidOut, hexOut, jsonLatin1, jsonUtf16 } from './json-out.js';

/** The plan of `L` when the fast paths are on and `L` is flat; else undefined. */
export function fastPlan(L: Layout): Plan | undefined {
  return fastPaths.enabled ? planOf(L) : undefined;
}

/**
 * The fast encoder: the generated one when there is one and no spans are wanted, else the
 * plan interpreter (same bytes, same give-ups). Undefined when the general encoder must run.
 */
export function encodeWithPlan(plan: Plan, values: StructInput, constant: ConstLookup, spans?: Span[]): FastEncoded | undefined {
  const gen = spans || !fastPaths.generated ? undefined : codecOf(plan);
  if (!gen) return fastEncode(plan, values, constant, spans);
  const bytes = gen.encode(values, constant);
  return bytes && { bytes, clean: gen.clean };
}

/** Per-step decoded values of the plan interpreter (reused: decoding never re-enters). */
let scratch: FieldInput[] = [];

/**
 * The fast decoder: the request's fields when the bytes are canonical and break no rule
 * (decode.ts), else undefined (the general path decides). The generated decoder when
 * there is one and no spans are wanted, else the plan interpreter, which also fills `spans`.
 */
export function decodeWithPlan(plan: Plan, b: Uint8Array, spans?: Span[]): StructInput | undefined {
  const gen = spans || !fastPaths.generated ? undefined : codecOf(plan);
  if (gen) return gen.decode(b);
  if (scratch.length < plan.steps.length) scratch = new Array<FieldInput>(plan.steps.length * 2).fill(null);
  if (!scanCanonical(plan, b, scratch, spans)) return undefined;
  const fields = plan.build(scratch); // the same keys, in field order, for every packet of a plan
  scratch.fill(null, 0, plan.steps.length); // drop references to decoded values
  return fields;
}

/**
 * True when `bytes` are exactly what the encoder writes for `L` and break no rule the general
 * decoder checks (one walk); false when that cannot be shown here (the decoder decides).
 */
export function cleanCanonical(L: Layout, bytes: Uint8Array): boolean {
  const plan = fastPlan(L);
  return plan !== undefined && scanCanonical(plan, bytes);
}

/** Where `decodeJsonFast` writes: `reserve(n)` gives a buffer with room for n bytes from `at`. */
export interface JsonSink {
  reserve(n: number): Uint8Array;
  readonly at: number;
}

/**
 * The generated decoder's JSON output for `L`: the UTF-8 bytes of `JSON.stringify({ packet,
 * fields })` into the sink from `sink.at`; returns their end, or -1 where `decodeWithPlan`
 * would give undefined (or there is no generated codec).
 */
export function decodeJsonFast(L: Layout, bytes: Uint8Array, sink: JsonSink): number {
  const plan = fastPlan(L);
  const codec = plan && fastPaths.generated ? codecOf(plan) : undefined;
  if (!codec) return -1;
  const out = sink.reserve(codec.jsonRoom(bytes.length));
  return codec.decodeJson(bytes, out, sink.at);
}

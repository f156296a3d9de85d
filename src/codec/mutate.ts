/**
 * Structure-aware mutation: from one JSON request, a reproducible stream
 * of mutants, each with its bytes, a JSON request that encodes to exactly those bytes, and what
 * was mutated.
 *
 *   valid  breaks no server rule and differs from the input (mutate-valid.ts)
 *   break  breaks exactly one server rule, named by its code, and nothing else (mutate-break.ts)
 *   raw    breaks the layout's own relations: offsets, sizes, NULs, truncation (mutate-raw.ts)
 *
 * Mutant i of a run depends only on (seed, i, input): a shard (`shard: {index: K, count: N}`,
 * K from 1 to N) makes the mutants i with i mod N = K - 1, and the shards of a run are disjoint
 * and together make the unsharded run. Pure: no I/O; it never throws on user input.
 */
import { Code, type CodecIssue } from './issues.js';
import type { CatalogIndex } from './catalog-index.js';
import { type Base, Mutant, type MutationMode, ruleCodes } from './mutate-base.js';
import { type BreakTarget, breakTargets, tryBreak, type Vary } from './mutate-break.js';
import { mutantRng, Rng } from './mutate-prng.js';
import { planRaw, type RawPlan, rawMutant } from './mutate-raw.js';
import { planValid, type ValidPlan, validMutant } from './mutate-valid.js';
import { encodeRequest } from './packet.js';
import { describe, isStructInput, type PacketInput } from './values.js';

export { Mutant, MUTATION_MODES, type Mutation, type MutationMode, RULE_CODES, ruleCodes } from './mutate-base.js';

/** Options of a mutation run. */
export interface MutateOptions {
  mode: MutationMode;
  /** Mutants in the whole run (before sharding); default 100. */
  count?: number;
  /** Any u32; default 0. */
  seed?: number;
  /** This part of the run: mutants i with i mod count = index - 1 (index from 1 to count). */
  shard?: { index: number; count: number };
}

/** A prepared run: the input encoded once, the mode's plan. */
export interface Mutator {
  readonly mode: MutationMode;
  /** The input's layout name. */
  readonly packet: string;
  /** Break mode: the rules the run cycles through (mutant i breaks rule i mod length). */
  readonly rules: readonly { field: string; code: string; rule: string }[];
  /** Things the caller may want to tell the user (rules that cannot be broken alone here). */
  readonly notes: readonly string[];
  /** Mutant `i` of a run with `seed`; undefined when no draw gave one (rare; the run skips it). */
  mutant(seed: number, i: number): Mutant | undefined;
  /** The mutants of a run (a shard of it with `options.shard`), made one at a time. */
  run(options: Omit<MutateOptions, 'mode'>): IterableIterator<Mutant>;
}

/** Probes per break target before a run: a rule that none of them can break alone is left out. */
const PROBES = 4;
/** Default number of mutants. */
export const DEFAULT_MUTANT_COUNT = 100;

function fail(code: Code, path: string, message: string): { error: CodecIssue } {
  return { error: { severity: 'error', code, path, message } };
}

/**
 * Prepares mutation of one JSON request. An error (bad request, a valid or break run over a
 * packet that already breaks a rule) comes back as an issue; nothing is thrown.
 */
export function createMutator(index: CatalogIndex, request: unknown, mode: MutationMode): Mutator | { error: CodecIssue } {
  if (mode !== 'valid' && mode !== 'break' && mode !== 'raw') return fail(Code.BadValue, 'mode', `mode must be valid, break or raw, got ${describe(mode)}`);
  const enc = encodeRequest(index, request, { spans: true });
  const bad = enc.issues.find((i) => i.severity === 'error');
  if (bad || !enc.bytes || !enc.layout || !enc.spans) return { error: bad ?? { severity: 'error', code: Code.BadValue, path: '', message: 'cannot encode the request' } };
  const input = request as PacketInput;
  const L = enc.layout;
  const fields = isStructInput(input.fields) ? input.fields : {};
  // A request picked by Req_Func over the bare template carries its Req_Func in the fields.
  const resolved = L.kind === 'template' && input.request !== undefined && fields['Req_Func'] === undefined ? { ...fields, Req_Func: input.request } : fields;
  const fixedEnd = L.fixedSize;
  const extras = typeof input.padTo === 'number' ? { padTo: input.padTo } : {};
  const base: Base = { index, layout: L, input, fields: resolved, bytes: enc.bytes, spans: enc.spans, fixedEnd, extras };
  if (mode !== 'raw') {
    const broken = ruleCodes(enc.issues);
    const first = enc.issues.find((i) => i.severity === 'warning' && (broken.includes(i.code) || i.code === Code.PinDisagrees));
    if (first) {
      return fail(first.code, first.path, `${mode} mutants ${mode === 'valid' ? 'keep every rule' : 'break one rule each'}, but the input already breaks one: ${first.message} [${first.code}]; fix it first (or use --mode raw)`);
    }
    if (input.varData !== undefined) return fail(Code.BadValue, 'varData', `${mode} mutants recompute VarData from the fields; the input gives it as raw bytes (varData): give the items' values instead (or use --mode raw)`);
  }
  let make: (rng: ReturnType<typeof mutantRng>, i: number) => Mutant | undefined;
  let rules: { field: string; code: string; rule: string }[] = [];
  const notes: string[] = [];
  if (mode === 'valid') {
    const plan: ValidPlan = planValid(base);
    if (plan.sites.length === 0) return fail(Code.BadValue, 'fields', `${L.name} has no field whose value a valid mutant may change (every field is required, reserved or computed)`);
    make = (rng, i) => {
      return validMutant(base, plan, rng, i);
    };
  } else if (mode === 'break') {
    const all = breakTargets(L);
    const targets: BreakTarget[] = [];
    const valid = planValid(base);
    const vary: Vary = (rng) => {
      const m = validMutant(base, valid, rng, -1);
      return m && { request: m.request, what: m.mutation.what };
    };
    for (const t of all) {
      let ok = false;
      for (let p = 0; p < PROBES && !ok; p++) ok = tryBreak(base, t, mutantRng(0x5eed, p), vary) !== undefined;
      if (ok) targets.push(t);
      else notes.push(`${t.field} ${t.rule} [${t.code}] cannot be broken alone in this packet; the run leaves it out`);
    }
    if (targets.length === 0) return fail(Code.BadValue, 'packet', all.length ? `no rule of ${L.name} can be broken alone in this packet` : `${L.name} has no server rule to break`);
    rules = targets.map((t) => ({ field: t.field, code: t.code, rule: t.rule }));
    make = (rng, i) => {
      const t = targets[i % targets.length]!;
      const m = tryBreak(base, t, rng, vary);
      return m && new Mutant(m.bytes, m.request, 'break', { field: t.field, rule: t.code, what: m.what }, i);
    };
  } else {
    const plan: RawPlan = planRaw(base);
    make = (rng, i) => {
      const m = rawMutant(base, plan, rng);
      return m && new Mutant(m.bytes, m.request, 'raw', { field: m.field, what: m.what }, i);
    };
  }
  // One generator for the run, reseeded per mutant: mutant i still depends only on (seed, i).
  const shared = new Rng(0);
  const mutant = (seed: number, i: number): Mutant | undefined => make(mutantRng(seed, i, shared), i);
  return {
    mode,
    packet: L.name,
    rules,
    notes,
    mutant,
    run(options) {
      return new MutantIterator(mutant, options);
    },
  };
}

/**
 * The mutants of a run (or of one shard), made as they are read. A class rather than a
 * generator: a generator's resumption costs a noticeable share of a valid mutant.
 */
class MutantIterator implements IterableIterator<Mutant> {
  private i: number;
  private readonly step: number;
  private readonly count: number;
  private readonly seed: number;

  constructor(
    private readonly make: (seed: number, i: number) => Mutant | undefined,
    options: Omit<MutateOptions, 'mode'>,
  ) {
    this.count = options.count ?? DEFAULT_MUTANT_COUNT;
    this.seed = options.seed ?? 0;
    this.step = options.shard?.count ?? 1;
    this.i = (options.shard?.index ?? 1) - 1;
  }

  next(): IteratorResult<Mutant> {
    while (this.i < this.count) {
      const m = this.make(this.seed, this.i);
      this.i += this.step;
      if (m) return { value: m, done: false };
    }
    return { value: undefined, done: true };
  }

  [Symbol.iterator](): IterableIterator<Mutant> {
    return this;
  }
}

/** Checks mutation options; a message naming the bad one, or undefined. */
export function checkMutateOptions(o: Omit<MutateOptions, 'mode'>): string | undefined {
  if (o.count !== undefined && (!Number.isSafeInteger(o.count) || o.count < 0)) return `count must be a whole number >= 0, got ${describe(o.count)}`;
  if (o.seed !== undefined && (!Number.isInteger(o.seed) || o.seed < 0 || o.seed > 0xffffffff)) return `seed must be a whole number from 0 to 4294967295, got ${describe(o.seed)}`;
  if (o.shard !== undefined) {
    const { index, count } = o.shard;
    if (!Number.isSafeInteger(count) || count < 1) return `shard count must be a whole number >= 1, got ${describe(count)}`;
    if (!Number.isSafeInteger(index) || index < 1 || index > count) return `shard must be K/N with K from 1 to N, got ${String(index)}/${String(count)}`;
  }
  return undefined;
}

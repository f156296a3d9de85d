/**
 * Equivalence check of the compiled fast paths (src/codec/fast/: plan.ts, generate.ts, encode.ts,
 * decode.ts) against the general path: for every catalog layout, random requests and
 * random or mutated bytes go through encodeRequest/decodePacket twice, fast paths on and off,
 * and the results (bytes, issues, requests, spans) must be identical; every decode must also
 * encode back to the same bytes. The fast side is the generated codecs, or with
 * `{ generated: false }` the plan interpreters. Deterministic (seeded).
 * Run: node --import tsx bench/equivalence.ts [rounds]  (both fast sides)
 */
import { builtinCatalog } from '../src/catalog/index.js';
import { CatalogIndex, decodePacket, decodeRequestFast, decodeRequestJson, encodeLayout, encodeRequest, type Layout, serverRuleWarnings, toHex } from '../src/codec/index.js';
import { codecOf, fastPaths, planOf } from '../src/codec/fast/index.js';

let seed = 0x12345678;
function rnd(n: number): number {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return ((seed >>> 8) % n) >>> 0;
}
const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)]!;

const index = new CatalogIndex({ layouts: builtinCatalog.layouts, tables: builtinCatalog.tables });

function hex(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += pick('0123456789abcdefABCDEF'.split(''));
  return s;
}
function guidText(): string {
  const g = `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;
  return pick([`{${g}}`, `{${g}}`, `{${g}}`, g, ` {${g}} `, `{${g}`, `{${g}}x`, `{${hex(7)}-0000-0000-0000-000000000000}`]);
}
function text(): string {
  return pick(['', 'a', '1234', '12345', 'ab\u0000c', '\u00e9\u4e2d', '\ud83d\ude00', '\ud800', 'x'.repeat(1 + rnd(60))]);
}
function intValue(width: number): unknown {
  const max = width === 4 ? 0xffffffff : width === 2 ? 0xffff : 0xff;
  return pick<unknown>([0, 1, max, rnd(max + 1), max + 1, -1, -0x80000000, 1.5, '0x10', '7', 'LINEERR_NOMEM', 'NO_SUCH', [1, 2], { raw: 5 }, null, undefined, undefined, undefined]);
}
function value(L: Layout, name: string): unknown {
  const f = L.fields.find((x) => x.name === name)!;
  const t = f.type;
  switch (t.kind) {
    case 'int':
      return intValue(t.width);
    case 'bytes':
      return pick<unknown>([undefined, null, { hex: hex(2 * t.length) }, { hex: hex(2 * t.length + 2) }, new Uint8Array(t.length), { raw: hex(2 * t.length) }]);
    case 'offset': {
      const k = t.target.kind;
      const main = k === 'guid' ? guidText() : k === 'bytes' ? { hex: hex(2 * rnd(12)) } : k === 'struct' ? {} : text();
      return pick<unknown>([main, main, main, null, undefined, { raw: rnd(100) }, { hex: hex(4) }, 42]);
    }
    default:
      return pick<unknown>([undefined, undefined, undefined, 5, { raw: rnd(64) }]);
  }
}

/** An encode result without its `clean` flag (set by the fast path only). */
function withoutClean<T extends object>(r: T): Omit<T, 'clean'> {
  const { clean: _clean, ...rest } = r as T & { clean?: boolean };
  return rest;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a, (_k, v) => (v instanceof Uint8Array ? toHex(v) : v)) === JSON.stringify(b, (_k, v) => (v instanceof Uint8Array ? toHex(v) : v));
}

/** A growable buffer for decodeRequestJson. */
const jsonSink = {
  buf: new Uint8Array(0),
  at: 0,
  reserve(n: number): Uint8Array {
    if (this.buf.length < n) this.buf = new Uint8Array(n);
    return this.buf;
  },
};

/** Whether the fast side of `both` uses the generated codecs or the plan interpreters. */
let generated = true;

function both<T>(f: () => T): [T, T] {
  fastPaths.enabled = true;
  fastPaths.generated = generated;
  const fast = f();
  fastPaths.enabled = false;
  const slow = f();
  fastPaths.enabled = true;
  fastPaths.generated = true;
  return [fast, slow];
}

function mutate(b: Uint8Array): Uint8Array {
  const c = Uint8Array.from(b);
  switch (rnd(6)) {
    case 0:
      c[rnd(c.length)] = rnd(256);
      return c;
    case 1:
      return c.subarray(0, rnd(c.length + 1));
    case 2: {
      const d = new Uint8Array(c.length + 1 + rnd(8));
      d.set(c);
      return d;
    }
    case 3: {
      const at = rnd(Math.max(1, c.length - 3)) & ~3;
      c[at] = rnd(8);
      c[at + 1] = c[at + 2] = c[at + 3] = 0;
      return c;
    }
    case 4:
      c[c.length - 1 - rnd(Math.min(c.length, 8))] ^= 1 << rnd(8);
      return c;
    default:
      return c;
  }
}

/** Runs the check; returns the number of cases and the failures (at most 10 described). */
export function checkEquivalence(rounds: number, options: { generated?: boolean } = {}): { cases: number; failures: string[] } {
  generated = options.generated ?? true;
  seed = 0x12345678;
  const failures: string[] = [];
  let cases = 0;
  const fail = (what: string): void => {
    if (failures.length < 10) failures.push(what.length > 1500 ? what.slice(0, 1500) + `... (${what.length} chars)` : what);
    else if (failures.length === 10) failures.push('...');
  };
  const layouts = builtinCatalog.layouts.filter((L) => L.kind !== 'structure');
  for (let r = 0; r < rounds; r++) {
    for (const L of layouts) {
      const fields: Record<string, unknown> = {};
      for (const f of L.fields) {
        const v = value(L, f.name);
        if (v !== undefined || rnd(4) === 0) fields[f.name] = v;
      }
      if (rnd(40) === 0) fields['NoSuchField'] = 1;
      const req = rnd(20) === 0 && L.reqFunc !== undefined ? { request: L.reqFunc, fields } : { packet: L.name, fields };
      cases++;
      // `clean` differs by design (only the fast path vouches for the rules); the rest must not.
      const [ef, es] = both(() => withoutClean(encodeRequest(index, req)));
      if (!same(ef, es)) fail(`encode ${L.name} ${JSON.stringify(req)}:\n fast ${JSON.stringify(ef.issues)} ${ef.bytes && toHex(ef.bytes)}\n slow ${JSON.stringify(es.issues)} ${es.bytes && toHex(es.bytes)}`);
      if (rnd(2) === 0 && L.name !== undefined) {
        cases++;
        const [lf, ls] = both(() => withoutClean(encodeLayout(index, L, fields as never, {}, { spans: true })));
        if (!same(lf, ls)) fail(`encodeLayout ${L.name} ${JSON.stringify(fields)}:\n fast ${JSON.stringify(lf)}\n slow ${JSON.stringify(ls)}`);
        if (lf.bytes) {
          const [wf, ws] = both(() => serverRuleWarnings(index, L, lf.bytes!));
          if (!same(wf, ws)) fail(`serverRuleWarnings ${L.name}: fast ${JSON.stringify(wf)} slow ${JSON.stringify(ws)}`);
        }
      }
      const base = es.bytes;
      if (!base) continue;
      for (let m = 0; m < 4; m++) {
        const bytes = m === 0 ? base : mutate(base);
        for (const opts of [{}, { as: L.name }, { spans: false }]) {
          cases++;
          const [df, ds] = both(() => decodePacket(index, bytes, opts));
          const cmp = 'spans' in opts ? [df.request, df.issues, df.chosenBy] : df;
          const ref = 'spans' in opts ? [ds.request, ds.issues, ds.chosenBy] : ds;
          if (!same(cmp, ref)) fail(`decode ${L.name} ${toHex(bytes)} ${JSON.stringify(opts)}:\n fast ${JSON.stringify(df)}\n slow ${JSON.stringify(ds)}`);
          if ('spans' in opts) {
            // The request-only fast entry: nothing, or exactly the general request with no issues.
            const [rf] = both(() => decodeRequestFast(index, bytes));
            if (rf !== undefined && (!same(rf, ds.request) || ds.issues.length)) fail(`decodeRequestFast ${L.name} ${toHex(bytes)}:\n fast ${JSON.stringify(rf)}\n slow ${JSON.stringify(ds)}`);
            // ...and its JSON, written straight from the bytes: JSON.stringify's text, or -1 exactly when it gives nothing.
            if (generated) {
              const end = decodeRequestJson(index, bytes, jsonSink);
              const text = end < 0 ? undefined : Buffer.from(jsonSink.buf.subarray(0, end)).toString('utf8');
              if ((end < 0) !== (rf === undefined) || (rf !== undefined && text !== JSON.stringify(rf))) fail(`decodeRequestJson ${L.name} ${toHex(bytes)}:\n json ${text}\n want ${JSON.stringify(rf)}`);
            }
          }
          if (df.request.packet) {
            const back = encodeRequest(index, df.request);
            if (!back.bytes || toHex(back.bytes) !== toHex(bytes)) {
              const [slowBack] = both(() => { fastPaths.enabled = false; return encodeRequest(index, ds.request); });
              const slowOk = slowBack.bytes !== undefined && toHex(slowBack.bytes) === toHex(bytes);
              fail(`not lossless (general path alone: ${slowOk ? 'lossless' : 'also not lossless'}): ${L.name} ${bytes.length} bytes ${toHex(bytes.subarray(0, 80))} -> ${JSON.stringify(df.request)} -> ${back.bytes?.length} bytes`);
            }
          }
        }
      }
    }
  }
  return { cases, failures };
}

/** How many catalog layouts have a compiled plan, and how many of those a generated codec. */
export function planCoverage(): { flat: number; generated: number; all: number } {
  const all = builtinCatalog.layouts.filter((L) => L.kind !== 'structure');
  const plans = all.flatMap((L) => planOf(L) ?? []);
  return { flat: plans.length, generated: plans.filter((p) => codecOf(p) !== undefined).length, all: all.length };
}

if (process.argv[1]?.endsWith('equivalence.ts')) {
  const rounds = Number(process.argv[2] ?? 20);
  let failed = 0;
  for (const gen of [true, false]) {
    const { cases, failures } = checkEquivalence(rounds, { generated: gen });
    const cov = planCoverage();
    console.log(`equivalence (${gen ? 'generated codecs' : 'plan interpreters'}): ${cases} cases over ${cov.all} request/response layouts (${cov.flat} with a fast plan, ${cov.generated} generated), ${failures.length} failures`);
    for (const f of failures) console.log(f);
    failed += failures.length;
  }
  process.exitCode = failed ? 1 : 0;
}

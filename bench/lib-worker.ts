/**
 * Times the library in its own process, like the peers: `encodeJson` or `decodeBytes` over the
 * 256 shared inputs, after a warm-up of n/5 calls (as ../shared/bench-peers/common.js does).
 * Prints `name=tapipkt op=... packets=N seconds=S pps=P`. Loads the built dist/lib.js.
 *   node --import tsx bench/lib-worker.ts encode|decode N
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { loadRequests, ROOT } from './inputs.js';

type Lib = { encodeJson(r: unknown): Uint8Array; decodeBytes(b: Uint8Array): { fields?: Record<string, unknown> } };
const lib = createRequire(import.meta.url)(join(ROOT, 'dist', 'lib.js')) as Lib;
const op = process.argv[2];
const n = Number(process.argv[3]);
const reqs = loadRequests();
const raws = reqs.map((r) => Uint8Array.from(lib.encodeJson(r)));
const mask = reqs.length - 1;

const fn: (i: number) => number =
  op === 'encode'
    ? (i) => lib.encodeJson(reqs[i & mask]).length
    : (i) => lib.decodeBytes(raws[i & mask]!).fields!['dwRequestID'] as number;
const warm = Math.min(n, Math.max(Math.floor(n / 5), 20000));
let sink = 0;
for (let i = 0; i < warm; i++) sink ^= fn(i) | 0;
const t0 = process.hrtime.bigint();
for (let i = 0; i < n; i++) sink ^= fn(i) | 0;
const s = Number(process.hrtime.bigint() - t0) / 1e9;
if (sink === 0x80000000) console.log('unreachable');
console.log(`name=tapipkt op=${op} packets=${n} seconds=${s.toFixed(3)} pps=${Math.round(n / s)}`);

/**
 * Times the library's mutator in its own process: `mutate(CreateAgentSession, {mode, count})`
 * over the first shared input, and `encodeJson` over the 256 shared inputs in the same process,
 * in alternating slices so that both see the same machine (other work on a shared machine
 * moves a rate measured alone by 2x or more; the ratio of interleaved slices moves far less).
 * Loads the built dist/lib.js. Prints one line:
 *   name=tapipkt op=mutate-MODE packets=N seconds=S pps=P encode_pps=E ratio=P/E
 *   node --import tsx bench/mutate-worker.ts valid|break|raw N
 * With `alone` as a third argument only mutants are made (no encodeJson slices), as Scapy's
 * process makes only its fuzz() packets: the rate set beside Scapy's.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { loadRequests, ROOT } from './inputs.js';

type Lib = {
  encodeJson(r: unknown): Uint8Array;
  mutate(r: unknown, o: { mode: string; count: number; seed?: number; shard?: { index: number; count: number } }): Iterable<{ bytes: Uint8Array }>;
};
const lib = createRequire(import.meta.url)(join(ROOT, 'dist', 'lib.js')) as Lib;
const mode = process.argv[2] ?? 'valid';
const n = Number(process.argv[3]);
const alone = process.argv[4] === 'alone';
const reqs = loadRequests();
const mask = reqs.length - 1;
const SLICES = 20;
const per = Math.max(1, Math.floor(n / SLICES));

let sink = 0;
let seed = 0;
const mutateSlice = (k: number): void => {
  // A new run per slice (seed = slice number): each slice is k fresh mutants.
  for (const m of lib.mutate(reqs[0], { mode, count: k, seed: seed++ })) sink ^= m.bytes.length;
};
const encodeSlice = (k: number, from: number): void => {
  for (let i = 0; i < k; i++) sink ^= lib.encodeJson(reqs[(from + i) & mask]).length;
};
// Warm-up: both paths compiled before timing.
mutateSlice(Math.min(n, Math.max(Math.floor(n / 5), 2000)));
if (!alone) encodeSlice(Math.max(Math.floor(n / 5), 20000), 0);
let tMut = 0;
let tEnc = 0;
const encPer = alone ? 0 : mode === 'valid' ? per : per * 10;
for (let s = 0; s < SLICES; s++) {
  let t0 = process.hrtime.bigint();
  mutateSlice(per);
  tMut += Number(process.hrtime.bigint() - t0);
  t0 = process.hrtime.bigint();
  encodeSlice(encPer, s * encPer);
  tEnc += Number(process.hrtime.bigint() - t0);
}
if (sink === 0x80000000) console.log('unreachable');
const pps = (per * SLICES) / (tMut / 1e9);
if (alone) {
  console.log(`name=tapipkt op=mutate-${mode}-alone packets=${per * SLICES} seconds=${(tMut / 1e9).toFixed(3)} pps=${Math.round(pps)}`);
} else {
  const encPps = (encPer * SLICES) / (tEnc / 1e9);
  console.log(`name=tapipkt op=mutate-${mode} packets=${per * SLICES} seconds=${(tMut / 1e9).toFixed(3)} pps=${Math.round(pps)} encode_pps=${Math.round(encPps)} ratio=${(pps / encPps).toFixed(3)}`);
}

/**
 * Before/after on one machine: this checkout (B) against another (A, e.g. a worktree of an
 * older commit), both already built (`npm run build` in each). Ratios across two `npm run bench`
 * runs mostly show how busy the machine was; this compares the two builds side by side instead.
 *
 *   library rows: both dist/lib.js bundles loaded in one process, timed in alternating slices
 *     (CPU time of the process), so a slow moment of the machine falls on both;
 *   CLI rows: `encode --jsonl` / `decode --jsonl` of 100,000 lines, whole process, A and B
 *     alternately, `rounds` times each; medians.
 *
 * Prints a Markdown table: operation, A, B, B/A.
 *   node --import tsx bench/compare.ts OTHER_CHECKOUT [rounds=7]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadRequests, ROOT } from './inputs.js';

interface Lib {
  encodeJson(r: unknown): Uint8Array;
  decodeBytes(b: Uint8Array): { fields?: Record<string, unknown> };
  mutate?(r: unknown, o: { mode: string; count: number; seed?: number }): Iterable<{ bytes: Uint8Array }>;
}

const other = process.argv[2];
const rounds = Number(process.argv[3] ?? 7);
if (!other || !Number.isSafeInteger(rounds) || rounds < 1) {
  console.error('usage: node --import tsx bench/compare.ts OTHER_CHECKOUT [rounds]');
  process.exit(2);
}
const dirs = [resolve(other), ROOT];
for (const d of dirs) {
  if (!existsSync(join(d, 'dist', 'lib.js')) || !existsSync(join(d, 'dist', 'cli.js'))) {
    console.error(`${d}: no dist/ (run npm run build there first)`);
    process.exit(2);
  }
}

const req = createRequire(import.meta.url);
const libs = dirs.map((d) => req(join(d, 'dist', 'lib.js')) as Lib);
const reqs = loadRequests();
const mask = reqs.length - 1;
const raws = libs.map((lib) => reqs.map((r) => Uint8Array.from(lib.encodeJson(r))));
let sink = 0;

type Slice = (lib: Lib, k: number, n: number) => void;
const ops: [string, Slice][] = [
  ['encodeJson (library)', (lib, _k, n) => {
    for (let i = 0; i < n; i++) sink ^= lib.encodeJson(reqs[i & mask]).length;
  }],
  ['decodeBytes (library)', (lib, k, n) => {
    const rw = raws[k]!;
    for (let i = 0; i < n; i++) sink ^= lib.decodeBytes(rw[i & mask]!).fields ? 1 : 0;
  }],
];
if (libs.every((l) => typeof l.mutate === 'function')) {
  let seed = 0;
  ops.push(['mutate valid (library)', (lib, _k, n) => {
    for (const m of lib.mutate!(reqs[0], { mode: 'valid', count: n, seed: seed++ })) sink ^= m.bytes.length;
  }]);
}

const rows: [string, number, number][] = [];
const SLICES = 2 * rounds;
for (const [name, slice] of ops) {
  const per = 50_000;
  for (let k = 0; k < 2; k++) slice(libs[k]!, k, per); // warm-up
  const cpu = [0, 0];
  for (let s = 0; s < SLICES; s++) {
    for (const k of s % 2 ? [1, 0] : [0, 1]) {
      const c0 = process.cpuUsage();
      slice(libs[k]!, k, per);
      const c = process.cpuUsage(c0);
      cpu[k]! += c.user + c.system;
    }
  }
  rows.push([name, (per * SLICES) / (cpu[0]! / 1e6), (per * SLICES) / (cpu[1]! / 1e6)]);
}

const tmp = mkdtempSync(join(tmpdir(), 'tapipkt-compare-'));
try {
  const lines: string[] = [];
  for (let i = 0; i < 100_000; i++) lines.push(JSON.stringify(reqs[i & mask]));
  writeFileSync(join(tmp, 'req.jsonl'), lines.join('\n') + '\n');
  const hex: string[] = [];
  for (let i = 0; i < 100_000; i++) hex.push(Buffer.from(raws[1]![i & mask]!).toString('hex'));
  writeFileSync(join(tmp, 'hex.txt'), hex.join('\n') + '\n');
  const rate = (dir: string, argv: string[], input: string): number => {
    const t0 = performance.now();
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${join(dir, 'dist', 'cli.js')}" ${argv.join(' ')} < "${input}" > /dev/null`]);
    if (r.status !== 0) throw new Error(`${dir}: tapipkt ${argv.join(' ')} failed`);
    return 100_000 / ((performance.now() - t0) / 1000);
  };
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  for (const [name, argv, input] of [['CLI encode --jsonl (100,000 lines)', ['encode', '--jsonl'], 'req.jsonl'], ['CLI decode --jsonl (100,000 lines)', ['decode', '--jsonl'], 'hex.txt']] as const) {
    const runs: number[][] = [[], []];
    for (let i = 0; i < rounds; i++) for (const k of i % 2 ? [1, 0] : [0, 1]) runs[k]!.push(rate(dirs[k]!, [...argv], join(tmp, input)));
    rows.push([name, median(runs[0]!), median(runs[1]!)]);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

const k = (n: number): string => (n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : `${(n / 1e3).toFixed(1)}k`);
console.log(`A = ${dirs[0]}, B = ${dirs[1]}, ${rounds} rounds${sink === 0.5 ? '' : ''}`);
console.log('| operation (per second) | A | B | B/A |');
console.log('| --- | --- | --- | --- |');
for (const [name, a, b] of rows) console.log(`| ${name} | ${k(a)} | ${k(b)} | ${(b / a).toFixed(2)} |`);

/**
 * `npm run fuzz`: runs every fuzz target for many cases (default 100,000 each).
 *
 *   npm run fuzz -- [--runs N] [--seed S] [--target NAME[,NAME...]] [--max-failures K] [--no-fast-paths]
 *
 * --no-fast-paths fuzzes the codec's general path alone (src/codec/fast/switch.ts), to tell
 * a fast-path disagreement from a general-path bug.
 *
 * Prints the seed, then per target the cases run and the failures (each shrunk, with the seed
 * and path that replay it). Exit status 1 when any target failed, 2 on bad options.
 */
import fc from 'fast-check';
import { TARGETS } from './targets.js';

interface Options {
  runs: number;
  seed: number;
  targets: string[];
  maxFailures: number;
  fastPaths: boolean;
}

function parseOptions(argv: string[]): Options | string {
  const o: Options = { runs: 100_000, seed: Date.now() % 0x7fffffff, targets: TARGETS.map((t) => t.name), maxFailures: 3, fastPaths: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--no-fast-paths') {
      o.fastPaths = false;
      continue;
    }
    const v = argv[i + 1];
    const int = (): number | undefined => (v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined);
    if (a === '--runs' && int() !== undefined) o.runs = int()!;
    else if (a === '--seed' && v !== undefined && /^-?\d+$/.test(v)) o.seed = Number(v);
    else if (a === '--max-failures' && int() !== undefined) o.maxFailures = Math.max(1, int()!);
    else if (a === '--target' && v) {
      o.targets = v.split(',');
      const bad = o.targets.find((t) => !TARGETS.some((x) => x.name === t));
      if (bad) return `unknown target '${bad}' (targets: ${TARGETS.map((t) => t.name).join(', ')})`;
    } else return `bad option ${a}${v !== undefined ? ` ${v}` : ''} (usage: --runs N --seed S --target NAME --max-failures K)`;
    i++;
  }
  return o;
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}... (${s.length} characters)` : s;
}

function main(): number {
  const o = parseOptions(process.argv.slice(2));
  if (typeof o === 'string') {
    console.error(`fuzz: ${o}`);
    return 2;
  }
  if (!o.fastPaths) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      (require('../../src/codec/fast/index.js') as { fastPaths: { enabled: boolean } }).fastPaths.enabled = false;
    } catch {
      /* no fast paths in this tree: the general path is all there is */
    }
  }
  console.log(`fuzz: seed ${o.seed}, ${o.runs} runs per target, targets: ${o.targets.join(', ')}${o.fastPaths ? '' : ' (codec fast paths off)'}`);
  let failedTargets = 0;
  const summary: string[] = [];
  for (const t of TARGETS.filter((x) => o.targets.includes(x.name))) {
    const t0 = Date.now();
    let done = 0;
    let failures = 0;
    let seed = o.seed;
    // A failing run stops at its first counterexample; go on with the next seed for the rest.
    while (done < o.runs && failures < o.maxFailures) {
      const d = fc.check(t.property(), { seed, numRuns: o.runs - done, endOnFailure: false });
      done += d.numRuns;
      if (!d.failed) break;
      failures++;
      console.log(`\n[${t.name}] FAILURE ${failures} (replay: --target ${t.name} --seed ${seed}; path ${d.counterexamplePath})`);
      const err = d.errorInstance instanceof Error ? (d.errorInstance.stack ?? d.errorInstance.message) : String(d.errorInstance);
      console.log(`error: ${clip(err, 3000)}`);
      console.log(`counterexample: ${clip(fc.stringify(d.counterexample), 2000)}`);
      seed++;
    }
    const line = `${t.name.padEnd(18)} ${String(done).padStart(7)} runs  ${failures} failure${failures === 1 ? '' : 's'}  ${((Date.now() - t0) / 1000).toFixed(1)} s`;
    console.log(line);
    summary.push(line);
    if (failures) failedTargets++;
  }
  console.log(`\nfuzz summary (seed ${o.seed}):\n${summary.join('\n')}`);
  return failedTargets ? 1 : 0;
}

process.exitCode = main();

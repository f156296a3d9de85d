/**
 * `npm run bench`: our benchmarks and, where installed, the peers' (../shared/bench-peers:
 * scapy, construct, the hand-written Node baseline, Kaitai), in one run, as one table:
 * operation, our rate, each peer's rate, the ratio to the goal's reference, the goal, pass/fail.
 *
 *   npm run bench                 # full run (a few minutes)
 *   npm run bench -- --smoke      # a few seconds: proves the harness works (CI)
 *   npm run bench -- --json       # the rows as JSON on stdout
 *
 * A benchmark, not a test: it never fails on timing (exit 0 unless it crashes). Every
 * process-level figure comes from a separate process per measurement, as the peers do.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import { checkEquivalence } from './equivalence.js';
import { loadRequests, PEERS, ROOT } from './inputs.js';

const args = new Set(process.argv.slice(2));
const smoke = args.has('--smoke');
const asJson = args.has('--json');
const PY = process.env['PYTHON'] ?? '/usr/bin/python3';
const log = (s: string): void => void process.stderr.write(s + '\n');

/** One row of the table. */
interface Row {
  op: string;
  unit: string;
  ours: number | undefined;
  peers: Record<string, number | undefined>;
  /** ours / reference (or reference / ours for "lower is better" limits), when both exist. */
  ratio: number | undefined;
  goal: string;
  pass: boolean | undefined;
  note?: string;
}
const rows: Row[] = [];

/** Sizes: full run and --smoke. */
const N = smoke
  ? { libEncode: 200_000, libDecode: 200_000, baseEncode: 1_000_000, baseDecode: 1_000_000, py: 5_000, cli: 10_000, mem: 20_000, lsPackets: 1_000, mutate: 100_000, mutateSlow: 2_000, fuzz: 500, mutateMem: 20_000 }
  : { libEncode: 3_000_000, libDecode: 3_000_000, baseEncode: 25_000_000, baseDecode: 40_000_000, py: 200_000, cli: 100_000, mem: 1_000_000, lsPackets: 10_000, mutate: 2_000_000, mutateSlow: 40_000, fuzz: 10_000, mutateMem: 1_000_000 };

/** Runs a peer-style benchmark command; returns its pps, or undefined (with a note) when it cannot run. */
/**
 * Our workers (`lib-worker.ts`, `mutate-worker.ts`, `language.ts`) run as plain Node scripts, as
 * a user's program loads dist/lib.js: each is bundled once with esbuild into a temporary .mjs (its
 * TypeScript helpers inlined; dist/lib.js still loaded at run time). Run under the tsx loader, the
 * same workers measured 10-15 % slower (its hooks and their thread), which is not the library's cost.
 */
const plainDir = mkdtempSync(join(tmpdir(), 'tapipkt-bench-workers-'));
process.on('exit', () => rmSync(plainDir, { recursive: true, force: true }));
const WORKER_ENV = { ...process.env, TAPIPKT_BENCH_ROOT: ROOT };
const plainBuilt = new Map<string, string>();
function plain(name: string): string {
  let out = plainBuilt.get(name);
  if (!out) {
    out = join(plainDir, `${name}.mjs`);
    execFileSync(process.execPath, ['-e', `require('esbuild').buildSync({ entryPoints: [${JSON.stringify(join(ROOT, 'bench', `${name}.ts`))}], bundle: true, platform: 'node', format: 'esm', outfile: ${JSON.stringify(out)}, logLevel: 'error' })`], { cwd: ROOT, stdio: 'inherit' });
    plainBuilt.set(name, out);
  }
  return out;
}

function pps(cmd: string, argv: string[], cwd: string): number | undefined {
  const r = spawnSync(cmd, argv, { cwd, encoding: 'utf8', maxBuffer: 1 << 24, env: WORKER_ENV });
  const m = /pps=(\d+)/.exec(r.stdout ?? '');
  if (r.status !== 0 || !m) {
    log(`  (${[cmd, ...argv].join(' ')} did not run: ${(r.stderr || r.error?.message || '').trim().split('\n').pop()})`);
    return undefined;
  }
  log(`  ${r.stdout.trim()}`);
  return Number(m[1]);
}

const havePython = spawnSync(PY, ['-c', 'import scapy, construct'], { encoding: 'utf8' }).status === 0;
if (!havePython) log(`Python peers not installed (apt-get install -y --no-install-recommends python3-scapy python3-construct); their columns stay empty`);
const kaitaiDir = [process.env['TAPIPKT_PEERS_COPY'], PEERS].find((d) => d && existsSync(join(d, 'node_modules', 'kaitai-struct')));

function python(script: string, op: string, n: number): number | undefined {
  return havePython ? pps(PY, [script, op, String(n)], PEERS) : undefined;
}

function ratioRow(op: string, ours: number | undefined, peers: Record<string, number | undefined>, ref: string, factor: number, note?: string): void {
  const r = peers[ref];
  const ratio = ours !== undefined && r !== undefined ? ours / r : undefined;
  rows.push({ op, unit: 'packets/s', ours, peers, ratio, goal: `>= ${factor}x ${ref}`, pass: ratio === undefined ? undefined : ratio >= factor, ...(note ? { note } : {}) });
}

/** A measurement that is not a goal, shown to explain the goals' numbers (result n/a). */
function infoRow(op: string, unit: string, ours: number | undefined, note: string, peers: Record<string, number | undefined> = {}, ref?: string): void {
  const r = ref ? peers[ref] : undefined;
  rows.push({ op, unit, ours, peers, ratio: ours !== undefined && r !== undefined ? ours / r : undefined, goal: '(info)', pass: undefined, note });
}

function limitRow(op: string, unit: string, ours: number | undefined, limit: number, note?: string): void {
  rows.push({ op, unit, ours, peers: {}, ratio: ours === undefined ? undefined : ours / limit, goal: `< ${limit} ${unit}`, pass: ours === undefined ? undefined : ours < limit, ...(note ? { note } : {}) });
}

// ---------------------------------------------------------------------------------------------
log(`tapipkt bench${smoke ? ' (smoke)' : ''}: node ${process.version}, peers in ${PEERS}`);
if (!existsSync(join(ROOT, 'dist', 'lib.js')) || !existsSync(join(ROOT, 'dist', 'cli.js'))) {
  log('building dist/ (npm run build)');
  spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
}
const lib = createRequire(import.meta.url)(join(ROOT, 'dist', 'lib.js')) as { encodeJson(r: unknown): Uint8Array };
const baseline = createRequire(import.meta.url)(join(PEERS, 'node_baseline.js')) as { encodeAlloc(m: unknown): Buffer; decode(b: Uint8Array): unknown };
const peerCommon = createRequire(import.meta.url)(join(PEERS, 'common.js')) as { loadInputs(): { entries: unknown[] } };

// 1. Same bytes as the baseline for all 256 inputs, and the fast paths agree with the general path.
const reqs = loadRequests();
const entries = peerCommon.loadInputs().entries;
let differ = 0;
for (let i = 0; i < reqs.length; i++) {
  if (Buffer.compare(Buffer.from(lib.encodeJson(reqs[i])), baseline.encodeAlloc(entries[i])) !== 0) differ++;
}
log(`bytes: ${reqs.length - differ}/${reqs.length} encodeJson outputs equal node_baseline's`);
rows.push({ op: 'encodeJson bytes == node-baseline', unit: 'inputs', ours: reqs.length - differ, peers: {}, ratio: undefined, goal: `${reqs.length}/${reqs.length}`, pass: differ === 0 });
const eq = checkEquivalence(smoke ? 2 : 10);
log(`equivalence: ${eq.cases} cases, fast paths vs general path, ${eq.failures.length} failures`);
for (const f of eq.failures) log('  ' + f.slice(0, 300));
rows.push({ op: 'fast path == general path', unit: 'cases', ours: eq.cases - eq.failures.length, peers: {}, ratio: undefined, goal: `${eq.cases}/${eq.cases}`, pass: eq.failures.length === 0 });

// 2. In-process library vs the peers.
log('in-process encode / decode');
const worker = (op: string, n: number): number | undefined => pps(process.execPath, [plain('lib-worker'), op, String(n)], ROOT);
const encPeers = {
  'node-baseline-alloc': pps(process.execPath, ['node_baseline.js', 'encode', String(N.baseEncode), 'alloc'], PEERS),
  construct: python('construct_bench.py', 'encode', N.py),
  scapy: python('scapy_bench.py', 'encode', Math.round(N.py / 2.5)),
};
ratioRow('encodeJson (CreateAgentSession)', worker('encode', N.libEncode), encPeers, 'node-baseline-alloc', 0.5);
const decPeers = {
  'node-baseline': pps(process.execPath, ['node_baseline.js', 'decode', String(N.baseDecode)], PEERS),
  construct: python('construct_bench.py', 'decode', N.py),
  scapy: python('scapy_bench.py', 'decode', N.py),
  ...(kaitaiDir ? { kaitai: pps(process.execPath, ['kaitai_bench.js', 'decode', String(N.libDecode)], kaitaiDir) } : {}),
};
ratioRow('decodeBytes (CreateAgentSession)', worker('decode', N.libDecode), decPeers, 'node-baseline', 0.5);

// 2b. Mutation: valid mutants of CreateAgentSession per second, in process, against Scapy's fuzz()
// on the same packet (every field left at its default randomized, the computed ones kept
// consistent: the nearest thing Scapy offers), and against our own encodeJson measured in the
// same process in alternating slices (bench/mutate-worker.ts), so the ratio holds on a busy machine.
log('in-process mutation');
const mutateRun = (mode: string, n: number): { pps: number; encode: number } | undefined => {
  const r = spawnSync(process.execPath, [plain('mutate-worker'), mode, String(n)], { cwd: ROOT, encoding: 'utf8', env: WORKER_ENV });
  const m = /pps=(\d+) encode_pps=(\d+)/.exec(r.stdout ?? '');
  if (r.status !== 0 || !m) {
    log(`  (mutate-worker ${mode} did not run: ${(r.stderr || '').trim().split('\n').pop()})`);
    return undefined;
  }
  log(`  ${r.stdout.trim()}`);
  return { pps: Number(m[1]), encode: Number(m[2]) };
};
const mutValid = mutateRun('valid', N.mutate);
// Against Scapy: our mutator alone in its process (as Scapy's process makes only fuzz() packets),
// and the two measured alternately five times, medians compared, so that a slow moment of a
// shared machine does not land on one side only. Scapy alone is enough for this row (the other
// Python peers also need construct).
const haveScapy = spawnSync(PY, ['-c', 'import scapy'], { encoding: 'utf8' }).status === 0;
const median = (xs: (number | undefined)[]): number | undefined => {
  const v = xs.filter((x): x is number => x !== undefined).sort((a, b) => a - b);
  return v.length === xs.length && v.length ? v[Math.floor(v.length / 2)] : undefined;
};
const oursAlone: (number | undefined)[] = [];
const scapyRuns: (number | undefined)[] = [];
for (let k = 0; k < (haveScapy ? 5 : 0); k++) {
  oursAlone.push(pps(process.execPath, [plain('mutate-worker'), 'valid', String(N.mutate), 'alone'], ROOT));
  scapyRuns.push(pps(PY, ['scapy_bench.py', 'fuzz', String(N.fuzz)], PEERS));
}
const scapyFuzz = median(scapyRuns);
ratioRow('mutate --mode valid (CreateAgentSession)', haveScapy ? median(oursAlone) : mutValid?.pps, { 'scapy-fuzz': scapyFuzz }, 'scapy-fuzz', 300, 'mutants/s, medians of 5 alternating runs, each process making only its mutants; Scapy: bytes(fuzz(CreateAgentSession()))');
ratioRow('mutate --mode valid vs encodeJson (same process)', mutValid?.pps, { encodeJson: mutValid?.encode }, 'encodeJson', 0.3, 'mutation costs little beyond encoding');
for (const mode of ['break', 'raw']) {
  const r = mutateRun(mode, N.mutateSlow);
  infoRow(`mutate --mode ${mode} (CreateAgentSession)`, 'packets/s', r?.pps, mode === 'break' ? 'each mutant checked by a full decode: exactly its rule code' : 'each mutant read back by decode and checked to encode to its bytes');
}

// 3. Batch CLI: wall clock of the whole process, startup included.
const tmp = mkdtempSync(join(tmpdir(), 'tapipkt-bench-'));
try {
  const cli = join(ROOT, 'dist', 'cli.js');
  const lines: string[] = [];
  for (let i = 0; i < N.cli; i++) lines.push(JSON.stringify(reqs[i & 255]));
  writeFileSync(join(tmp, 'req.jsonl'), lines.join('\n') + '\n');
  const run = (argv: string[], input: string, output: string, rssFile?: string): { s: number; ok: boolean } => {
    const t0 = performance.now();
    const r = spawnSync('sh', ['-c', `"${process.execPath}" ${rssFile ? `-r "${join(ROOT, 'bench', 'maxrss.cjs')}"` : ''} "${cli}" ${argv.join(' ')} < "${input}" > "${output}"`], {
      encoding: 'utf8',
      env: { ...process.env, ...(rssFile ? { TAPIPKT_MAXRSS_FILE: rssFile } : {}) },
    });
    const s = (performance.now() - t0) / 1000;
    if (r.status !== 0) log(`  tapipkt ${argv.join(' ')} failed: ${r.stderr.split('\n')[0]}`);
    return { s, ok: r.status === 0 };
  };
  log(`batch CLI over ${N.cli} requests`);
  const enc = run(['encode', '--jsonl'], join(tmp, 'req.jsonl'), join(tmp, 'hex.txt'));
  const hexLines = readFileSync(join(tmp, 'hex.txt'), 'utf8').split('\n');
  const wrong = reqs.filter((_r, i) => hexLines[i] !== Buffer.from(baseline.encodeAlloc(entries[i])).toString('hex')).length;
  log(`  encode --jsonl: ${enc.s.toFixed(2)} s, ${wrong} of the first 256 lines differ from node-baseline`);
  const dec = run(['decode', '--jsonl'], join(tmp, 'hex.txt'), join(tmp, 'dec.jsonl'));
  const back = readFileSync(join(tmp, 'dec.jsonl'), 'utf8').split('\n', 256).map((l) => JSON.parse(l) as unknown);
  const lossy = back.filter((r, i) => Buffer.from(lib.encodeJson(r)).toString('hex') !== hexLines[i]).length;
  log(`  decode --jsonl: ${dec.s.toFixed(2)} s, ${lossy} of the first 256 do not encode back`);
  const constructEnc = encPeers.construct;
  const constructDec = decPeers.construct;
  ratioRow(`CLI encode --jsonl (${N.cli.toLocaleString('en')} lines, whole process)`, enc.ok && wrong === 0 ? N.cli / enc.s : undefined, { construct: constructEnc }, 'construct', 25);
  ratioRow(`CLI decode --jsonl (${N.cli.toLocaleString('en')} lines, whole process)`, dec.ok && lossy === 0 ? N.cli / dec.s : undefined, { construct: constructDec }, 'construct', 25);

  // 4. Memory: decode --jsonl over N.mem packets, peak RSS.
  const hexOut: string[] = [];
  for (let i = 0; i < N.mem; i++) hexOut.push(hexLines[i % 256]!);
  writeFileSync(join(tmp, 'mem.txt'), hexOut.join('\n') + '\n');
  hexOut.length = 0;
  const rss = join(tmp, 'rss');
  const mem = run(['decode', '--jsonl'], join(tmp, 'mem.txt'), '/dev/null', rss);
  const peak = mem.ok && existsSync(rss) ? Number(readFileSync(rss, 'utf8')) / 1024 : undefined;
  log(`  decode --jsonl over ${N.mem} packets: ${mem.s.toFixed(1)} s, peak RSS ${peak?.toFixed(0)} MB`);
  limitRow(`CLI decode --jsonl ${N.mem.toLocaleString('en')} packets: peak RSS`, 'MB', peak, 200, smoke ? 'smoke: fewer packets than the goal' : undefined);
  // Mutation streams its lines: a million mutants stay within the same limit.
  const mrss = join(tmp, 'mrss');
  const mt0 = performance.now();
  const mr = spawnSync('sh', ['-c', `"${process.execPath}" -r "${join(ROOT, 'bench', 'maxrss.cjs')}" "${cli}" mutate "${join(ROOT, 'examples', 'create-agent-session.tapipkt')}" --mode valid --count ${N.mutateMem} > /dev/null`], {
    encoding: 'utf8',
    env: { ...process.env, TAPIPKT_MAXRSS_FILE: mrss },
  });
  const ms = (performance.now() - mt0) / 1000;
  const mpeak = mr.status === 0 && existsSync(mrss) ? Number(readFileSync(mrss, 'utf8')) / 1024 : undefined;
  log(`  mutate --count ${N.mutateMem}: ${ms.toFixed(1)} s, peak RSS ${mpeak?.toFixed(0)} MB${mr.status === 0 ? '' : `; failed: ${mr.stderr.split('\n')[0]}`}`);
  limitRow(`CLI mutate --mode valid --count ${N.mutateMem.toLocaleString('en')}: peak RSS`, 'MB', mpeak, 200, `${(N.mutateMem / ms / 1000).toFixed(0)}k mutants/s whole process${smoke ? '; smoke: fewer mutants than the goal' : ''}`);
  infoRow(`CLI decode --jsonl (${N.mem.toLocaleString('en')} lines, whole process)`, 'packets/s', mem.ok ? N.mem / mem.s : undefined, `the memory run: startup spread over ${N.mem / N.cli}x the lines`, { construct: constructDec }, 'construct');
  // The fixed cost in every whole-process row: Node itself, then loading the CLI bundle.
  const startup = (argv: string[]): number => {
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t0 = performance.now();
      spawnSync(process.execPath, argv, { stdio: 'ignore' });
      times.push(performance.now() - t0);
    }
    return times.sort((a, b) => a - b)[3]!;
  };
  infoRow('startup: node -e 0 (median of 7)', 'ms', startup(['-e', '0']), 'Node alone');
  infoRow('startup: node dist/cli.js --version (median of 7)', 'ms', startup([cli, '--version']), 'Node and the CLI bundle');
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

// 5. Language service on a generated file.
log(`language service on ${N.lsPackets} packets`);
const ls = spawnSync(process.execPath, [plain('language'), String(N.lsPackets)], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24, env: WORKER_ENV });
const lsr = ls.status === 0 ? (JSON.parse(ls.stdout.trim().split('\n').pop()!) as Record<string, number>) : undefined;
if (!lsr) log(`  language bench failed: ${ls.stderr.split('\n').slice(0, 3).join(' ')}`);
else log(`  ${ls.stdout.trim()}`);
const lsNote = `${N.lsPackets.toLocaleString('en')} packets, ${lsr ? (lsr['bytes']! / 1e6).toFixed(2) : '?'} MB`;
limitRow('language: full parse + check', 'ms', lsr?.['fullMs'], 300, lsNote);
limitRow('language: edit in the middle, re-check (median of 11)', 'ms', lsr?.['editMs'], 20, `${lsNote}; first edit ${lsr?.['firstEditMs']?.toFixed(0)} ms`);
limitRow('language: hover after the edit', 'ms', lsr?.['hoverMs'], 20, lsNote);
limitRow('language: completion after the edit', 'ms', lsr?.['completionMs'], 20, lsNote);

// 6. Extension: activation, bundle, .vsix.
if (existsSync(join(ROOT, 'extension', 'extension.ts'))) {
  log('extension');
  const act = spawnSync(process.execPath, [join(ROOT, 'bench', 'activate.cjs')], { cwd: ROOT, encoding: 'utf8' });
  const a = act.status === 0 ? (JSON.parse(act.stdout.trim()) as Record<string, number | string>) : { error: act.stderr };
  log(`  ${JSON.stringify(a)}`);
  limitRow('extension: require + activate (fake vscode)', 'ms', typeof a['totalMs'] === 'number' ? a['totalMs'] : undefined, 50, typeof a['error'] === 'string' ? String(a['error']).slice(0, 120) : 'dist/extension.js as built');
  // The production bundle, built to a temporary file with the definitions scripts/build.mjs --production uses.
  const out = join(tmpdir(), `tapipkt-bench-ext-${process.pid}.js`);
  try {
    const script = `import('./scripts/bundles.mjs').then(async ({ bundles }) => {
      const e = bundles(process.cwd(), { production: true }).find((b) => b.outfile.endsWith('extension.js'));
      await (await import('esbuild')).build({ ...e, outfile: ${JSON.stringify(out)}, logLevel: 'silent' });
    })`;
    execFileSync(process.execPath, ['-e', script], { cwd: ROOT, stdio: 'ignore' });
    limitRow('extension: production bundle', 'MB', statSync(out).size / 1e6, 1, 'minified, as `npm run package` builds it');
  } catch {
    limitRow('extension: production bundle', 'MB', undefined, 1, 'the extension does not build right now');
  } finally {
    rmSync(out, { force: true });
  }
  const vsix = readdirSync(ROOT).filter((f) => f.endsWith('.vsix'));
  if (vsix.length) limitRow(`extension: ${vsix[0]}`, 'MB', statSync(join(ROOT, vsix[0]!)).size / 1e6, 2);
  else rows.push({ op: 'extension: .vsix', unit: 'MB', ours: undefined, peers: {}, ratio: undefined, goal: '< 2 MB', pass: undefined, note: 'no .vsix in the repo root (npm run package makes one)' });
} else {
  rows.push({ op: 'extension', unit: '', ours: undefined, peers: {}, ratio: undefined, goal: 'activation < 50 ms', pass: undefined, note: 'extension/ does not exist yet' });
}

// ---------------------------------------------------------------------------------------------
function fmt(v: number | undefined, unit: string): string {
  if (v === undefined) return '-';
  if (unit === 'packets/s') return v >= 1e6 ? `${(v / 1e6).toFixed(2)}M` : v >= 1e3 ? `${(v / 1e3).toFixed(1)}k` : v.toFixed(0);
  if (unit === 'ms' || unit === 'MB') return `${v.toFixed(unit === 'MB' ? 2 : 1)} ${unit}`;
  return String(v);
}

if (asJson) {
  console.log(JSON.stringify({ node: process.version, smoke, date: new Date().toISOString(), rows }, null, 1));
} else {
  const head = ['operation', 'ours', 'peers', 'ratio', 'goal', 'result'];
  const body = rows.map((r) => [
    r.op,
    fmt(r.ours, r.unit),
    Object.entries(r.peers).map(([k, v]) => `${k} ${fmt(v, r.unit)}`).join(', ') || '-',
    r.ratio === undefined ? '-' : r.unit === 'packets/s' ? `${r.ratio >= 10 ? r.ratio.toFixed(0) : r.ratio.toFixed(2)}x` : `${r.ratio.toFixed(2)} of limit`,
    r.goal,
    (r.pass === undefined ? 'n/a' : r.pass ? 'PASS' : 'FAIL') + (r.note ? ` (${r.note})` : ''),
  ]);
  console.log(`| ${head.join(' | ')} |\n| ${head.map(() => '---').join(' | ')} |`);
  for (const b of body) console.log(`| ${b.join(' | ')} |`);
}
process.exitCode = 0;

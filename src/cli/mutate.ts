/**
 * `tapipkt mutate (FILE [--packet NAME | [--session NAME] --step NAME] | --json -) --mode
 * valid|break|raw [--count N] [--seed S] [--shard K/N]`: one JSON line per mutant, `{"hex", "request", "mode", "mutation"}`, streamed
 * (a million mutants never sit in memory). Bad input is found before the first line is written,
 * so it still leaves stdout empty.
 */
import { builtinScope } from '../catalog/index.js';
import { checkMutateOptions, createMutator, decodePacket, MUTATION_MODES, type MutationMode, type Mutator, type PacketInput, parseHex } from '../codec/index.js';
import { analyzeFile, diagnosticLine } from './check.js';
import { formatDiagnostic, readFileOrFail, readStdin, UsageError } from './io.js';

/** What `mutate` was asked for, parsed from the command line. */
export interface MutateArgs {
  file?: string;
  packet?: string;
  /** A step of a session in FILE (`--step NAME`), and which session (`--session NAME`, when the file has several). */
  step?: string;
  session?: string;
  /** `-` for stdin, or a file of JSON. */
  json?: string;
  mode?: string;
  count?: string;
  seed?: string;
  shard?: string;
}

function whole(text: string | undefined, flag: string, max: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[0-9]+$/.test(text) || Number(text) > max) throw new UsageError(`${flag} must be a whole number from 0 to ${max}, got '${text}'`);
  return Number(text);
}

/** The packet of a `.tapipkt` file as a JSON request: the chosen one, or the only one. */
function requestFromFile(path: string, packet: string | undefined, err: (l: string) => void): PacketInput {
  const { service, uri, diagnostics } = analyzeFile(path, true);
  const all = service.getPackets(uri);
  const chosen = packet === undefined ? all : all.filter((p) => p.name === packet);
  for (const d of diagnostics) if (d.severity === 'error') err(diagnosticLine(path, d));
  if (packet !== undefined && chosen.length === 0) throw new UsageError(`${path}: no packet named '${packet}' (packets: ${all.map((p) => p.name).join(', ') || 'none'})`);
  if (chosen.length === 0) throw new UsageError(`${path}: no packet to mutate (a packet is written: packet NAME: TYPE { FIELD = VALUE ... })`);
  if (chosen.length > 1) throw new UsageError(`${path} has ${chosen.length} packets; pick one with --packet NAME (${chosen.map((p) => p.name).join(', ')})`);
  const p = chosen[0]!;
  if (!p.request || p.errors.length) throw new UsageError(`${path}: packet ${p.name} has ${p.errors.length || 'an'} error${p.errors.length === 1 ? '' : 's'}; nothing to mutate`);
  return p.request;
}

/**
 * A session step's request: its buffer as the session plan encodes it (fields bound to earlier
 * replies as 0: at run time the session patches them in, whatever the mutant holds there), read
 * back losslessly as the step's layout.
 */
function requestFromStep(path: string, session: string | undefined, step: string, err: (l: string) => void): PacketInput {
  const { service, uri, diagnostics } = analyzeFile(path, true);
  for (const d of diagnostics) if (d.severity === 'error') err(diagnosticLine(path, d));
  const r = service.sessionPlan(uri, session);
  if ('errors' in r) throw new UsageError(`${path}: ${r.errors.join('; ')}`);
  const s = r.plan.steps.find((x) => x.name === step);
  if (!s) throw new UsageError(`${path}: session ${r.plan.session} has no step '${step}' (steps: ${r.plan.steps.map((x) => x.name).join(', ')})`);
  const hex = parseHex(s.hex);
  const d = 'bytes' in hex ? decodePacket(builtinScope(), hex.bytes, { as: s.packet, spans: false }) : undefined;
  if (!d?.request.packet) throw new UsageError(`${path}: step ${step} (${s.packet}) is not a catalog packet; mutate takes catalog layouts`);
  return d.request;
}

function requestFromJson(src: string): { request: unknown; file: string } {
  const file = src === '-' ? '<stdin>' : src;
  const text = src === '-' ? readStdin().toString('utf8') : readFileOrFail(src).toString('utf8');
  try {
    return { request: JSON.parse(text) as unknown, file };
  } catch (e) {
    throw new UsageError(`${file}: bad JSON: ${(e as Error).message}`);
  }
}

/** Parses the arguments and prepares the run; throws UsageError on any bad input. */
export function prepareMutate(a: MutateArgs, err: (l: string) => void): { mutator: Mutator; count?: number; seed?: number; shard?: { index: number; count: number } } {
  if (a.mode === undefined) throw new UsageError(`mutate needs --mode ${MUTATION_MODES.join('|')}`);
  if (!MUTATION_MODES.includes(a.mode as MutationMode)) throw new UsageError(`--mode must be one of ${MUTATION_MODES.join(', ')}, got '${a.mode}'`);
  const count = whole(a.count, '--count', Number.MAX_SAFE_INTEGER);
  const seed = whole(a.seed, '--seed', 0xffffffff);
  let shard: { index: number; count: number } | undefined;
  if (a.shard !== undefined) {
    const m = /^([0-9]+)\/([0-9]+)$/.exec(a.shard);
    if (!m) throw new UsageError(`--shard must be K/N (this machine's part K of N, K from 1 to N), got '${a.shard}'`);
    shard = { index: Number(m[1]), count: Number(m[2]) };
  }
  const bad = checkMutateOptions({ ...(count !== undefined ? { count } : {}), ...(seed !== undefined ? { seed } : {}), ...(shard ? { shard } : {}) });
  if (bad) throw new UsageError(bad.replace(/^shard/, '--shard').replace(/^count/, '--count').replace(/^seed/, '--seed'));
  if (a.json !== undefined && a.file !== undefined) throw new UsageError('--json takes its input from stdin (--json -) or a file (--json FILE), not both');
  if (a.json === undefined && a.file === undefined) throw new UsageError('mutate needs a FILE (or --json -)');
  if (a.json !== undefined && a.packet !== undefined) throw new UsageError('--packet picks a packet of a .tapipkt FILE; a JSON request is one packet already');
  if (a.step !== undefined && (a.json !== undefined || a.packet !== undefined)) throw new UsageError('--step picks a step of a session in FILE; give no --packet or --json with it');
  if (a.session !== undefined && a.step === undefined) throw new UsageError('--session picks the session whose --step to mutate; give --step NAME too');
  let request: unknown;
  let file: string;
  if (a.json !== undefined) ({ request, file } = requestFromJson(a.json));
  else {
    file = a.file!;
    request = a.step !== undefined ? requestFromStep(file, a.session, a.step, err) : requestFromFile(file, a.packet, err);
  }
  const m = createMutator(builtinScope(), request, a.mode as MutationMode);
  if ('error' in m) throw new UsageError(`${file}: ${m.error.path ? m.error.path + ': ' : ''}${m.error.message}${m.error.message.includes(`[${m.error.code}]`) ? '' : ` [${m.error.code}]`}`);
  for (const n of m.notes) err(formatDiagnostic(file, 1, 1, 'info', n, 'TP1301'));
  return { mutator: m, ...(count !== undefined ? { count } : {}), ...(seed !== undefined ? { seed } : {}), ...(shard ? { shard } : {}) };
}

/** Where the lines go: a stream that may ask the writer to wait (`write` returning false, then 'drain'). */
export interface LineOut {
  write(chunk: string): boolean;
  once(event: 'drain', listener: () => void): unknown;
}

/** Streams the mutants of a prepared run as JSON lines; resolves to how many were written. */
export async function writeMutants(run: ReturnType<typeof prepareMutate>, out: LineOut): Promise<number> {
  const { mutator, ...options } = run;
  let chunk = '';
  let n = 0;
  for (const m of mutator.run(options)) {
    chunk += JSON.stringify(m) + '\n';
    n++;
    // Chunks of about 64 KiB: few writes, and memory stays flat however long the run.
    if (chunk.length >= 1 << 16) {
      const go = out.write(chunk);
      chunk = '';
      if (!go) await new Promise<void>((resolve) => out.once('drain', resolve));
    }
  }
  if (chunk) out.write(chunk);
  return n;
}

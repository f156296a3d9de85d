// TEST CODE. Starts the tapsrv stand-in (tapsrv-standin.py, see its header), waits for the port
// it prints (no fixed sleeps), runs exported impacket scripts against it and reads what it recorded.
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The Python that has impacket on Debian 12 (python3-impacket); `python3` on PATH may be another one. */
export const PYTHON = '/usr/bin/python3';
const STANDIN = join(__dirname, 'tapsrv-standin.py');

/** Why the impacket tests cannot run here, or undefined when they can. */
export function impacketMissing(): string | undefined {
  const r = spawnSync(PYTHON, ['-c', 'import impacket.dcerpc.v5.rpcrt, impacket.dcerpc.v5.transport'], { encoding: 'utf8' });
  if (r.error) return `${PYTHON} cannot be run (${r.error.message})`;
  if (r.status !== 0) return `${PYTHON} has no impacket (apt install python3-impacket): ${r.stderr.trim().split('\n').pop() ?? ''}`;
  return undefined;
}

/** One call as the stand-in recorded it (see tapsrv-standin.py for the keys of each opnum). */
export interface RecordedCall {
  opnum: number;
  stub: string;
  [key: string]: unknown;
}

export interface StandIn {
  port: number;
  target: string;
  calls(): RecordedCall[];
  stop(): void;
}

export interface StandInOptions {
  /** `REQ_FUNC:OFFSET` pairs: where the stand-in writes a handle of its own into a reply. */
  handles?: string[];
  /** Answer the N-th ClientRequest (1-based) with an RPC fault. */
  refuse?: number;
  /** Record the N-th ClientRequest (1-based) and exit at once: a server that stops answering. */
  dieAt?: number;
}

/** Starts a stand-in on a free port of 127.0.0.1 and resolves once it accepts connections. */
export function startStandIn(options: StandInOptions = {}): Promise<StandIn> {
  const dir = mkdtempSync(join(tmpdir(), 'tapipkt-standin-'));
  const record = join(dir, 'calls.json');
  const args = [STANDIN, '--record', record, ...(options.handles ?? []).flatMap((h) => ['--handle', h])];
  if (options.refuse) args.push('--refuse', String(options.refuse));
  if (options.dieAt) args.push('--die-at', String(options.dieAt));
  // stdin stays open while this process lives; the stand-in exits when it closes.
  const child: ChildProcess = spawn(PYTHON, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => fail(new Error(`the stand-in printed no port within 20 s\n${err}`)), 20_000);
    const fail = (e: Error) => {
      clearTimeout(timer);
      child.kill();
      reject(e);
    };
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => fail(new Error(`the stand-in exited (${code}) before it was ready\n${err}`)));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^listening 127\.0\.0\.1 (\d+)$/m.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const port = Number(m[1]);
      resolve({
        port,
        target: `ncacn_ip_tcp:127.0.0.1[${port}]`,
        calls: () => (JSON.parse(readFileSync(record, 'utf8')) as { calls: RecordedCall[] }).calls,
        stop: () => void child.kill(),
      });
    });
  });
}

/** What a script run printed. */
export interface ScriptRun {
  code: number;
  out: string;
  err: string;
}

/** Runs an exported script with PYTHON; never rejects (a failing run is a result to check). */
export function runScript(path: string, args: string[]): Promise<ScriptRun> {
  return new Promise((resolve) => {
    execFile(PYTHON, [path, ...args], { encoding: 'utf8', timeout: 60_000 }, (error, out, err) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, out, err });
    });
  });
}

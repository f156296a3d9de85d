/**
 * `tapipkt import CAPTURE [--decode-as SPEC]... [-o OUT]`: a pcap/pcapng of a tapsrv exchange as
 * a `.tapipkt` session. The capture is read by Wireshark's `tshark` (Debian package `tshark`;
 * `TAPIPKT_TSHARK` names another binary) with its tapi dissector turned off, because on tshark
 * 4.0 that dissector shows a request's buffer only as `tapi.unknown.bytes` and not the reply,
 * while `dcerpc.stub_data` then carries the reassembled NDR stub of requests and responses alike.
 * Requests and responses are paired by call id per TCP stream; the stubs
 * are read and the session written by the core (importSessions).
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { basename, extname } from 'node:path';
import { builtinScope } from '../catalog/index.js';
import { TAPSRV_UUID } from '../codec/index.js';
import { type CapturedCall, identifierOf, importSessions } from '../language/index.js';
import { UsageError } from './io.js';

/** The tshark fields read, in this order (one tab-separated line per frame). */
const FIELDS = [
  'frame.number', 'tcp.stream', 'dcerpc.pkt_type', 'dcerpc.cn_call_id', 'dcerpc.opnum', 'dcerpc.cn_flags', 'dcerpc.auth_level',
  'dcerpc.cn_status', 'dcerpc.stub_data', 'dcerpc.encrypted_stub_data', 'dcerpc.cn_bind_to_uuid',
] as const;

/** DCE/RPC connection-oriented PDU types (C706 12.6.4). */
const PDU = { request: 0, response: 2, fault: 3, bind: 11, alterContext: 14 } as const;
const LAST_FRAG = 0x02;
const PRIVACY = 6;

/** The arguments of one `tapipkt import`. */
export interface ImportOptions {
  capture: string;
  decodeAs: string[];
  /** Write `STEP.FIELD` bindings instead of the captured handles (see importSessions). */
  bind?: boolean;
}

/**
 * Takes every `--decode-as SPEC` (or `--decode-as=SPEC`) out of `argv`: the one flag that may be
 * given several times, which the common argument parser keeps only once.
 */
export function takeDecodeAs(argv: readonly string[]): { rest: string[]; decodeAs: string[] } {
  const rest: string[] = [];
  const decodeAs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--decode-as') {
      const v = argv[++i];
      if (v === undefined) throw new UsageError('--decode-as needs a value, such as tcp.port==49670,dcerpc');
      decodeAs.push(v);
    } else if (a.startsWith('--decode-as=')) decodeAs.push(a.slice('--decode-as='.length));
    else rest.push(a);
  }
  return { rest, decodeAs };
}

/** The tshark to run: `TAPIPKT_TSHARK`, or `tshark` on PATH. */
function tsharkPath(): string {
  return process.env['TAPIPKT_TSHARK'] || 'tshark';
}

/** tshark's output, or a UsageError: tshark missing (naming the package) or its reason in one line. */
function runTshark(args: string[]): Promise<string> {
  const bin = tsharkPath();
  return new Promise((resolve, reject) => {
    execFile(bin, args, { encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, LC_ALL: 'C' } }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EACCES') {
        return reject(new UsageError(`import reads captures with Wireshark's tshark, which was not found (${bin}: ${code}); install it: apt-get install tshark (Debian package tshark), or set TAPIPKT_TSHARK`));
      }
      // The root warning is not the reason; the first other line is.
      const why = stderr.split('\n').map((l) => l.trim()).find((l) => l !== '' && !/^Running as user/.test(l)) ?? error.message.split('\n')[0]!;
      reject(new UsageError(`tshark could not read the capture: ${why.replace(/^tshark: /, '')}`));
    });
  });
}

interface Frame {
  frame: number;
  stream: string;
  cols: string[][];
}

function splitRow(line: string): Frame | undefined {
  const v = line.split('\t');
  if (v.length < FIELDS.length) return undefined;
  const cols = v.map((x) => (x === '' ? [] : x.split(',')));
  return { frame: Number(v[0]), stream: v[1] || 'x', cols };
}

const col = (f: Frame, name: (typeof FIELDS)[number]): string[] => f.cols[FIELDS.indexOf(name)]!;
const bytesOf = (hex: string): Uint8Array => new Uint8Array(Buffer.from(hex.replace(/:/g, ''), 'hex'));

/**
 * The tapsrv calls of tshark's field lines, paired request with response by call id per TCP
 * stream, in request order; what cannot be read goes to `warnings`, naming the frame.
 */
export function callsOfFields(text: string, warnings: string[]): { calls: CapturedCall[]; pdus: number; otherInterfaces: number } {
  const pending = new Map<string, CapturedCall>();
  const calls: CapturedCall[] = [];
  const bound = new Map<string, Set<string>>();
  const streamOf = new Map<CapturedCall, string>();
  let pdus = 0;
  for (const line of text.split('\n')) {
    const f = splitRow(line);
    if (!f) continue;
    const types = col(f, 'dcerpc.pkt_type').map(Number);
    if (types.length === 0) continue;
    pdus += types.length;
    for (const u of col(f, 'dcerpc.cn_bind_to_uuid')) {
      const set = bound.get(f.stream) ?? new Set<string>();
      set.add(u.toLowerCase());
      bound.set(f.stream, set);
    }
    const rr = types.filter((t) => t === PDU.request || t === PDU.response || t === PDU.fault);
    if (rr.length === 0) continue;
    // Privacy-level stubs are readable only when tshark was given the keys and decrypted them.
    const encrypted = col(f, 'dcerpc.encrypted_stub_data').length > 0 || (col(f, 'dcerpc.auth_level').some((x) => Number(x) === PRIVACY) && col(f, 'dcerpc.stub_data').length === 0);
    if (encrypted) {
      warnings.push(`frame ${f.frame}: encrypted DCE/RPC (auth level privacy): its stub is not read; capture an unauthenticated or integrity-level exchange to import it`);
      continue;
    }
    const callIds = col(f, 'dcerpc.cn_call_id');
    const opnums = col(f, 'dcerpc.opnum');
    const flags = col(f, 'dcerpc.cn_flags');
    const stubs = col(f, 'dcerpc.stub_data');
    const statuses = col(f, 'dcerpc.cn_status');
    const withStub = types.filter((t) => t === PDU.request || t === PDU.response).length;
    if (types.length > 1 && (callIds.length !== types.length || opnums.length !== rr.length || stubs.length !== withStub)) {
      warnings.push(`frame ${f.frame}: ${types.length} DCE/RPC PDUs in one frame whose fields cannot be told apart; skipped`);
      continue;
    }
    let rrIndex = 0;
    let stubIndex = 0;
    let faultIndex = 0;
    types.forEach((t, i) => {
      if (t !== PDU.request && t !== PDU.response && t !== PDU.fault) return;
      const key = `${f.stream}/${callIds[i] ?? ''}`;
      const opnum = Number(opnums[rrIndex++]);
      const fl = flags[i] !== undefined ? Number(flags[i]) : LAST_FRAG;
      if (t === PDU.fault) {
        const c = pending.get(key);
        if (c) c.response = { frame: f.frame, fault: Number(statuses[faultIndex] ?? 0) >>> 0 };
        faultIndex++;
        return;
      }
      const stub = stubs[stubIndex++];
      // A fragment before the last: tshark shows its part of the stub; the whole stub is
      // reassembled in the last fragment's frame.
      if (!(fl & LAST_FRAG)) return;
      if (stub === undefined) {
        warnings.push(`frame ${f.frame}: a DCE/RPC ${t === PDU.request ? 'request' : 'response'} without stub data; skipped`);
        return;
      }
      if (t === PDU.request) {
        const c: CapturedCall = { frame: f.frame, opnum, stub: bytesOf(stub) };
        pending.set(key, c);
        calls.push(c);
        streamOf.set(c, f.stream);
      } else {
        const c = pending.get(key);
        if (c) c.response = { frame: f.frame, stub: bytesOf(stub) };
      }
    });
  }
  // A stream bound to other interfaces only carries no tapsrv calls; one without a bind in the
  // capture (started mid-connection) is read as tapsrv, and its stubs say whether they are.
  const tapsrv = calls.filter((c) => {
    const set = bound.get(streamOf.get(c)!);
    return !set || set.has(TAPSRV_UUID);
  });
  return { calls: tapsrv, pdus, otherInterfaces: calls.length - tapsrv.length };
}

/** Runs tshark on the capture and writes the session text; warnings go to `err`. */
export async function importCapture(o: ImportOptions, err: (l: string) => void): Promise<string> {
  try {
    accessSync(o.capture, constants.R_OK);
  } catch (e) {
    throw new UsageError(`${o.capture}: cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const args = ['-r', o.capture, '-n', '--disable-protocol', 'tapi', ...o.decodeAs.flatMap((d) => ['-d', d]), '-Y', 'dcerpc', '-T', 'fields', '-E', 'occurrence=a', '-E', 'aggregator=,', '-E', 'separator=/t', '-E', 'quote=n', ...FIELDS.flatMap((x) => ['-e', x])];
  const out = await runTshark(args);
  const warnings: string[] = [];
  const { calls, pdus, otherInterfaces } = callsOfFields(out, warnings);
  for (const w of warnings) err(`${o.capture}: warning: ${w}`);
  if (pdus === 0) {
    throw new UsageError(`${o.capture}: tshark found no DCE/RPC in the capture (tapsrv on a TCP port of its own needs --decode-as tcp.port==PORT,dcerpc)`);
  }
  const base = basename(o.capture, extname(o.capture));
  const result = importSessions(identifierOf(base), calls, builtinScope(), basename(o.capture), { bind: o.bind === true });
  for (const w of result.warnings) err(`${o.capture}: warning: ${w}`);
  if (result.sessions.every((s) => s.steps.length === 0)) {
    const why = calls.length === 0 ? `no tapsrv call could be read (${pdus} DCE/RPC PDUs${otherInterfaces ? `, ${otherInterfaces} calls to other interfaces` : ''})` : 'no ClientRequest could be read';
    throw new UsageError(`${o.capture}: ${why}; nothing imported`);
  }
  return result.text;
}

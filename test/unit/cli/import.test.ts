// `tapipkt import`, run as a user runs it (`node dist/cli.js`, built by pretest), on a capture of a
// real run: test/fixtures/captures/agent-session.pcap, made by make-capture.sh next to it, with the
// stand-in's own record of every call (agent-session.calls.json) as the independent truth.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { builtinScope } from '../../../src/catalog/index.js';
import { parseAttachRequest, parseRequestRequest, parseRequestResponse } from '../../../src/codec/index.js';
import { callsOfFields } from '../../../src/cli/import.js';
import { importSessions } from '../../../src/language/index.js';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'dist', 'cli.js');
const CAPTURES = join(root, 'test', 'fixtures', 'captures');
const PCAP = join(CAPTURES, 'agent-session.pcap');
const RECORD = JSON.parse(readFileSync(join(CAPTURES, 'agent-session.calls.json'), 'utf8')) as {
  port: number;
  calls: { opnum: number; stub: string; lNeededSize?: number; buffer?: string; answer: { buffer?: string } }[];
};
const DECODE_AS = `tcp.port==${RECORD.port},dcerpc`;

function run(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', env });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function tmp(name: string, data: string | Uint8Array): string {
  const p = join(mkdtempSync(join(tmpdir(), 'tapipkt-import-')), name);
  writeFileSync(p, data);
  return p;
}

/** Why tshark cannot run here, or undefined when it can. */
function tsharkMissing(): string | undefined {
  const r = spawnSync('tshark', ['--version'], { encoding: 'utf8' });
  if (r.error) return `tshark cannot be run (${r.error.message}; apt install tshark)`;
  return r.status === 0 ? undefined : `tshark --version exited ${r.status}`;
}

const notBuilt = !existsSync(cli) && 'dist/cli.js is not built (npm run build)';
// CI installs tshark (.ci/run), so there a missing tshark fails these tests instead of skipping them.
const missing = tsharkMissing();
const skip = notBuilt || (missing && process.env['CI'] !== 'true' ? missing : false);

/** The hex of every `decode reply STEP { ... }` block of a text, by step. */
function replyBlocks(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/^decode reply (\w+) \{([^}]*)\}/gm)) out.set(m[1]!, m[2]!.replace(/\s+/g, ''));
  return out;
}

describe('tapipkt import of a captured run against the stand-in', { skip }, () => {
  const requests = RECORD.calls.filter((c) => c.opnum === 1);

  it('writes a session with the attach values and one step per ClientRequest, which checks clean', () => {
    const out = tmp('agent.tapipkt', '');
    const r = run(['import', PCAP, '--decode-as', DECODE_AS, '-o', out]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, '');
    const text = readFileSync(out, 'utf8');
    assert.match(text, /^session agent_session \{$/m);
    assert.match(text, /attach \{\n\s+lProcessID = 0xFFFFFFFF\n\s+pszDomainUser = ""\n\s+pszMachine = "LAB-PC"\n\s+\}/);
    const c = run(['check', out]);
    assert.equal(c.code, 0, c.err);
    assert.doesNotMatch(c.err, /: (error|warning): /);
  });

  it('each step encodes to exactly the buffer and lNeededSize the server received', () => {
    const src = tmp('agent.tapipkt', run(['import', PCAP, '--decode-as', DECODE_AS]).out);
    const e = run(['export', src, '--format', 'json']);
    assert.equal(e.code, 0, e.err);
    const plan = JSON.parse(e.out) as { attach: object; steps: { name: string; packet: string; hex: string; lNeededSize: number }[] };
    assert.deepEqual(plan.steps.map((s) => [s.name, s.packet]), [['initialize1', 'Initialize'], ['open1', 'Open'], ['createAgentSession1', 'CreateAgentSession']]);
    assert.deepEqual(plan.steps.map((s) => s.hex), requests.map((c) => c.buffer));
    assert.deepEqual(plan.steps.map((s) => s.lNeededSize), requests.map((c) => c.lNeededSize));
    assert.equal(plan.steps[1]!.lNeededSize, 1024); // Open offered more than its 60 bytes
    assert.deepEqual(plan.attach, { lProcessID: 0xffffffff, pszDomainUser: '', pszMachine: 'LAB-PC' });
  });

  it('each step is followed by the buffer the server returned, which decodes as its reply', () => {
    const text = run(['import', PCAP, '--decode-as', DECODE_AS]).out;
    const blocks = replyBlocks(text);
    assert.deepEqual([...blocks.values()], requests.map((c) => c.answer.buffer));
    const src = tmp('agent.tapipkt', text);
    const c = run(['check', src]);
    for (const [step, packet] of [['initialize1', 'Initialize'], ['open1', 'Open'], ['createAgentSession1', 'CreateAgentSession']]) {
      assert.match(c.err, new RegExp(`info: reply to step ${step} \\(${packet}\\): Ack_ReturnValue = 0x00000000`));
    }
    // The handle the stand-in returned in Initialize's reply is what the client sent in Open.
    const d = run(['decode', '--hex', blocks.get('initialize1')!, '--reply-to', 'Initialize', '--format', 'json']);
    assert.equal(d.code, 0, d.err);
    const hLineApp = (JSON.parse(d.out) as { fields: { hLineApp: number } }).fields.hLineApp;
    // ...and the step says where it came from, keeping the number (the bytes stay the captured ones).
    assert.match(text, new RegExp(`open1: Open \\{\\n    hLineApp = 0x${hLineApp.toString(16).toUpperCase().padStart(8, '0')}  // = initialize1\\.hLineApp, returned by its reply\\n`));
    assert.match(text, /hLine = 0x[0-9A-F]{8} {2}\/\/ = open1\.hLine, returned by its reply/);
  });

  it('--bind writes STEP.FIELD where a request sent a value an earlier reply returned; the plan binds it and sends the rest as captured', () => {
    const r = run(['import', PCAP, '--decode-as', DECODE_AS, '--bind']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^ {4}hLineApp = initialize1\.hLineApp {2}\/\/ captured: 0x[0-9A-F]{8}$/m);
    assert.match(r.out, /^ {4}hLine = open1\.hLine {2}\/\/ captured: 0x[0-9A-F]{8}$/m);
    const src = tmp('bound.tapipkt', r.out);
    const c = run(['check', src]);
    assert.equal(c.code, 0, c.err);
    const plan = JSON.parse(run(['export', src, '--format', 'json']).out) as { steps: { name: string; hex: string; bindings: { at: number; from: { step: string; at: number } }[] }[] };
    const open = plan.steps.find((x) => x.name === 'open1')!;
    assert.deepEqual(open.bindings, [{ at: 8, from: { step: 'initialize1', at: 8 } }]);
    // Every byte but the bound ones is the captured request's; a bound field is sent as 0 until the run patches it.
    plan.steps.forEach((st, i) => {
      const sent = Buffer.from(requests[i]!.buffer!, 'hex');
      for (const b of st.bindings) sent.fill(0, b.at, b.at + 4);
      assert.equal(st.hex, sent.toString('hex'), st.name);
    });
  });

  it('a request sent in two DCE/RPC fragments is read reassembled; the fault that answered it is said', () => {
    const frag = JSON.parse(readFileSync(join(CAPTURES, 'fragmented.calls.json'), 'utf8')) as { port: number };
    const r = run(['import', join(CAPTURES, 'fragmented.pcap'), '--decode-as', `tcp.port==${frag.port},dcerpc`]);
    assert.equal(r.code, 0, r.err);
    assert.doesNotMatch(r.err, /warning/);
    assert.match(r.out, /^\/\/ fragmented\.initialize1: the server answered with RPC fault 0x000006F7 \(frame \d+\)$/m);
    const imported = run(['export', tmp('f.tapipkt', r.out), '--format', 'json']);
    const source = run(['export', join(CAPTURES, 'fragmented.tapipkt'), '--format', 'json']);
    assert.equal(imported.code, 0, imported.err);
    const first = (o: string) => (JSON.parse(o) as { steps: { hex: string }[] }).steps[0]!.hex;
    assert.equal(first(imported.out).length, 6068 * 2);
    assert.equal(first(imported.out), first(source.out));
  });

  it('a file that is not a capture: exit 2, tshark\'s reason in one line, nothing written', () => {
    const bad = tmp('notes.pcap', 'these are notes, not packets\n');
    const out = join(bad, '..', 'out.tapipkt');
    const r = run(['import', bad, '-o', out]);
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.equal(r.err.trim().split('\n').length, 1, r.err);
    assert.match(r.err, /^tapipkt: tshark could not read the capture: .*(capture file|format)/);
    assert.equal(existsSync(out), false);
  });

  it('a capture without DCE/RPC: exit 2 and a message saying so', () => {
    // The first three records of the fixture: the TCP handshake, before any RPC.
    const b = readFileSync(PCAP);
    let at = 24;
    for (let i = 0; i < 3; i++) at += 16 + b.readUInt32LE(at + 8);
    const r = run(['import', tmp('handshake.pcap', b.subarray(0, at)), '--decode-as', DECODE_AS]);
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.match(r.err, /no DCE\/RPC in the capture/);
  });

  it('a bad --decode-as: exit 2 with tshark\'s reason', () => {
    const r = run(['import', PCAP, '--decode-as', 'tcp.port==x,nosuchprotocol']);
    assert.equal(r.code, 2);
    assert.match(r.err, /^tapipkt: tshark could not read the capture: /);
    // Every --decode-as is passed on, not only the last: a bad first one fails as well.
    const two = run(['import', PCAP, '--decode-as=tcp.port==x,nosuchprotocol', '--decode-as', DECODE_AS]);
    assert.equal(two.code, 2);
    assert.match(two.err, /^tapipkt: tshark could not read the capture: /);
  });
});

describe('tapipkt import without tshark', { skip: notBuilt }, () => {
  it('TAPIPKT_TSHARK pointing nowhere: exit 2, the package named, nothing written', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'tapipkt-import-')), 'out.tapipkt');
    const r = run(['import', PCAP, '-o', out], { ...process.env, TAPIPKT_TSHARK: '/nonexistent/tshark' });
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.equal(r.err.trim().split('\n').length, 1);
    assert.match(r.err, /Debian package tshark/);
    assert.equal(existsSync(out), false);
  });
  it('an empty PATH: the same', () => {
    const r = run(['import', PCAP], { PATH: '' });
    assert.equal(r.code, 2);
    assert.match(r.err, /apt-get install tshark/);
  });
  it('a missing capture: exit 2 naming it', () => {
    const r = run(['import', join(CAPTURES, 'nonexistent.pcap')]);
    assert.equal(r.code, 2);
    assert.match(r.err, /nonexistent\.pcap: cannot read it \(ENOENT\)/);
  });
  it('--help names --decode-as; import needs one CAPTURE', () => {
    assert.match(run(['import', '--help']).out, /--decode-as SPEC/);
    assert.equal(run(['import']).code, 2);
  });
});

describe('reading stubs and tshark lines (no tshark needed)', () => {
  const attach = Buffer.from(RECORD.calls[0]!.stub, 'hex');
  it('parses the stand-in\'s recorded stubs', () => {
    const a = parseAttachRequest(attach);
    assert.ok('value' in a);
    assert.deepEqual(a.value, { lProcessID: 0xffffffff, pszDomainUser: '\0', pszMachine: 'LAB-PC\0' });
    const q = parseRequestRequest(Buffer.from(RECORD.calls[1]!.stub, 'hex'));
    assert.ok('value' in q);
    assert.equal(Buffer.from(q.value.buffer).toString('hex'), RECORD.calls[1]!.buffer);
  });
  it('a truncated or malformed stub is a message, never an exception', () => {
    for (let n = 0; n < attach.length; n++) assert.ok('error' in parseAttachRequest(attach.subarray(0, n)), `${n} bytes`);
    const r = parseRequestResponse(Buffer.from('04000000010000000400000000000000000000000400000000', 'hex'));
    assert.ok('error' in r);
    assert.match(r.error, /^pBuffer: array offset 1 \(NDR sends 0 here\)$/);
  });
  it('importSessions names the frame of a stub that does not read, and skips it', () => {
    const r = importSessions('s', [{ frame: 7, opnum: 1, stub: new Uint8Array(10) }, { frame: 9, opnum: 4, stub: new Uint8Array(0) }], builtinScope(), 'x.pcap');
    assert.deepEqual(r.sessions, []);
    assert.match(r.warnings[0]!, /^frame 7: ClientRequest's arguments do not read as MS-TRP 3\.1\.4\.2/);
    assert.match(r.warnings[1]!, /^frame 9: opnum 4 is not a tapsrv method/);
  });
  it('a fault, a missing response, a buffer that reads best as no request, odd NDR counts: each said, and the text checks without error', () => {
    const q = Buffer.from(RECORD.calls[1]!.stub, 'hex'); // Initialize, 92 bytes
    const event = Buffer.from(q);
    event.writeUInt32LE(0x3000, 32); // byte 0 of the buffer: no Req_Func, reads as a response or event
    const short = Buffer.from(q);
    short.writeUInt32LE(10, 20); // max count 10 below the 92 bytes sent
    short.writeUInt32LE(10, 20 + 12 + 92); // lNeededSize 10
    const r = importSessions('s', [
      { frame: 3, opnum: 1, stub: q, response: { frame: 4, fault: 5 } },
      { frame: 5, opnum: 1, stub: event },
      { frame: 7, opnum: 1, stub: short },
    ], builtinScope(), 'x.pcap');
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(r.sessions, [{ name: 's', steps: ['initialize1', 'tapi32Msg1', 'initialize2'] }]);
    assert.match(r.text, /no ClientAttach in the capture/);
    assert.match(r.text, /^\/\/ s\.initialize1: the server answered with RPC fault 0x00000005 \(frame 4\)$/m);
    assert.match(r.text, /^\/\/ s\.tapi32Msg1: no response in the capture$/m);
    assert.match(r.text, /tapi32Msg1: TAPI32_MSG \{\n {4}Req_Func = 0x00003000/);
    assert.match(r.text, /the array holds 92 bytes, more than its max count 10; lNeededSize was 10, below the buffer's length/);
    const file = tmp('edge.tapipkt', r.text);
    if (notBuilt) return;
    const c = run(['check', file]);
    assert.equal(c.code, 0, c.err);
    const e = run(['export', file, '--format', 'json']);
    assert.equal(e.code, 0, e.err);
    const plan = JSON.parse(e.out) as { steps: { hex: string }[] };
    assert.deepEqual(plan.steps.map((x) => x.hex), [q, event, short].map((b) => b.subarray(32, 32 + 92).toString('hex')));
  });
  it('an encrypted PDU is reported by frame, not guessed at', () => {
    const warnings: string[] = [];
    const line = ['12', '0', '0', '3', '1', '3', '6', '', '', 'deadbeef', ''].join('\t');
    const r = callsOfFields(line + '\n', warnings);
    assert.equal(r.calls.length, 0);
    assert.equal(r.pdus, 1);
    assert.match(warnings[0]!, /^frame 12: encrypted DCE\/RPC/);
  });
});

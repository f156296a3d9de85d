// `tapipkt export` and `decode --reply-to`, run as a user runs them (`node dist/cli.js`, built by pretest).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { impacketMissing, runScript, startStandIn } from '../../standin/standin.js';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'dist', 'cli.js');
const FIXTURE = join(root, 'test', 'baselines', 'sessions', 'agent-session.tapipkt');

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, input, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function tmpFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tapipkt-export-'));
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe('tapipkt export', { skip: !existsSync(cli) && 'dist/cli.js is not built (npm run build)' }, () => {
  it('--format json prints the plan (the same as the baseline)', () => {
    const r = run(['export', FIXTURE, '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(JSON.parse(r.out), JSON.parse(readFileSync(FIXTURE.replace(/\.tapipkt$/, '.plan.json'), 'utf8')));
  });
  it('-o writes the file; --session picks one of several', () => {
    const text = readFileSync(FIXTURE, 'utf8');
    const src = tmpFile('two.tapipkt', text + text.replace('session agent', 'session other').replace(/\n\/\/\/ What the server[\s\S]*$/, '\n'));
    const out = join(src, '..', 'plan.json');
    const r = run(['export', src, '--session', 'other', '--format', 'json', '-o', out]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, '');
    assert.equal(JSON.parse(readFileSync(out, 'utf8')).session, 'other');
  });
  const bad: { name: string; text: string; args?: string[]; msg: RegExp }[] = [
    { name: 'several sessions without --session', text: 'SELF\nSELF_OTHER', msg: /2 sessions \(agent, other\): name one with --session NAME/ },
    { name: 'an unknown session', text: 'SELF', args: ['--session', 'nope'], msg: /no session 'nope' in the file \(sessions: agent\)/ },
    { name: 'a file with errors (a reference to a later step)', text: 'session s { a: Close { hLine = b.hLine } b: Close { hLine = 1 } }', msg: /1 error; nothing exported/ },
    { name: 'a cycle (a step reading its own reply)', text: 'session s { a: Close { hLine = a.hLine } }', msg: /1 error; nothing exported/ },
    { name: 'missing attach values', text: 'session s { attach { pszMachine = } a: Close { hLine = 1 } }', msg: /nothing exported/ },
    { name: 'a file with no session', text: 'packet p: Close { hLine = 1 }', msg: /no session/ },
  ];
  for (const c of bad) {
    it(`${c.name}: one clear line, exit 2, nothing written`, () => {
      const fixture = readFileSync(FIXTURE, 'utf8').replace(/\n\/\/\/ What the server[\s\S]*$/, '\n');
      const text = c.text.replace('SELF_OTHER', fixture.replace('session agent', 'session other')).replace('SELF', fixture);
      const src = tmpFile('bad.tapipkt', text);
      const out = join(src, '..', 'out.json');
      const r = run(['export', src, '--format', 'json', '-o', out, ...(c.args ?? [])]);
      assert.equal(r.code, 2);
      assert.equal(r.out, '');
      assert.equal(existsSync(out), false);
      const lines = r.err.trim().split('\n');
      assert.match(lines[lines.length - 1]!, c.msg);
    });
  }
  it('the errors of the file are listed before the last line, with their codes', () => {
    const src = tmpFile('bad.tapipkt', 'session s {\n  a: Close { hLine = b.hLine }\n  b: Close { hLine = 1 }\n}\n');
    const r = run(['export', src, '--format', 'json']);
    assert.match(r.err, /bad\.tapipkt:2:22: error: .*later.*\[TP1403\]/);
  });
  it('needs --format, and only json', () => {
    assert.match(run(['export', FIXTURE]).err, /export needs --format/);
    assert.equal(run(['export', FIXTURE, '--format', 'c']).code, 2);
  });
});

describe('tapipkt decode --reply-to', { skip: !existsSync(cli) && 'dist/cli.js is not built (npm run build)' }, () => {
  // Initialize as sent, then as the server returns it: Ack_ReturnValue 0, hLineApp 0x00010005, dwNumDevs 2.
  const plan = JSON.parse(readFileSync(FIXTURE.replace(/\.tapipkt$/, '.plan.json'), 'utf8')) as { steps: { hex: string }[] };
  const sent = plan.steps[0]!.hex;
  const reply = '00000000' + sent.slice(8, 16) + '05000100' + sent.slice(24, 48) + '02000000' + sent.slice(56);

  it('prints the request layout with Ack_ReturnValue named and no warnings about the filled-in fields', () => {
    const r = run(['decode', '--hex', reply, '--reply-to', 'Initialize']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^\/\/ reply to Initialize: Ack_ReturnValue = 0x00000000 \(success\)/);
    assert.match(r.out, /filled in by the server: hLineApp, dwNumDevs/);
    assert.match(r.out, /hLineApp = 0x00010005/);
    assert.doesNotMatch(r.err, /TP3002/);
  });
  it('round-trips: text and JSON encode back to the same bytes', () => {
    const t = run(['decode', '--hex', reply, '--reply-to', 'Initialize']);
    assert.equal(run(['encode', tmpFile('r.tapipkt', t.out)]).out, reply + '\n');
    const j = run(['decode', '--hex', reply, '--reply-to', 'Initialize', '--format', 'json']);
    assert.deepEqual(JSON.parse(j.out).reply, { to: 'Initialize', Ack_ReturnValue: 0 });
    assert.equal(run(['encode', '--json', '-'], j.out).out, reply + '\n');
  });
  it('names an error return value', () => {
    const r = run(['decode', '--hex', '48000080' + reply.slice(8), '--reply-to', 'Initialize']);
    assert.match(r.out, /Ack_ReturnValue = 0x80000048 \(LINEERR_/);
  });
  it('GetAsyncEvents: the events in VarData as a list (text: commented packets; json: "events"), the reply itself still lossless', () => {
    const ev = '340000000100000000000000000000000c0000000000000005000000000000000900030077000000000000000000000000000000' + '28000000000000000000000009000300020000000000000004000000000000000000000000000000';
    const fixed = '00000000' + '00000000' + '00010000' + '5c000000' + '5c000000' + '00000000'.repeat(10);
    const hex = fixed + ev;
    const t = run(['decode', '--hex', hex, '--reply-to', 'GetAsyncEvents']);
    assert.equal(t.code, 0, t.err);
    assert.match(t.out, /\/\/ 2 events in VarData:\n\/\/ event 1 at byte 60 \(52 bytes\)/);
    assert.match(t.out, /\/\/ packet event2: LINE_CALLSTATE \{\n\/\/   InitContext = 0/);
    assert.equal(run(['encode', tmpFile('e.tapipkt', t.out)]).out, hex + '\n');
    const j = JSON.parse(run(['decode', '--hex', hex, '--reply-to', 'GetAsyncEvents', '--format', 'json']).out);
    assert.deepEqual(j.events.map((e: { at: number; event: { packet: string } }) => [e.at, e.event.packet]), [[60, 'MakeCallReply'], [112, 'LINE_CALLSTATE']]);
  });
  it('--jsonl: one reply buffer per line, each line what --format json prints for it; all or nothing', () => {
    const error = '48000080' + reply.slice(8);
    const r = run(['decode', '--jsonl', '--reply-to', 'Initialize'], `${reply}\n\n${error}\n`);
    assert.equal(r.code, 0, r.err);
    const one = (hex: string): string => run(['decode', '--hex', hex, '--reply-to', 'Initialize', '--format', 'json']).out;
    assert.equal(r.out, one(reply) + one(error));
    assert.deepEqual(r.out.trim().split('\n').map((l) => JSON.parse(l).reply.Ack_ReturnValue), [0, 0x80000048]);
    // Each line encodes back to its buffer.
    assert.equal(run(['encode', '--jsonl'], r.out).out, `${reply}\n${error}\n`);
    // A bad line: nothing on stdout, the line named.
    const bad = run(['decode', '--jsonl', '--reply-to', 'Initialize'], `${reply}\nzz\n`);
    assert.equal(bad.code, 2);
    assert.equal(bad.out, '');
    assert.match(bad.err, /<stdin>:2/);
    // A name that is not a request fails before reading a line.
    const nope = run(['decode', '--jsonl', '--reply-to', 'LINEFORWARD'], '');
    assert.equal(nope.code, 2);
    assert.match(nope.err, /--reply-to: LINEFORWARD is a structure: a reply answers a request/);
    assert.equal(run(['decode', '--jsonl', '--reply-to', 'Nope'], '').code, 2);
  });
  it('bad use: --as with --reply-to, an unknown layout', () => {
    assert.equal(run(['decode', '--hex', reply, '--reply-to', 'Initialize', '--as', 'Open']).code, 2);
    const r = run(['decode', '--hex', reply, '--reply-to', 'Nope']);
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.match(r.err, /unknown packet 'Nope'/);
  });
});

describe('tapipkt export --format impacket', { skip: !existsSync(cli) && 'dist/cli.js is not built (npm run build)' }, () => {
  it('writes the standalone client for the session; errors write nothing', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'tapipkt-impacket-')), 'poc.py');
    const r = run(['export', FIXTURE, '--format', 'impacket', '-o', out]);
    assert.equal(r.code, 0, r.err);
    const py = readFileSync(out, 'utf8');
    assert.match(py, /^#!\/usr\/bin\/env python3\n/);
    assert.match(py, /'session': 'agent'/);
    assert.match(py, /\{'at': 8, 'from': \{'step': 'init', 'at': 8\}\}/);
    const bad = tmpFile('bad.tapipkt', 'session s { a: Close { hLine = a.hLine } }');
    const out2 = join(bad, '..', 'poc.py');
    const b = run(['export', bad, '--format', 'impacket', '-o', out2]);
    assert.equal(b.code, 2);
    assert.equal(existsSync(out2), false);
  });
});

describe('an exported client without attach values, run against the stand-in', () => {
  const skip = impacketMissing();
  it('sends lProcessID 0xFFFFFFFF, pszDomainUser "" and this machine\'s name as pszMachine', { skip: skip ?? (!existsSync(cli) && 'dist/cli.js is not built') }, async () => {
    const src = tmpFile('noattach.tapipkt', 'session s {\n  init: Initialize { dwFriendlyNameOffset = "x" dwModuleNameOffset = "x" }\n}\n');
    const script = join(src, '..', 'poc.py');
    assert.equal(run(['export', src, '--format', 'impacket', '-o', script]).code, 0);
    const standin = await startStandIn();
    try {
      const r = await runScript(script, [standin.target]);
      assert.equal(r.code, 0, r.err);
      const attach = standin.calls()[0]!;
      assert.equal(attach.opnum, 0);
      assert.equal(attach.lProcessID, 0xffffffff);
      assert.equal((attach.pszDomainUser as { text: string }).text, '\0');
      assert.equal((attach.pszMachine as { text: string }).text, hostname() + '\0');
    } finally {
      standin.stop();
    }
  });
});

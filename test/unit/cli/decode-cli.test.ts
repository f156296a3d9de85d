// `tapipkt decode` as a user runs it (`node dist/cli.js`, built by pretest): the README's decode
// example verbatim, where the bytes come from (--hex, --hex -, --hex @FILE, FILE of hex text),
// --offsets, and what stderr says about the layout chosen (issue 11).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'dist', 'cli.js');
const WORKED = '93000000000000000000000034120000020001000700000000000000000000000c00000010000000420000000000000000000000000000000000000034003700310031000000000040fc296b47ca6710b31d00dd010662da';
const MAKE_CALL_REPLY = '340000000000000000000000000000000c0000000000000005000000000000000100020000000000000000000000000000000000';

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, input, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Encodes a .tapipkt text through the CLI: its hex. */
function encodeText(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tapipkt-dec-'));
  writeFileSync(join(dir, 'd.tapipkt'), text);
  const e = run(['encode', join(dir, 'd.tapipkt')]);
  assert.equal(e.code, 0, e.err);
  return e.out.trim();
}

describe('tapipkt decode', { skip: !existsSync(cli) && 'dist/cli.js is not built (npm run build)' }, () => {
  it('the README decode example prints exactly what the README shows, stdout and stderr', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const m = /```\n\$ tapipkt decode --hex ([0-9a-f]+)\n([\s\S]*?)```\n\(and on stderr: `([^`]+)`\)/.exec(readme);
    assert.ok(m, 'the README has a decode example with its stderr line');
    const r = run(['decode', '--hex', m[1]!]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, m[2]);
    assert.equal(r.err, m[3] + '\n');
  });

  it('--offsets: a comment per field, and the output still encodes to the same bytes', () => {
    const r = run(['decode', '--offsets', '--hex', WORKED]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /\n {2}hAgent = 7 {2}\/\/ @20, 4 B\n/);
    assert.equal(encodeText(r.out), WORKED);
    const j = run(['decode', '--offsets', '--format', 'json', '--hex', WORKED]);
    assert.equal(j.code, 2);
    assert.equal(j.out, '');
    assert.match(j.err, /^tapipkt: --offsets .*json\n$/);
  });

  it('--hex - reads the hex from stdin, --hex @FILE from a file; a missing file is one clear line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tapipkt-dec-'));
    writeFileSync(join(dir, 'p.hex'), `${WORKED.slice(0, 40)}\n${WORKED.slice(40)}\n`);
    const want = run(['decode', '--hex', WORKED, '--format', 'json']).out;
    const a = run(['decode', '--hex', '-', '--format', 'json'], ` ${WORKED}\n`);
    assert.equal(a.code, 0, a.err);
    assert.equal(a.out, want);
    assert.match(a.err, /^<stdin>:1:1: info: decoded 88 bytes as CreateAgentSession/);
    const b = run(['decode', '--hex', `@${join(dir, 'p.hex')}`, '--format', 'json']);
    assert.equal(b.code, 0, b.err);
    assert.equal(b.out, want);
    const c = run(['decode', '--hex', `@${join(dir, 'nope.hex')}`]);
    assert.equal(c.code, 2);
    assert.equal(c.out, '');
    assert.match(c.err, /^tapipkt: cannot read .*nope\.hex: no such file\n$/);
    const d = run(['decode', '--hex', '-'], 'zz');
    assert.equal(d.code, 2);
    assert.match(d.err, /^tapipkt: <stdin>: bad hex digit 'z'\n$/);
  });

  it('decode FILE: a file of hex text is read as hex, and stderr says so; a binary file as bytes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tapipkt-dec-'));
    const want = run(['decode', '--hex', WORKED]).out;
    writeFileSync(join(dir, 'p.hex'), WORKED + '\n');
    writeFileSync(join(dir, 'p.bin'), Buffer.from(WORKED, 'hex'));
    const t = run(['decode', join(dir, 'p.hex')]);
    assert.equal(t.code, 0, t.err);
    assert.equal(t.out, want);
    assert.match(t.err, /p\.hex:1:1: info: .*p\.hex holds hex text, not binary: decoded the 88 bytes it spells/);
    const b = run(['decode', join(dir, 'p.bin')]);
    assert.equal(b.code, 0, b.err);
    assert.equal(b.out, want);
    assert.doesNotMatch(b.err, /hex text/);
  });

  it('Msg 0x0C: the layout that fits is chosen, and stderr names the others and --as', () => {
    const r = run(['decode', '--hex', MAKE_CALL_REPLY]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^packet decoded: MakeCallReply \{\n/);
    assert.match(r.out, /\n {2}hCall = 0x00020001\n/);
    assert.match(r.err, /info: decoded 52 bytes as MakeCallReply: TotalSize = 52 and Msg = 0x0C: MakeCallReply fits best/);
    assert.match(r.err, /info: 6 other layouts fit these bytes as well: .*PickUpReply.*; to read the bytes as one of them, name it: --as NAME \(decode NAME \{ ... \} in a .tapipkt file\) \[TP2106\]/);
    const p = run(['decode', '--hex', MAKE_CALL_REPLY, '--as', 'PickUpReply']);
    assert.match(p.out, /^packet decoded: PickUpReply \{\n/);
    assert.equal(encodeText(p.out), MAKE_CALL_REPLY);
  });

  it('a TotalSize that disagrees with the length is a warning with a code', () => {
    const r = run(['decode', '--hex', 'ff' + MAKE_CALL_REPLY.slice(2)]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /warning: Totalsize: Totalsize = 255 disagrees with the length of the packet \(52 bytes\).* \[TP3001\]/);
    assert.equal(encodeText(r.out), 'ff' + MAKE_CALL_REPLY.slice(2));
  });

  it('bytes that no request layout holds still decode (issue 11: TotalSize 40 read as Req_Func 40)', () => {
    const hex = '28000000110000000000000000000000ee0000000000000005000000320000800000000000000000';
    const r = run(['decode', '--hex', hex]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^packet decoded: ASYNCEVENTMSG \{\n/);
    assert.equal(encodeText(r.out), hex);
  });
});

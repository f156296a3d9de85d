// The CLI contract of DESIGN.md, run as a user runs it: `node dist/cli.js ...` (built by pretest).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'dist', 'cli.js');
const WORKED = '93000000000000000000000034120000020001000700000000000000000000000c00000010000000420000000000000000000000000000000000000034003700310031000000000040fc296b47ca6710b31d00dd010662da';

/** The hex of a CreateAgentSession request with these fields (encode --json -). */
function encodeJsonLine(fields: Record<string, unknown>): string {
  const r = run(['encode', '--json', '-'], JSON.stringify({ packet: 'CreateAgentSession', fields }));
  assert.equal(r.code, 0, r.err);
  return r.out.trim();
}

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, input, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('tapipkt CLI', { skip: !existsSync(cli) && 'dist/cli.js is not built (npm run build)' }, () => {
  it('encode prints the worked example', () => {
    const r = run(['encode', 'examples/create-agent-session.tapipkt']);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, WORKED + '\n');
  });
  it('decode --hex prints text that encodes back to the same bytes', () => {
    const d = run(['decode', '--hex', WORKED]);
    assert.equal(d.code, 0, d.err);
    assert.match(d.out, /packet decoded: CreateAgentSession/);
    assert.match(d.err, /info: decoded 88 bytes as CreateAgentSession/);
    const dir = mkdtempSync(join(tmpdir(), 'tapipkt-'));
    writeFileSync(join(dir, 'd.tapipkt'), d.out);
    assert.equal(run(['encode', join(dir, 'd.tapipkt')]).out, WORKED + '\n');
  });
  it('decode --format json then encode --json - reproduces the bytes', () => {
    const d = run(['decode', '--hex', WORKED, '--format', 'json']);
    const e = run(['encode', '--json', '-'], d.out);
    assert.equal(e.code, 0, e.err);
    assert.equal(e.out, WORKED + '\n');
  });
  it('encode --jsonl: one hex line per request', () => {
    const req = JSON.stringify({ packet: 'CreateAgentSession', fields: { lpszAgentPIN: '4711', lpGroupID: '{6B29FC40-CA47-1067-B31D-00DD010662DA}', lpContext: '0x1234', hLine: 65538, hAgent: 7, lphAgentSessionContext: 66 } });
    const r = run(['encode', '--jsonl'], `${req}\n\n${req}\n`);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, `${WORKED}\n${WORKED}\n`);
  });
  it('batch output larger than memory spool (spilled to a file) arrives whole; a bad last line still leaves stdout empty', () => {
    const many = `${WORKED}\n`.repeat(60000);
    const env = { ...process.env, TAPIPKT_SPOOL_BYTES: String(1 << 20) }; // 20 MB of output: spills
    const r = spawnSync(process.execPath, [cli, 'decode', '--jsonl'], { cwd: root, env, input: many, encoding: 'utf8', maxBuffer: 1 << 26 });
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.equal(lines.length, 60001);
    assert.equal(JSON.parse(lines[59999]!).packet, 'CreateAgentSession');
    const bad = spawnSync(process.execPath, [cli, 'decode', '--jsonl'], { cwd: root, env, input: many + 'zz\n', encoding: 'utf8', maxBuffer: 1 << 26 });
    assert.equal(bad.status, 2);
    assert.equal(bad.stdout, '');
    assert.match(bad.stderr, /<stdin>:60001: /);
  });
  it('decode --jsonl gives what the library gives for each line: separators, CRLF, case, blank lines, odd packets', () => {
    const nonCanonical = WORKED.slice(0, 140) + 'ff' + WORKED.slice(142); // a non-zero pad byte: the general path
    const reply = '28000000' + '00'.repeat(12) + '0c000000' + '00'.repeat(20); // a LINE_REPLY-shaped response
    const pin = encodeJsonLine({ lpszAgentPIN: 'a"b\\c\u0001\ud800\u00e9', lpGroupID: '{6B29FC40-CA47-1067-B31D-00DD010662DA}' });
    const input = [WORKED, '  ' + WORKED.toUpperCase() + '\r', '', '   ', '\u00a0', WORKED.replace(/(..)/g, '$1 ').trim(), '0x' + WORKED.slice(0, 8) + ',' + WORKED.slice(8), nonCanonical, reply, pin].join('\n');
    const r = run(['decode', '--jsonl'], input);
    assert.equal(r.code, 0, r.err);
    const lib = require(join(root, 'dist', 'lib.js')) as { decodeBytes(b: Uint8Array): unknown; parseHex(t: string): { bytes: Uint8Array } };
    const want = input.split('\n').map((l) => l.trim()).filter((l) => l !== '').map((l) => JSON.stringify(lib.decodeBytes(lib.parseHex(l).bytes)) + '\n').join('');
    assert.equal(r.out, want);
    assert.equal(r.out.split('\n').length, 7 + 1); // seven packets, three blank lines
  });
  it('decode --jsonl: a bad line names its number, however the line is read', () => {
    for (const bad of ['zz', '93 0', WORKED.slice(0, 60)]) { // 30 bytes: under 40, no layout holds them
      const r = run(['decode', '--jsonl'], `${WORKED}\n\n${bad}\n`);
      assert.equal(r.code, 2, bad);
      assert.equal(r.out, '');
      assert.match(r.err, /<stdin>:3: /);
    }
  });
  it('decode --jsonl: one JSON line per hex line', () => {
    const r = run(['decode', '--jsonl'], `${WORKED}\n${WORKED}\n`);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.length, 2);
    assert.equal(lines[0].packet, 'CreateAgentSession');
  });
  const formats: [string, RegExp][] = [
    ['c', /unsigned char supportLogin\[88\] = \{\n    0x93, 0x00/],
    ['python', /supportLogin = bytes\.fromhex\(\n    "930000/],
    ['json', /^\{"packet":"CreateAgentSession","fields":\{/],
  ];
  for (const [f, re] of formats) {
    it(`encode --format ${f}`, () => {
      const r = run(['encode', 'examples/create-agent-session.tapipkt', '--format', f]);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, re);
    });
  }
  it('encode -o writes the exact bytes (bin)', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'tapipkt-')), 'p.bin');
    const r = run(['encode', 'examples/create-agent-session.tapipkt', '--format', 'bin', '-o', out]);
    assert.equal(r.code, 0, r.err);
    assert.equal(readFileSync(out).toString('hex'), WORKED);
  });
  it('warnings go to stderr in the check format and encoding still succeeds', () => {
    const req = JSON.stringify({ packet: 'CreateAgentSession', fields: { lpGroupID: '{6B29FC40-CA47-1067-B31D-00DD010662DA}', lpszAgentPIN: null, dwSize: { raw: 8 }, Reserved1: { raw: 1 } } });
    const r = run(['encode', '--json', '-'], req);
    assert.equal(r.code, 0);
    assert.match(r.out, /^[0-9a-f]+\n$/);
    assert.match(r.err, /^<stdin>:1:1: warning: .*\[TP3008\]$/m);
    assert.match(r.err, /^<stdin>:1:1: warning: .*\[TP3003\]$/m);
  });
  const bad: [string, string[], string | undefined, RegExp][] = [
    ['bad JSON', ['encode', '--json', '-'], '{', /bad JSON/],
    ['unknown packet', ['encode', '--json', '-'], '{"packet":"Nope"}', /unknown packet 'Nope'/],
    ['unknown field', ['encode', '--json', '-'], '{"packet":"Close","fields":{"hLien":1}}', /hLien/],
    ['value out of range', ['encode', '--json', '-'], '{"packet":"Close","fields":{"hLine":4294967296}}', /hLine.*does not fit in 32 bits/],
    ['bad GUID', ['encode', '--json', '-'], '{"packet":"CreateAgentSession","fields":{"lpGroupID":"{nope}"}}', /lpGroupID/],
    ['bad hex', ['decode', '--hex', 'zz'], undefined, /bad hex digit/],
    ['bad jsonl line names its line', ['encode', '--jsonl'], '{"packet":"Close"}\n{"packet":"Close","fields":{"x":1}}\n', /<stdin>:2:/],
    ['unknown command', ['frobnicate'], undefined, /unknown command/],
    ['unknown option', ['encode', '--fromat', 'hex'], undefined, /unknown option --fromat/],
    ['a file with errors', ['encode', 'test/baselines/check/errors.tapipkt'], undefined, /error/],
    ['missing file', ['check', 'no/such.tapipkt'], undefined, /cannot read no\/such\.tapipkt/],
  ];
  for (const [name, args, input, re] of bad) {
    it(`bad input: ${name} -> exit 2, one clear line, nothing on stdout`, () => {
      const r = run(args, input);
      assert.equal(r.code, 2, r.err);
      assert.equal(r.out, '');
      assert.match(r.err, re);
      assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
    });
  }
  it('check: exit 1 and check-format lines on errors; exit 0 on a clean file', () => {
    const r = run(['check', 'test/baselines/check/errors.tapipkt']);
    assert.equal(r.code, 1);
    assert.match(r.err, /^test\/baselines\/check\/errors\.tapipkt:\d+:\d+: error: .* \[TP\d{4}\]$/m);
    assert.equal(run(['check', 'examples/create-agent-session.tapipkt']).code, 0);
  });
  it('catalog --json follows the contract', () => {
    const r = run(['catalog', '--json']);
    const all = JSON.parse(r.out) as { name: string; kind: string; section: string; reqFunc?: number; fixedSize: number; fields: { name: string; offset: number; size: number; type: string }[] }[];
    const cas = all.find((x) => x.name === 'CreateAgentSession')!;
    assert.equal(cas.kind, 'request');
    assert.equal(cas.reqFunc, 147);
    assert.equal(cas.section, '2.2.4.1.3.11');
    assert.equal(cas.fixedSize, 60);
    // The contract's keys and values; the keys added after them (declared, rules, ...) are tested in newcomer.test.ts.
    const { name, offset, size, type } = cas.fields[8]!;
    assert.deepEqual({ name, offset, size, type }, { name: 'lpGroupID', offset: 32, size: 4, type: 'offset<guid> size dwSize' });
    const consts = JSON.parse(run(['catalog', '--constants', '--json']).out) as { table: string; name: string; value: number }[];
    assert.deepEqual(consts.find((c) => c.name === 'LINEERR_INVALPARAM'), { table: 'LINEERR_Constants', section: '2.2.3.1.38', name: 'LINEERR_INVALPARAM', value: 0x80000032 });
  });
  for (const cmd of ['check', 'encode', 'decode', 'catalog']) {
    it(`${cmd} --help`, () => {
      const r = run([cmd, '--help']);
      assert.equal(r.code, 0);
      assert.match(r.out, new RegExp(`usage: tapipkt ${cmd}`));
    });
  }
});

describe('tapipkt CLI imports', { skip: !existsSync(cli) && 'dist/cli.js is not built (npm run build)' }, () => {
  it('imports inside the folder work; a symbolic link out of it is refused', () => {
    const { symlinkSync, mkdirSync } = require('node:fs') as typeof import('node:fs');
    const dir = mkdtempSync(join(tmpdir(), 'tapipkt-imp-'));
    const outside = mkdtempSync(join(tmpdir(), 'tapipkt-out-'));
    mkdirSync(join(dir, 'ws'));
    writeFileSync(join(dir, 'ws', 'defs.tapipkt'), 'request Mine = 300 { a: u32 Reserved2..Reserved13: ignored }\n');
    writeFileSync(join(outside, 'secret.tapipkt'), 'request Secret = 301 { a: u32 Reserved2..Reserved13: ignored }\n');
    symlinkSync(join(outside, 'secret.tapipkt'), join(dir, 'ws', 'link.tapipkt'));
    writeFileSync(join(dir, 'ws', 'main.tapipkt'), 'import "defs.tapipkt"\nimport "link.tapipkt"\npacket p: Mine { a = 1 }\n');
    const r = spawnSync(process.execPath, [cli, 'check', 'main.tapipkt'], { cwd: join(dir, 'ws'), encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /main\.tapipkt:2:8: error: cannot read 'link\.tapipkt' \[TP1201\]/);
    assert.doesNotMatch(r.stderr, /defs\.tapipkt/);
  });
});

// `tapipkt mutate` as a user runs it (`node dist/cli.js`, built by pretest): JSON lines with the
// contract's keys, each request encoding to its hex; seeds and shards; bad input exits 2 with
// nothing on stdout; a long run streams within a small, fixed amount of memory.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'dist', 'cli.js');
const EXAMPLE = 'examples/create-agent-session.tapipkt';

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, input, encoding: 'utf8', maxBuffer: 1 << 28 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

interface Line {
  hex: string;
  request: unknown;
  mode: string;
  mutation: { field: string; rule?: string; what: string };
}
const lines = (out: string): Line[] => out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);

describe('tapipkt mutate', { skip: !existsSync(cli) && 'dist/cli.js is not built (npm run build)' }, () => {
  it('prints one JSON line per mutant, whose request encodes to its hex', () => {
    for (const mode of ['valid', 'break', 'raw']) {
      const r = run(['mutate', EXAMPLE, '--mode', mode, '--count', '20', '--seed', '7']);
      assert.equal(r.code, 0, r.err);
      const ls = lines(r.out);
      assert.equal(ls.length, 20, mode);
      const enc = run(['encode', '--jsonl'], ls.map((l) => JSON.stringify(l.request)).join('\n') + '\n');
      assert.equal(enc.code, 0, enc.err);
      assert.deepEqual(enc.out.trim().split('\n'), ls.map((l) => l.hex), mode);
      for (const l of ls) {
        assert.deepEqual(Object.keys(l), ['hex', 'request', 'mode', 'mutation']);
        assert.equal(l.mode, mode);
        assert.equal(typeof l.mutation.what, 'string');
        assert.equal(l.mutation.rule !== undefined, mode === 'break');
      }
    }
  });

  it('break mode names each rule of CreateAgentSession in turn', () => {
    const r = run(['mutate', EXAMPLE, '--mode', 'break', '--count', '8']);
    assert.equal(r.code, 0, r.err);
    const rules = lines(r.out).map((l) => `${l.mutation.field} ${l.mutation.rule}`);
    assert.deepEqual(rules, ['Reserved1 TP3003', 'lpszAgentPIN TP3004', 'lpszAgentPIN TP3005', 'lpszAgentPIN TP3006', 'lpGroupID TP3004', 'lpGroupID TP3005', 'lpGroupID TP3007', 'lpGroupID TP3011']);
    // The rule table has no way to break dwSize's minimum alone (a size below 16 disagrees with the
    // 16-byte GUID it measures): the run says it leaves it out.
    assert.match(r.err, /info: dwSize at least 16 \[TP3008\] cannot be broken alone/);
  });

  it('same seed, same output; shards K/N are disjoint and make the whole run', () => {
    const all = run(['mutate', EXAMPLE, '--mode', 'valid', '--count', '30', '--seed', '5']);
    assert.equal(all.out, run(['mutate', EXAMPLE, '--mode', 'valid', '--count', '30', '--seed', '5']).out);
    assert.notEqual(all.out, run(['mutate', EXAMPLE, '--mode', 'valid', '--count', '30', '--seed', '6']).out);
    const want = all.out.trim().split('\n');
    const parts = [1, 2, 3].map((k) => run(['mutate', EXAMPLE, '--mode', 'valid', '--count', '30', '--seed', '5', '--shard', `${k}/3`]).out.trim().split('\n'));
    for (const [k, p] of parts.entries()) assert.deepEqual(p, want.filter((_l, i) => i % 3 === k));
  });

  it('reads a JSON request from stdin', () => {
    const req = { packet: 'CreateAgentSession', fields: { lpGroupID: '{6B29FC40-CA47-1067-B31D-00DD010662DA}' } };
    const r = run(['mutate', '--json', '-', '--mode', 'raw', '--count', '3'], JSON.stringify(req));
    assert.equal(r.code, 0, r.err);
    assert.equal(lines(r.out).length, 3);
  });

  it('--step mutates a step of a session', () => {
    const r = run(['mutate', 'examples/sessions/agent-session.tapipkt', '--step', 'agent', '--mode', 'break', '--count', '8']);
    assert.equal(r.code, 0, r.err);
    const ls = lines(r.out);
    assert.equal(ls.length, 8);
    for (const l of ls) assert.equal((l.request as { packet: string }).packet, 'CreateAgentSession');
    const bad = run(['mutate', 'examples/sessions/agent-session.tapipkt', '--step', 'nope', '--mode', 'valid']);
    assert.equal(bad.code, 2);
    assert.equal(bad.out, '');
    assert.match(bad.err, /has no step 'nope' \(steps: init, open, agent\)/);
  });

  it('bad input: one line on stderr, exit 2, nothing on stdout', () => {
    const cases: [string[], string | undefined, RegExp][] = [
      [['mutate', EXAMPLE], undefined, /needs --mode/],
      [['mutate', EXAMPLE, '--mode', 'wild'], undefined, /--mode must be one of valid, break, raw/],
      [['mutate', EXAMPLE, '--mode', 'valid', '--shard', '3/2'], undefined, /--shard must be K\/N/],
      [['mutate', EXAMPLE, '--mode', 'valid', '--count', 'x'], undefined, /--count must be a whole number/],
      [['mutate', EXAMPLE, '--mode', 'valid', '--seed', '4294967296'], undefined, /--seed must be a whole number/],
      [['mutate', EXAMPLE, '--mode', 'valid', '--packet', 'nope'], undefined, /no packet named 'nope'/],
      [['mutate', '--json', '-', '--mode', 'valid'], '{"packet":', /bad JSON/],
      [['mutate', '--json', '-', '--mode', 'break'], '{"packet":"CreateAgentSession","fields":{"lpGroupID":null}}', /already breaks one: .*\[TP30(11|08)\]/],
    ];
    for (const [args, input, msg] of cases) {
      const r = run(args, input);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.out, '', args.join(' '));
      assert.match(r.err.trim().split('\n').pop()!, msg);
    }
  });

  it('streams: 200,000 mutants with a peak RSS well under 200 MB', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tapipkt-mutate-'));
    const rss = join(dir, 'rss');
    const r = spawnSync('sh', ['-c', `"${process.execPath}" -r "${join(root, 'bench', 'maxrss.cjs')}" "${cli}" mutate ${EXAMPLE} --mode valid --count 200000 | wc -l`], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, TAPIPKT_MAXRSS_FILE: rss },
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), '200000');
    const kb = Number(readFileSync(rss, 'utf8'));
    rmSync(dir, { recursive: true, force: true });
    assert.ok(kb / 1024 < 200, `peak RSS ${kb / 1024} MB`);
  });
});

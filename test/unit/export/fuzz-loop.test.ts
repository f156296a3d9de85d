// The fuzz loop of an exported impacket client (issue 16, sessions): `tapipkt mutate --step`
// writes mutants of one step, `tapipkt export --mutants` makes the script send each of them in
// that step's place after the steps before it, against the tapsrv stand-in. What arrives must be
// each mutant's bytes with the bound handles patched in (unless the mutant changed that field);
// a server that stops answering ends the run with exit 1, the step named, and the case saved.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { builtinScope } from '../../../src/catalog/index.js';
import { impacketMissing, type RecordedCall, runScript, startStandIn } from '../../standin/standin.js';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'dist', 'cli.js');
const SESSION = join(root, 'test', 'baselines', 'sessions', 'agent-session.tapipkt');

function tapipkt(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

function handleAt(layout: string, field: string): { spec: string; at: number } {
  const L = builtinScope().layout(layout)!;
  const f = L.fields.find((x) => x.name === field)!;
  return { spec: `${L.reqFunc}:${f.offset}`, at: f.offset };
}

const missing = impacketMissing();
const skip = (missing && process.env.CI !== 'true' ? missing : false) || (!existsSync(cli) && 'dist/cli.js is not built (npm run build)');

describe('fuzz loop: mutants of a session step sent by the exported client', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'tapipkt-fuzz-'));
  const mutants = join(dir, 'create.jsonl');
  const script = join(dir, 'poc.py');
  const hLine = handleAt('Open', 'hLine');
  const hLineInCreate = builtinScope().layout('CreateAgentSession')!.fields.find((f) => f.name === 'hLine')!.offset;

  it('export --mutants checks the step and the file before writing anything', () => {
    const m = tapipkt(['mutate', SESSION, '--step', 'create', '--mode', 'break', '--count', '6', '--seed', '7']);
    assert.equal(m.code, 0, m.err);
    writeFileSync(mutants, m.out);
    const badStep = tapipkt(['export', SESSION, '--format', 'impacket', '--mutants', mutants, '--step', 'nope', '-o', script]);
    assert.equal(badStep.code, 2);
    assert.match(badStep.err, /--step "nope": session agent has no such step/);
    const notMutants = join(dir, 'not.jsonl');
    writeFileSync(notMutants, 'hello\n');
    const bad = tapipkt(['export', SESSION, '--format', 'impacket', '--mutants', notMutants, '-o', script]);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /line 1 is not a line of tapipkt mutate/);
    assert.equal(tapipkt(['export', SESSION, '--format', 'json', '--mutants', mutants]).code, 2, 'json plans run no loop');
    assert.ok(!existsSync(script), 'nothing written');
  });

  it('sends every mutant in place of the step, bound handles patched in, and exits 0', async () => {
    const e = tapipkt(['export', SESSION, '--format', 'impacket', '--mutants', mutants, '--step', 'create', '-o', script]);
    assert.equal(e.code, 0, e.err);
    const standin = await startStandIn({ handles: [handleAt('Initialize', 'hLineApp').spec, hLine.spec] });
    try {
      const r = await runScript(script, [standin.target, '--json']);
      assert.equal(r.code, 0, r.err);
      const doc = JSON.parse(r.out) as { fuzz: { sent: number; answered: number; stoppedAt: number | null } };
      const lines = readFileSync(mutants, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { hex: string; mutation: { field: string } });
      assert.equal(doc.fuzz.sent, lines.length);
      assert.equal(doc.fuzz.stoppedAt, null);
      const requests = standin.calls().filter((c: RecordedCall) => c.opnum === 1);
      // init, open, then one ClientRequest per mutant; the step itself is not also sent.
      assert.equal(requests.length, 2 + lines.length);
      const openReply = requests[1]!.answer as { filled: { at: number; value: number }[] };
      const handle = openReply.filled.find((x) => x.at === hLine.at)!.value;
      lines.forEach((m, i) => {
        const got = Buffer.from(requests[2 + i]!.buffer as string, 'hex');
        const want = Buffer.from(m.hex, 'hex');
        if (m.mutation.field !== 'hLine') want.writeUInt32LE(handle, hLineInCreate);
        assert.equal(got.toString('hex'), want.toString('hex'), `mutant ${i + 1} (${m.mutation.field})`);
        assert.equal(requests[2 + i]!.plUsedSize, want.length);
      });
      assert.equal(standin.calls().at(-1)!.opnum, 2, 'detached after the loop');
    } finally {
      standin.stop();
    }
  });

  it('a server that stops answering: exit 1 naming the step and the mutant, the case saved', async () => {
    const last = join(dir, 'last-case.json');
    const standin = await startStandIn({ handles: [handleAt('Initialize', 'hLineApp').spec, hLine.spec], dieAt: 4 });
    try {
      const r = await runScript(script, [standin.target, '--last-case', last, '--timeout', '5']);
      assert.equal(r.code, 1, r.out + r.err);
      assert.match(r.err, /step "create" failed: the server stopped answering at mutant line 2 of/);
      const saved = JSON.parse(readFileSync(last, 'utf8')) as { step: string; line: number; sent: string; mutant: { hex: string } };
      assert.equal(saved.step, 'create');
      assert.equal(saved.line, 2);
      const died = standin.calls().filter((c) => c.opnum === 1).at(-1)!;
      assert.equal(saved.sent, died.buffer, 'the saved case is what the server received last');
    } finally {
      standin.stop();
    }
  });
});

// The real CLI process (dist/cli.js; `npm test` builds it first) on a sample of bad JSON and hex:
// exit 2, nothing on stdout, exactly one line on stderr, never a stack trace or "internal error".
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { jsonText } from '../../fuzz/gen-json.js';

const CLI = join(__dirname, '..', '..', '..', 'dist', 'cli.js');

function cli(args: string[], input: string) {
  return spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8', timeout: 20_000, maxBuffer: 64 << 20 });
}

function assertUsageFailure(r: ReturnType<typeof cli>, what: string): void {
  assert.equal(r.status, 2, `${what}: exit ${r.status}, stderr ${r.stderr.slice(0, 300)}`);
  assert.equal(r.stdout, '', `${what}: stdout not empty`);
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  assert.equal(lines.length, 1, `${what}: ${lines.length} stderr lines: ${r.stderr.slice(0, 500)}`);
  assert.match(lines[0]!, /^tapipkt: /);
  assert.doesNotMatch(lines[0]!, /internal error|\bat \w+ \(|TypeError|RangeError/);
  assert.ok(lines[0]!.length < 1000, `${what}: a ${lines[0]!.length}-character line`);
}

const BAD: [string, string][] = [
  ['not JSON', '{"packet":'],
  ['not an object', '[1,2,3]'],
  ['unknown packet', '{"packet":"NoSuchPacket"}'],
  ['unknown field', '{"packet":"CreateAgentSession","fields":{"nope":1}}'],
  ['wrong type', '{"packet":"CreateAgentSession","fields":{"lpContext":{"a":1}}}'],
  ['out of range', '{"packet":"CreateAgentSession","fields":{"lpContext":4294967296}}'],
  ['malformed GUID', '{"packet":"CreateAgentSession","fields":{"lpGroupID":"{6B29FC40-CA47-1067-B31D-00DD010662D}"}}'],
  ['malformed hex', '{"packet":"CreateAgentSession","fields":{"lpGroupID":{"hex":"zz"}}}'],
  ['huge unknown constant', `{"packet":"CreateAgentSession","fields":{"lpContext":"${'X'.repeat(1 << 20)}"}}`],
  ['padTo too large', '{"packet":"CreateAgentSession","fields":{"lpGroupID":null},"padTo":99999999999}'],
];

describe('CLI process on bad input', { skip: !existsSync(CLI) && 'dist/cli.js not built (npm run build)' }, () => {
  for (const [what, input] of BAD) {
    it(`encode --json -: ${what} -> exit 2, one line`, () => assertUsageFailure(cli(['encode', '--json', '-'], input), what));
  }

  it('encode --jsonl: a bad line -> exit 2, one line naming the line', () => {
    const r = cli(['encode', '--jsonl'], '{"packet":"CreateAgentSession","fields":{"lpGroupID":"{6B29FC40-CA47-1067-B31D-00DD010662DA}"}}\n{"packet":"Nope"}\n');
    assertUsageFailure(r, 'jsonl');
    assert.match(r.stderr, /<stdin>:2:/);
  });

  it('decode --hex: bad hex and short packets -> exit 2, one line', () => {
    assertUsageFailure(cli(['decode', '--hex', 'zz'], ''), 'bad hex');
    assertUsageFailure(cli(['decode', '--hex', '0102'], ''), 'short');
    assertUsageFailure(cli(['decode', '--hex', '00'.repeat(64), '--as', 'Nope'], ''), 'unknown --as');
  });

  it('a fixed-seed sample of fuzzed JSON requests never crashes the process', () => {
    for (const input of fc.sample(jsonText, { seed: 7, numRuns: 8 })) {
      const r = cli(['encode', '--json', '-'], input);
      if (r.status === 0) continue;
      assertUsageFailure(r, input.slice(0, 100));
    }
  });
});

// Runs the TextMate grammar tests (test/grammar/*.tapipkt, line assertions checked by
// vscode-tmgrammar-test) as part of `npm test`; `npm run test:grammar` runs the same CLI alone.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';

const root = join(__dirname, '..', '..');

test('TextMate grammar: every line assertion in test/grammar holds', () => {
  const require = createRequire(join(root, 'package.json'));
  const pkg = require.resolve('vscode-tmgrammar-test/package.json');
  const cli = join(dirname(pkg), (require('vscode-tmgrammar-test/package.json') as { bin: Record<string, string> }).bin['vscode-tmgrammar-test']!);
  const r = spawnSync(process.execPath, [cli, '--compact', '-g', 'syntaxes/tapipkt.tmLanguage.json', 'test/grammar/*.tapipkt'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  assert.equal(r.status, 0, `vscode-tmgrammar-test failed:\n${r.stdout}\n${r.stderr}`);
});

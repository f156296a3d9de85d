#!/usr/bin/env node
// Runs the in-editor suite here, in code-server's Node extension host (test/e2e/code-server.mjs
// runInHostTests), against the extension built from this checkout. Called by .ci/run.
//   node test/integration/run.mjs        (needs `bash test/e2e/install-tools.sh` once)
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInHostTests } from '../e2e/code-server.mjs';
import { prepareWorkspace } from './workspace.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const t0 = Date.now();
execFileSync(process.execPath, [join(root, 'test/integration/build.mjs')], { cwd: root, stdio: 'inherit' });
console.log(`integration: built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
const workspace = await prepareWorkspace();
let code = 1;
try {
  code = await runInHostTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'out/test/integration/index'),
    workspace: workspace.path,
  });
} finally {
  await workspace.remove();
}
console.log(`integration: ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
process.exit(code);

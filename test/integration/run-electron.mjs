// `npm run test:integration`: the suite through @vscode/test-electron's runTests. Machines that
// can download VS Code use it (TAPIPKT_REAL_VSCODE=1); here, where update.code.visualstudio.com is
// unreachable, the executable is test/e2e/vscode-harness.mjs (code-server's Node extension host).
import { runTests } from '@vscode/test-electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareWorkspace } from './workspace.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const workspace = await prepareWorkspace();
try {
  await runTests({
    ...(process.env.TAPIPKT_REAL_VSCODE ? {} : { vscodeExecutablePath: join(root, 'test/e2e/vscode-harness.mjs') }),
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'out/test/integration/index'),
    launchArgs: [workspace.path, '--disable-extensions'],
  });
} catch (e) {
  console.error(`test:integration failed: ${e instanceof Error ? e.message : e}`);
  process.exitCode = 1;
} finally {
  await workspace.remove();
}

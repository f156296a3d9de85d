// Builds what the in-editor suite needs: the extension (dist/extension.js, via scripts/build.mjs)
// and the suite itself, bundled to out/test/integration/{index,suite.test}.js (CommonJS;
// `vscode` and `mocha` stay external and load from the host / node_modules).
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
await esbuild.build({
  entryPoints: {
    index: join(root, 'test/integration/suite/index.ts'),
    'suite.test': join(root, 'test/integration/suite/extension.test.ts'),
    'robustness.test': join(root, 'test/integration/suite/robustness.test.ts'),
    'commands.test': join(root, 'test/integration/suite/commands.test.ts'),
  },
  outdir: join(root, 'out/test/integration'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  sourcemap: 'inline',
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});

// Builds what the in-editor suite needs: the extension (dist/extension.js, via scripts/build.mjs)
// and the suite itself, bundled to out/test/integration/{index,suite.test}.js (CommonJS;
// `vscode` and `mocha` stay external and load from the host / node_modules).
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
await esbuild.build({
  // extension.test.ts keeps its historical bundle name, suite.test.js; every other *.test.ts
  // in the suite folder is bundled under its own name and picked up by index.ts.
  entryPoints: {
    index: join(root, 'test/integration/suite/index.ts'),
    ...Object.fromEntries(
      readdirSync(join(root, 'test/integration/suite'))
        .filter((n) => n.endsWith('.test.ts'))
        .map((n) => [n === 'extension.test.ts' ? 'suite.test' : n.replace(/\.ts$/, ''), join(root, 'test/integration/suite', n)]),
    ),
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

// One esbuild script for every bundle: dist/cli.js, dist/lib.js (the library, CommonJS) and
// dist/extension.js. `--production` minifies; `--watch` rebuilds on change.
// The catalog is compiled first (scripts/build-catalog.ts), so the bundles embed it as JSON.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { bundles } from './bundles.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

execFileSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'build-catalog.ts')], { cwd: root, stdio: 'inherit' });

const entries = bundles(root, { production });

if (watch) {
  for (const e of entries) (await esbuild.context(e)).watch();
} else {
  await Promise.all(entries.map((e) => esbuild.build(e)));
}

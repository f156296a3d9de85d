// One esbuild script for every bundle: dist/cli.js, dist/lib.js (the library, CommonJS) and
// dist/extension.js. `--production` minifies; `--watch` rebuilds on change.
// The catalog is compiled first (scripts/build-catalog.ts), so the bundles embed it as JSON.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

execFileSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'build-catalog.ts')], { cwd: root, stdio: 'inherit' });

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  external: ['vscode'],
};

const entries = [
  { entryPoints: [join(root, 'src/cli/main.ts')], outfile: join(root, 'dist/cli.js'), banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: [join(root, 'src/lib.ts')], outfile: join(root, 'dist/lib.js') },
  { entryPoints: [join(root, 'extension/extension.ts')], outfile: join(root, 'dist/extension.js') },
].filter((e) => existsSync(e.entryPoints[0]));

if (watch) {
  for (const e of entries) (await esbuild.context({ ...common, ...e })).watch();
} else {
  await Promise.all(entries.map((e) => esbuild.build({ ...common, ...e })));
}

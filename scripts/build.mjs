// One esbuild script for every bundle: dist/cli.js, dist/lib.js (the library, CommonJS) and
// dist/extension.js. `--production` minifies; `--watch` rebuilds on change.
// The catalog is compiled first (scripts/build-catalog.ts), so the bundles embed it as JSON.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

execFileSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'build-catalog.ts')], { cwd: root, stdio: 'inherit' });

// The catalog (about 0.9 MB of JSON) goes into the bundles as a JSON.parse of a string: V8
// parses that several times faster than the same data as an object literal, which is what
// esbuild's JSON loader emits; it is most of the CLI's and the extension's load time.
const catalogAsJsonParse = {
  name: 'catalog-json-parse',
  setup(build) {
    build.onLoad({ filter: /[\\/]catalog[\\/]generated[\\/]catalog\.json$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      return { contents: `module.exports = JSON.parse(${JSON.stringify(JSON.stringify(JSON.parse(text)))});`, loader: 'js' };
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  external: ['vscode'],
  plugins: [catalogAsJsonParse],
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

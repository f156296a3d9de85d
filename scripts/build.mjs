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

// The catalog (about 0.9 MB of JSON) goes into the CLI and the library as a JSON.parse of a
// string: V8 parses that faster than the same data as an object literal (esbuild's JSON loader),
// about 5 ms of the CLI's startup. Not in the extension: there the string is some 80 KB larger
// than the minified object literal, and its bundle must stay under 1 MB.
const catalogAsJsonParse = {
  name: 'catalog-json-parse',
  setup(build) {
    build.onLoad({ filter: /[\\/]catalog[\\/]generated[\\/]catalog\.json$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      // Single-quoted, so the JSON's many double quotes need no escapes (JSON.stringify output
      // has no line breaks; backslashes and single quotes are escaped).
      const json = JSON.stringify(JSON.parse(text)).replace(/[\\']/g, (c) => `\\${c}`);
      return { contents: `module.exports = JSON.parse('${json}');`, loader: 'js' };
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
};

const entries = [
  { entryPoints: [join(root, 'src/cli/main.ts')], outfile: join(root, 'dist/cli.js'), banner: { js: '#!/usr/bin/env node' }, plugins: [catalogAsJsonParse] },
  { entryPoints: [join(root, 'src/lib.ts')], outfile: join(root, 'dist/lib.js'), plugins: [catalogAsJsonParse] },
  { entryPoints: [join(root, 'extension/extension.ts')], outfile: join(root, 'dist/extension.js') },
].filter((e) => existsSync(e.entryPoints[0]));

if (watch) {
  for (const e of entries) (await esbuild.context({ ...common, ...e })).watch();
} else {
  await Promise.all(entries.map((e) => esbuild.build({ ...common, ...e })));
}

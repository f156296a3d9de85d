// Bundle definitions shared by scripts/build.mjs and bench/run.ts.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

// The catalog (about 0.9 MB of JSON) goes into the bundles as a string for JSON.parse, which
// V8 reads faster than the same data as an object literal (esbuild's JSON loader): about 5 ms of
// the CLI's startup. The extension gets it gzipped (base64, about 0.15 MB, inflated with Node's
// zlib at load), which keeps its bundle far under the 1 MB goal.
function catalogPlugin(gzip) {
  return {
    name: gzip ? 'catalog-gzip' : 'catalog-json-parse',
    setup(build) {
      build.onLoad({ filter: /[\\/]catalog[\\/]generated[\\/]catalog\.json$/ }, async (args) => {
        const json = JSON.stringify(JSON.parse(await readFile(args.path, 'utf8')));
        if (gzip) {
          const b64 = gzipSync(json, { level: 9 }).toString('base64');
          return { contents: `module.exports = JSON.parse(require('zlib').gunzipSync(Buffer.from('${b64}', 'base64')).toString('utf8'));`, loader: 'js' };
        }
        // Single-quoted, so the JSON's many double quotes need no escapes (JSON.stringify output
        // has no line breaks; backslashes and single quotes are escaped).
        return { contents: `module.exports = JSON.parse('${json.replace(/[\\']/g, (c) => `\\${c}`)}');`, loader: 'js' };
      });
    },
  };
}

/**
 * The esbuild options of every bundle (dist/cli.js, dist/lib.js, dist/extension.js), for
 * scripts/build.mjs and for the benchmark, which builds the production extension bundle to
 * measure it. Entries whose source does not exist are left out.
 */
export function bundles(root, { production = false } = {}) {
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
  return [
    { entryPoints: [join(root, 'src/cli/main.ts')], outfile: join(root, 'dist/cli.js'), banner: { js: '#!/usr/bin/env node' }, plugins: [catalogPlugin(false)] },
    { entryPoints: [join(root, 'src/lib.ts')], outfile: join(root, 'dist/lib.js'), plugins: [catalogPlugin(false)] },
    { entryPoints: [join(root, 'extension/extension.ts')], outfile: join(root, 'dist/extension.js'), plugins: [catalogPlugin(true)] },
  ]
    .filter((e) => existsSync(e.entryPoints[0]))
    .map((e) => ({ ...common, ...e }));
}


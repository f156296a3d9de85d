// Bundle definitions shared by scripts/build.mjs and bench/run.ts.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

// The catalog (about 0.9 MB of JSON) goes into every bundle gzipped (base64, about 0.15 MB) and
// is inflated with Node's zlib at load. Measured against the alternatives (`tapipkt catalog`,
// medians of 12 runs): 81 ms, against 86 ms for a JSON.parse of the plain string and 95 ms for
// esbuild's object literal; and the extension bundle is 0.3 MB instead of 0.97 MB.
const catalogGzip = {
  name: 'catalog-gzip',
  setup(build) {
    build.onLoad({ filter: /[\\/]catalog[\\/]generated[\\/]catalog\.json$/ }, async (args) => {
      const json = JSON.stringify(JSON.parse(await readFile(args.path, 'utf8')));
      const b64 = gzipSync(json, { level: 9 }).toString('base64');
      return { contents: `module.exports = JSON.parse(require('zlib').gunzipSync(Buffer.from('${b64}', 'base64')).toString('utf8'));`, loader: 'js' };
    });
  },
};

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
    plugins: [catalogGzip],
  };
  return [
    { entryPoints: [join(root, 'src/cli/main.ts')], outfile: join(root, 'dist/cli.js'), banner: { js: '#!/usr/bin/env node' } },
    { entryPoints: [join(root, 'src/lib.ts')], outfile: join(root, 'dist/lib.js') },
    { entryPoints: [join(root, 'extension/extension.ts')], outfile: join(root, 'dist/extension.js') },
  ]
    .filter((e) => existsSync(e.entryPoints[0]))
    .map((e) => ({ ...common, ...e }));
}


// The README a newcomer reads: every `$ tapipkt ...` example prints what the README shows (here
// with `tapipkt` as a shim over dist/cli.js; CI runs the same examples with the packed tarball
// installed, test/cli-install.sh), its JSON request blocks are valid JSON that encodes as pasted,
// the packed tarball holds what the `tapipkt` bin needs, and no product text refers to DESIGN.md
// (a file users do not have) or suggests `npx tapipkt` (which would ask the npm registry).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { builtinScope } from '../../../src/catalog/index.js';
import { encodeRequest } from '../../../src/codec/index.js';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'dist', 'cli.js');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

describe('README', () => {
  it('finds the examples: a `$ tapipkt` line, then its output up to the next `$` or the end of the block', async () => {
    const { readmeExamples } = await import('../../readme-examples.mjs');
    assert.deepEqual(readmeExamples('x\n```\n$ tapipkt a\n1\n2\n$ tapipkt b\n$ ls\n3\n```\n$ tapipkt c\n'), [
      { line: 3, command: 'tapipkt a', output: '1\n2\n' },
      { line: 6, command: 'tapipkt b', output: '' },
    ]);
    const all = readmeExamples(readme).map((e) => e.command.split(' ').slice(0, 2).join(' '));
    for (const c of ['tapipkt encode', 'tapipkt decode', 'tapipkt catalog']) assert.ok(all.includes(c), c);
  });
  it('every `$ tapipkt` example prints what the README shows', { skip: !existsSync(cli) && 'dist/cli.js is not built' }, () => {
    const bin = mkdtempSync(join(tmpdir(), 'tapipkt-bin-'));
    writeFileSync(join(bin, 'tapipkt'), `#!/bin/sh\nexec "${process.execPath}" "${cli}" "$@"\n`);
    chmodSync(join(bin, 'tapipkt'), 0o755);
    const r = spawnSync(process.execPath, [join(root, 'test', 'readme-examples.mjs'), bin], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /(\d+)\/\1 README examples print what the README shows/);
  });
  it('the JSON request blocks are valid JSON (no comments inside) and encode as pasted, with no error', () => {
    const section = readme.slice(readme.indexOf('### The JSON request'), readme.indexOf('### The library'));
    const blocks = [...section.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!);
    assert.ok(blocks.length >= 2);
    const keys = new Set<string>();
    for (const b of blocks) {
      const req = JSON.parse(b) as Record<string, unknown>;
      Object.keys(req).forEach((k) => keys.add(k));
      const r = encodeRequest(builtinScope(), req);
      assert.deepEqual(r.issues.filter((i) => i.severity === 'error'), [], b);
      assert.ok(r.bytes && r.bytes.length >= 60);
    }
    // Between them the blocks show each top-level key of the request.
    for (const k of ['packet', 'request', 'fields', 'padTo']) assert.ok(keys.has(k), k);
  });
  it('npm pack holds what the tapipkt bin and the library need', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    assert.ok(files.includes(pkg.bin['tapipkt']!.replace(/^\.\//, '')), `bin ${pkg.bin['tapipkt']} in ${files.join(', ')}`);
    for (const f of ['dist/lib.js', 'README.md', 'package.json']) assert.ok(files.includes(f), f);
    assert.ok(!files.some((f) => f.startsWith('src/') || f.startsWith('node_modules/') || f.endsWith('.map') || f.endsWith('.vsix')), files.join(', '));
  });
});

describe('product text', () => {
  /** Every text file a user sees: the README, docs, examples, sources, grammar and manifest. */
  function productFiles(): string[] {
    const out = ['README.md', 'CHANGELOG.md', 'package.json'].map((f) => join(root, f));
    const walk = (d: string): void => {
      for (const n of readdirSync(d)) {
        const p = join(d, n);
        if (n === 'generated' || n === 'node_modules') continue;
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.(md|ts|tapipkt|json)$/.test(n)) out.push(p);
      }
    };
    for (const d of ['docs', 'examples', 'src', 'extension', 'syntaxes']) if (existsSync(join(root, d))) walk(join(root, d));
    return out;
  }
  it('never refers to DESIGN.md, and never suggests npx tapipkt', () => {
    const bad = productFiles().filter((f) => /DESIGN\.md|npx tapipkt/.test(readFileSync(f, 'utf8'))).map((f) => relative(root, f));
    assert.deepEqual(bad, []);
  });
  it('the CLI help never refers to DESIGN.md', { skip: !existsSync(cli) && 'dist/cli.js is not built' }, () => {
    for (const c of ['--help', 'encode --help', 'decode --help', 'catalog --help', 'check --help']) {
      const r = spawnSync(process.execPath, [cli, ...c.split(' ')], { encoding: 'utf8' });
      assert.doesNotMatch(r.stdout + r.stderr, /DESIGN/, c);
    }
  });
});

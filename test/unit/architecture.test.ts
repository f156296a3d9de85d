// Layering (STYLE.md): nothing under src/ imports `vscode`; the core (codec, language, catalog)
// imports no Node modules either; the codec imports nothing of ours outside src/codec.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';

const root = join(__dirname, '..', '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function imports(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  return [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|require\(['"]([^'"]+)['"]\)|import\(['"]([^'"]+)['"]\)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

describe('architecture', () => {
  it('nothing under src/ imports vscode', () => {
    for (const f of files(join(root, 'src'))) assert.ok(!imports(f).includes('vscode'), relative(root, f));
  });
  it('the core imports no Node modules', () => {
    for (const d of ['codec', 'language', 'catalog']) {
      for (const f of files(join(root, 'src', d))) {
        const bad = imports(f).filter((m) => m.startsWith('node:') || ['fs', 'path', 'os', 'child_process', 'process'].includes(m));
        assert.deepEqual(bad, [], relative(root, f));
      }
    }
  });
  it('the codec depends on nothing outside src/codec', () => {
    for (const f of files(join(root, 'src', 'codec'))) {
      const bad = imports(f).filter((m) => !m.startsWith('./'));
      assert.deepEqual(bad, [], relative(root, f));
    }
  });
  it('the test itself can fail: it sees imports', () => {
    assert.ok(imports(join(root, 'src', 'language', 'check.ts')).includes('../codec/index.js'));
  });
});

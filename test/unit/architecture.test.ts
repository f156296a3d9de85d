// Layering (STYLE.md): nothing under src/ imports `vscode`; the core (codec, language, catalog)
// imports no Node modules either; the codec imports nothing of ours outside src/codec; nothing
// outside the codec reaches past its index; no runtime import cycle anywhere under src/.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { resolveLocal, tsFiles } from './source-files.js';

const root = join(__dirname, '..', '..');

const files = tsFiles;

function imports(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  return [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|require\(['"]([^'"]+)['"]\)|import\(['"]([^'"]+)['"]\)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

/**
 * The imports of a file that exist at run time: `import type`/`export type` and imports whose
 * every name is marked `type` are erased by the compiler, so they cannot make a cycle at run
 * time and are left out (a type-only cycle, e.g. plan.ts <-> generate.ts, is harmless).
 */
function runtimeImports(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s+['"]([^'"]+)['"]/g)) {
    if (m[2]) continue;
    const names = /\{([^}]*)\}/.exec(m[3]!);
    const bare = m[3]!.replace(/\{[^}]*\}/, '').replace(/[\s,]/g, '');
    if (names && bare === '' && names[1]!.split(',').map((x) => x.trim()).filter(Boolean).every((x) => x.startsWith('type '))) continue;
    out.push(m[4]!);
  }
  for (const m of text.matchAll(/(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g)) out.push(m[1]!);
  return out;
}


/** Every cycle found by a depth-first walk of `graph`, each as the list of its nodes. */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 1 | 2>(); // 1 on the stack, 2 done
  const stack: string[] = [];
  const visit = (n: string): void => {
    state.set(n, 1);
    stack.push(n);
    for (const m of graph.get(n) ?? []) {
      if (state.get(m) === 1) cycles.push([...stack.slice(stack.indexOf(m)), m]);
      else if (!state.has(m)) visit(m);
    }
    stack.pop();
    state.set(n, 2);
  };
  for (const n of [...graph.keys()].sort()) if (!state.has(n)) visit(n);
  return cycles;
}

function importGraph(dir: string): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const f of files(dir)) g.set(relative(root, f), runtimeImports(f).flatMap((s) => { const r = resolveLocal(f, s); return r ? [relative(root, r)] : []; }));
  return g;
}

describe('architecture', () => {
  it('no runtime import cycle under src/ (type-only imports excluded: they are erased)', () => {
    assert.deepEqual(findCycles(importGraph(join(root, 'src'))).map((c) => c.join(' -> ')), []);
  });
  it('the cycle check can fail: it finds a planted cycle and sees real edges', () => {
    const g = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
    assert.deepEqual(findCycles(g), [['a', 'b', 'c', 'a']]);
    const real = importGraph(join(root, 'src'));
    assert.ok(real.get(join('src', 'codec', 'packet.ts'))!.includes(join('src', 'codec', 'fast', 'index.ts')));
    // A type-only import is not an edge; a value import in the same file is.
    assert.ok(!real.get(join('src', 'codec', 'fast', 'plan.ts'))!.includes(join('src', 'codec', 'fast', 'generate.ts')));
    assert.ok(real.get(join('src', 'codec', 'fast', 'generate.ts'))!.includes(join('src', 'codec', 'fast', 'plan.ts')));
  });
  it('encodeJson never goes through the language: the built-in catalog scope and the codec reach no language module', () => {
    const g = importGraph(join(root, 'src'));
    const seen = new Set<string>();
    const walk = (n: string): void => {
      if (seen.has(n)) return;
      seen.add(n);
      for (const m of g.get(n) ?? []) walk(m);
    };
    walk(join('src', 'catalog', 'index.ts'));
    walk(join('src', 'codec', 'index.ts'));
    assert.ok(seen.has(join('src', 'codec', 'catalog-scope.ts')), 'the walk follows imports');
    assert.deepEqual([...seen].filter((f) => f.startsWith(join('src', 'language'))), []);
  });
  it('outside src/codec, code imports the codec through its index only (the fast paths through fast/index)', () => {
    for (const f of files(join(root, 'src'))) {
      for (const s of imports(f)) {
        const r = resolveLocal(f, s);
        if (!r) continue;
        const rel = relative(join(root, 'src', 'codec'), r);
        if (rel.startsWith('..')) continue; // not a codec file
        const from = relative(join(root, 'src', 'codec'), f);
        const inCodec = !from.startsWith('..');
        if (!inCodec) assert.equal(rel, 'index.ts', `${relative(root, f)} imports ${s}`);
        else if (rel.startsWith('fast') && !from.startsWith('fast')) assert.equal(rel, join('fast', 'index.ts'), `${relative(root, f)} imports ${s}`);
      }
    }
  });
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
    const codec = join(root, 'src', 'codec');
    for (const f of files(codec)) {
      const bad = imports(f).filter((m) => !m.startsWith('.') || relative(codec, resolve(dirname(f), m)).startsWith('..'));
      assert.deepEqual(bad, [], relative(root, f));
    }
  });
  it('the test itself can fail: it sees imports', () => {
    assert.ok(imports(join(root, 'src', 'language', 'check.ts')).includes('../codec/index.js'));
  });
});

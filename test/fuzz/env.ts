/**
 * Shared setup of the fuzz targets: the built-in catalog (whatever it holds at run time), its
 * index, a language service with an in-memory workspace, and the per-call time bound.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinCatalog } from '../../src/catalog/index.js';
import { CatalogIndex, type Layout } from '../../src/codec/index.js';
import { createLanguageServiceCore } from '../../src/language/index.js';

/**
 * Longest a single call on one fuzz input may take. Generous: the biggest generated inputs
 * (200,000 characters, 1,000 packets) take about 1 s alone, and fuzz runs share slow machines.
 */
export const TIME_BOUND_MS = 5000;

export const catalog = builtinCatalog;
export const index = new CatalogIndex({ layouts: catalog.layouts, tables: catalog.tables });
/** Every layout that can be encoded as a top-level packet (requests, responses, templates). */
export const packetLayouts: Layout[] = catalog.layouts.filter((l) => l.kind !== 'structure');
/** Every layout of the catalog, for `as` decoding. */
export const allLayouts: Layout[] = catalog.layouts;

/** The workspace root of the in-memory files the fuzzed documents may import. */
export const ROOT = 'file:///ws';
/** In-memory files the fuzzed text may import (some import each other, some themselves). */
export const workspaceFiles = new Map<string, string>([
  [`${ROOT}/a.tapipkt`, 'import "b.tapipkt"\ntype HX = u32\n'],
  [`${ROOT}/b.tapipkt`, 'import "a.tapipkt"\nconst BT { B1 = 1 }\n'],
  [`${ROOT}/self.tapipkt`, 'import "self.tapipkt"\n'],
  [`${ROOT}/sub/c.tapipkt`, 'import "../a.tapipkt"\nimport "../../x.tapipkt"\nstruct CS { dwTotalSize: total\n x: u32 }\n'],
  [`${ROOT}/deep0.tapipkt`, 'import "deep1.tapipkt"\n'],
]);
for (let i = 1; i < 40; i++) workspaceFiles.set(`${ROOT}/deep${i}.tapipkt`, `import "deep${i + 1}.tapipkt"\n`);

/** A fresh language service over the catalog and the in-memory workspace. */
export function newService() {
  return createLanguageServiceCore({
    catalog,
    host: { readFile: (uri) => workspaceFiles.get(uri), rootOf: () => ROOT },
  });
}

/** Valid `.tapipkt` texts to mutate: the examples and the catalog sources. */
export const seedTexts: string[] = (() => {
  const out: string[] = [];
  const dir = join(__dirname, '..', '..', 'examples');
  try {
    for (const f of readdirSync(dir)) if (f.endsWith('.tapipkt')) out.push(readFileSync(join(dir, f), 'utf8'));
  } catch {
    /* no examples folder */
  }
  for (const s of catalog.sources) out.push(s.text);
  return out;
})();

/** Runs `f`, failing when it throws (rethrown with a label) or takes longer than the bound. */
export function bounded<T>(label: string, f: () => T): T {
  const t0 = performance.now();
  const r = f();
  const ms = performance.now() - t0;
  if (ms > TIME_BOUND_MS) throw new Error(`${label} took ${ms.toFixed(0)} ms (bound ${TIME_BOUND_MS} ms)`);
  return r;
}

/** Equal byte arrays. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The first index where two byte arrays differ, for messages. */
export function firstDiff(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}

export function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

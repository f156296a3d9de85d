/**
 * What the features need beyond one document's analysis: the program (other documents, the
 * catalog's sources), the open documents, and a cache of parsed definition files for
 * go-to-definition into imports and the built-in catalog.
 */
import type { ConstEntry, ConstTable } from '../../codec/index.js';
import type { SourceFile } from '../ast.js';
import { CATALOG_SCHEME } from '../catalog-data.js';
import { parse } from '../parser.js';
import type { Analysis, Program } from '../program.js';

/** Shared state of the features of one service. */
export interface FeatureContext {
  program: Program;
  /** URIs of the documents open in the editor (references and rename look there). */
  openUris(): string[];
  /** Parsed files by URI, for files that are not analysed (the catalog's sources). */
  parsed: Map<string, SourceFile>;
}

/** Creates a feature context over a program. */
export function createFeatureContext(program: Program, openUris: () => string[] = () => []): FeatureContext {
  return { program, openUris, parsed: new Map() };
}

/** True for URIs of the built-in catalog (`tapipkt-catalog:/...`). */
export function isCatalogUri(uri: string | undefined): boolean {
  return uri !== undefined && uri.startsWith(`${CATALOG_SCHEME}:`);
}

/** The parsed file behind `uri`: the document itself, one of its imports, or a parse of the stored text. */
export function fileOf(ctx: FeatureContext, a: Analysis, uri: string): SourceFile | undefined {
  const found = analysisOf(a, uri, 0);
  if (found) return found.file;
  const text = ctx.program.textOf(uri);
  if (text === undefined) return undefined;
  const hit = ctx.parsed.get(uri);
  if (hit && hit.text === text) return hit;
  const f = parse(uri, text);
  ctx.parsed.set(uri, f);
  return f;
}

/** The analysis of `uri` among `a` and its imports (transitively). */
export function analysisOf(a: Analysis, uri: string, depth = 0): Analysis | undefined {
  if (a.uri === uri) return a;
  if (depth > 16) return undefined;
  for (const i of a.imports) {
    if (!i.analysis) continue;
    const r = analysisOf(i.analysis, uri, depth + 1);
    if (r) return r;
  }
  return undefined;
}

/** Finds a constant visible in `a` with its table: own definitions, imports, then the catalog. */
export function findConstant(ctx: FeatureContext, a: Analysis, name: string): { entry: ConstEntry; table: ConstTable } | undefined {
  const seen = new Set<string>();
  const walk = (x: Analysis, depth: number): { entry: ConstEntry; table: ConstTable } | undefined => {
    if (seen.has(x.uri) || depth > 16) return undefined;
    seen.add(x.uri);
    for (const t of x.compiled.tables) {
      const e = t.entries.find((y) => y.name === name);
      if (e) return { entry: e, table: t };
    }
    for (const i of x.imports) {
      const r = i.analysis ? walk(i.analysis, depth + 1) : undefined;
      if (r) return r;
    }
    return undefined;
  };
  return walk(a, 0) ?? ctx.program.catalog.constants.get(name);
}

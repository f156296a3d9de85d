/**
 * Compiles the catalog's `.tapipkt` sources into CatalogData. The build runs this once and
 * writes the result to src/catalog/generated/catalog.json; tests may run it directly.
 */
import { type CatalogData, CATALOG_SCHEME, CatalogScope, chainScopes } from '../codec/index.js';
import { compileDefinitions, type RawDiagnostic } from '../language/compile.js';
import { parse } from '../language/parser.js';

/** Files compile in this order (later files may use earlier names); others follow alphabetically. */
export const CATALOG_ORDER = ['types.tapipkt', 'constants.tapipkt', 'structures.tapipkt', 'templates.tapipkt'];

/** Sorts catalog file names into compile order. */
export function catalogOrder(names: readonly string[]): string[] {
  const rank = (n: string): number => {
    const i = CATALOG_ORDER.indexOf(n);
    return i < 0 ? CATALOG_ORDER.length : i;
  };
  return [...names].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Compiles catalog sources (name -> text) into catalog data plus every diagnostic. */
export function compileCatalog(files: { name: string; text: string }[]): { data: CatalogData; diagnostics: RawDiagnostic[] } {
  const data: CatalogData = { layouts: [], tables: [], aliases: [], sources: [] };
  const diagnostics: RawDiagnostic[] = [];
  for (const name of catalogOrder(files.map((f) => f.name))) {
    const text = files.find((f) => f.name === name)!.text;
    const uri = `${CATALOG_SCHEME}:/${name}`;
    const file = parse(uri, text);
    for (const e of file.errors) diagnostics.push({ uri, start: e.start, end: e.end, severity: 'error', code: e.code, message: e.message });
    const scope = new CatalogScope(data);
    const c = compileDefinitions(file, chainScopes([scope]));
    diagnostics.push(...c.diagnostics);
    for (const it of file.items) {
      if (it.kind === 'packet' || it.kind === 'decode' || it.kind === 'import') {
        diagnostics.push({ uri, start: it.start, end: it.end, severity: 'error', code: 'TP1108', message: 'the catalog holds definitions only' });
      }
    }
    data.layouts.push(...c.layouts);
    data.tables.push(...c.tables);
    data.aliases.push(...c.aliases);
    data.sources.push({ uri, text });
  }
  return { data, diagnostics };
}

/**
 * The built-in MS-TRP catalog, compiled at build time from the `.tapipkt` files beside this one
 * (see scripts/build-catalog.ts).
 */
import { type CatalogData, CatalogScope } from '../codec/index.js';
import data from './generated/catalog.json';

/** The built-in catalog. */
export const builtinCatalog: CatalogData = data as unknown as CatalogData;

let scope: CatalogScope | undefined;

/** The built-in catalog indexed for the codec and the compiler (built once, on first use). */
export function builtinScope(): CatalogScope {
  return (scope ??= new CatalogScope(builtinCatalog));
}

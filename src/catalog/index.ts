/**
 * The built-in MS-TRP catalog, compiled at build time from the `.tapipkt` files beside this one
 * (see scripts/build-catalog.ts).
 */
import type { CatalogData } from '../language/catalog-data.js';
import data from './generated/catalog.json';

/** The built-in catalog. */
export const builtinCatalog: CatalogData = data as unknown as CatalogData;

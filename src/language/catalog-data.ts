/**
 * The compiled catalog data and its scope now live with the codec (src/codec/catalog-scope.ts),
 * so that encoding JSON never goes through the language; re-exported here for the language's files.
 */
export { type CatalogData, CATALOG_SCHEME, CatalogScope, chainScopes, EMPTY_CATALOG } from '../codec/index.js';

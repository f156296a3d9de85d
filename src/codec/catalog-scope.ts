/**
 * The compiled form of a set of definitions (the built-in catalog, or a user's imports): plain
 * JSON-able data, plus a scope over it that the codec (encode, decode) and the compiler (names)
 * both read. It lives with the codec so that a JSON-to-bytes path never goes through the language.
 */
import { CatalogIndex } from './catalog-index.js';
import type { ConstTable, FieldType, Layout } from './layout.js';

/** A compiled `type X = ...` alias. */
export interface TypeAlias {
  name: string;
  type: FieldType;
  doc?: string;
  source?: { uri: string; offset: number };
}

/** Names visible while compiling: the catalog and earlier definitions. */
export interface Scope {
  layout(name: string): Layout | undefined;
  table(name: string): ConstTable | undefined;
  alias(name: string): TypeAlias | undefined;
  constant(name: string): number | undefined;
}

/** Compiled definitions, as the build writes them for the built-in catalog. */
export interface CatalogData {
  layouts: Layout[];
  tables: ConstTable[];
  aliases: TypeAlias[];
  /** Source text of each catalog file by URI, for go-to-definition and hover. */
  sources: { uri: string; text: string }[];
}

/** URI scheme of the built-in catalog's files. */
export const CATALOG_SCHEME = 'tapipkt-catalog';

/** An indexed catalog that also answers the compiler's scope questions. */
export class CatalogScope extends CatalogIndex implements Scope {
  readonly aliases = new Map<string, TypeAlias>();

  constructor(readonly data: CatalogData) {
    super({ layouts: data.layouts, tables: data.tables });
    for (const a of data.aliases) this.aliases.set(a.name, a);
  }

  table(name: string): ConstTable | undefined {
    return this.tables.get(name);
  }

  alias(name: string): TypeAlias | undefined {
    return this.aliases.get(name);
  }
}

/** A scope that looks in `first`, then in `rest` in order. */
export function chainScopes(scopes: readonly Scope[]): Scope {
  return {
    layout: (n) => firstOf(scopes, (s) => s.layout(n)),
    table: (n) => firstOf(scopes, (s) => s.table(n)),
    alias: (n) => firstOf(scopes, (s) => s.alias(n)),
    constant: (n) => firstOf(scopes, (s) => s.constant(n)),
  };
}

function firstOf<T>(scopes: readonly Scope[], f: (s: Scope) => T | undefined): T | undefined {
  for (const s of scopes) {
    const v = f(s);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** An empty catalog. */
export const EMPTY_CATALOG: CatalogData = { layouts: [], tables: [], aliases: [], sources: [] };

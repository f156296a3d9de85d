/**
 * Semantic tokens: what each name is (layout type, structure, constant, field, packet or step), which
 * fields are computed (readonly) and which names come from the built-in catalog
 * (defaultLibrary). Keywords, numbers and strings are left to the TextMate grammar.
 */
import { isComputed } from '../../codec/index.js';
import type { Analysis } from '../program.js';
import { type FeatureContext, findConstant, isCatalogUri } from './context.js';
import { fieldOf } from './locate.js';
import { documentOccurrences, type Sym } from './occurrences.js';
import type { SemanticToken, SemanticTokenType } from './types.js';

/** Every token type the service emits, in legend order. */
export const SEMANTIC_TOKEN_TYPES: readonly SemanticTokenType[] = ['type', 'struct', 'enumMember', 'property', 'variable', 'keyword', 'number', 'string', 'function', 'decorator'];

/** Every token modifier the service emits, in legend order. */
export const SEMANTIC_TOKEN_MODIFIERS: readonly string[] = ['declaration', 'readonly', 'defaultLibrary'];

function classify(ctx: FeatureContext, a: Analysis, s: Sym): { type: SemanticTokenType; modifiers: string[] } {
  switch (s.kind) {
    case 'layout': {
      const L = a.scope.layout(s.name);
      return { type: L?.kind === 'structure' ? 'struct' : 'type', modifiers: isCatalogUri(L?.source?.uri) ? ['defaultLibrary'] : [] };
    }
    case 'table':
      return { type: 'type', modifiers: isCatalogUri(a.scope.table(s.name)?.source?.uri) ? ['defaultLibrary'] : [] };
    case 'alias':
      return { type: 'type', modifiers: isCatalogUri(a.scope.alias(s.name)?.source?.uri) ? ['defaultLibrary'] : [] };
    case 'builtin':
      return { type: 'type', modifiers: ['defaultLibrary'] };
    case 'constant':
      return { type: 'enumMember', modifiers: isCatalogUri(findConstant(ctx, a, s.name)?.entry.source?.uri) ? ['defaultLibrary'] : [] };
    case 'field': {
      const L = a.scope.layout(s.layout);
      const f = fieldOf(L, s.name);
      const mods: string[] = [];
      if (f && isComputed(f.type)) mods.push('readonly');
      if (isCatalogUri(L?.source?.uri)) mods.push('defaultLibrary');
      return { type: 'property', modifiers: mods };
    }
    case 'packet':
    case 'step':
      // A step is a named packet inside a session: the same token type as a packet.
      return { type: 'variable', modifiers: [] };
    case 'attribute':
      return { type: 'decorator', modifiers: [] };
  }
}

/** Semantic tokens of a document, in text order. */
export function getSemanticTokens(ctx: FeatureContext, a: Analysis): SemanticToken[] {
  const out: SemanticToken[] = [];
  const cache = new Map<string, { type: SemanticTokenType; modifiers: string[] }>();
  for (const o of documentOccurrences(a)) {
    const key = `${o.sym.kind}:${o.sym.kind === 'field' ? o.sym.layout + '.' : o.sym.kind === 'step' ? `${o.sym.session}.` : ''}${o.sym.name}`;
    let c = cache.get(key);
    if (!c) {
      c = classify(ctx, a, o.sym);
      cache.set(key, c);
    }
    out.push({ start: o.start, length: o.end - o.start, type: c.type, modifiers: o.declaration ? ['declaration', ...c.modifiers] : [...c.modifiers] });
  }
  return out;
}

/**
 * Test helpers for the language features: a service over the built-in catalog and documents
 * with a cursor marker (‸).
 */
import { builtinCatalog } from '../../../../src/catalog/index.js';
import { createLanguageService, type LanguageService } from '../../../../src/language/service.js';
import type { TextEdit } from '../../../../src/language/features/types.js';

/** The cursor marker in test documents. */
export const CURSOR = '‸';

export interface TestDoc {
  s: LanguageService;
  uri: string;
  text: string;
  /** Offset of the cursor marker (removed from `text`), or -1. */
  offset: number;
}

/** Opens `src` (with an optional ‸ cursor) as file:///w/test.tapipkt, plus other files by relative name. */
export function open(src: string, others: Record<string, string> = {}): TestDoc {
  const offset = src.indexOf(CURSOR);
  const text = src.replace(CURSOR, '');
  const files = new Map(Object.entries(others).map(([k, v]) => [`file:///w/${k}`, v]));
  const s = createLanguageService({ catalog: builtinCatalog, host: { readFile: (u) => files.get(u), rootOf: () => 'file:///w' } });
  const uri = 'file:///w/test.tapipkt';
  s.update(uri, text);
  return { s, uri, text, offset };
}

/** Offset of the `n`th occurrence (0-based) of `needle` plus `delta`; throws when absent (a test bug). */
export function at(text: string, needle: string, delta = 0, n = 0): number {
  let i = -1;
  for (let k = 0; k <= n; k++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`'${needle}' not in the test text`);
  }
  return i + delta;
}

/** Applies edits to one document's text (edits must not overlap). */
export function applyEdits(text: string, edits: readonly Pick<TextEdit, 'range' | 'newText'>[]): string {
  const sorted = [...edits].sort((a, b) => b.range.start - a.range.start);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  return out;
}

/** The worked example: CreateAgentSession with PIN "4711" and a group GUID (88 bytes). */
export const AGENT = `packet supportLogin: CreateAgentSession {
  dwRequestID = 0
  lpContext = 0x1234
  hLine = 0x00010002
  hAgent = 7
  lpszAgentPIN = "4711"
  dwWorkingAddressID = 0
  lpGroupID = {6B29FC40-CA47-1067-B31D-00DD010662DA}
  lphAgentSessionContext = 0x42
}
`;

/**
 * Find references and rename: every name that resolves to the same declaration, in the
 * document and in the other open documents (packets and session steps: this document only).
 * Catalog names can be found but never renamed.
 */
import type { Range } from '../service.js';
import type { Item } from '../ast.js';
import type { Analysis } from '../program.js';
import { type FeatureContext, isCatalogUri } from './context.js';
import { locationOf } from './definition.js';
import { documentOccurrences, occurrenceAt, replySession, sameSym, stepOf, type Sym } from './occurrences.js';
import type { Location, TextEdit } from './types.js';

const RENAMABLE = new Set<Sym['kind']>(['layout', 'table', 'alias', 'constant', 'field', 'packet', 'step']);
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

function sameLoc(x: Location | undefined, y: Location | undefined): boolean {
  return x !== undefined && y !== undefined && x.uri === y.uri && x.range.start === y.range.start;
}

/** Every place `sym` (as resolved in `a`) appears, in `a` and the open documents. */
export function referencesOf(ctx: FeatureContext, a: Analysis, sym: Sym, includeDeclaration: boolean): Location[] {
  const def = locationOf(ctx, a, sym);
  const uris = sym.kind === 'packet' || sym.kind === 'step' ? [a.uri] : [a.uri, ...ctx.openUris().filter((u) => u !== a.uri)];
  const out: Location[] = [];
  const seen = new Set<string>();
  const push = (l: Location): void => {
    const k = `${l.uri}#${l.range.start}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push(l);
  };
  for (const uri of uris) {
    const b = uri === a.uri ? a : ctx.program.analyze(uri);
    // The same name may mean something else in a document that does not see this declaration.
    if (b !== a && !sameLoc(locationOf(ctx, b, sym), def)) continue;
    for (const o of documentOccurrences(b)) {
      if (!sameSym(o.sym, sym)) continue;
      const isDecl = o.declaration || (def !== undefined && def.uri === b.uri && def.range.start === o.start);
      if (isDecl && !includeDeclaration) continue;
      push({ uri: b.uri, range: { start: o.start, end: o.end } });
    }
  }
  if (includeDeclaration && def) push(def);
  return out;
}

/**
 * References of the name at `offset`. A declaration in the built-in catalog is listed even
 * without `includeDeclaration`: it is the field's documentation, not a place in the user's
 * text. VS Code's Go to References (Shift+F12) asks again without the declaration when the
 * first answer has two locations and keeps the second answer if it has one; for a field used
 * once that one was the use under the cursor, so the editor "went" where it already was and
 * no peek view opened (issue 12).
 */
export function getReferences(ctx: FeatureContext, a: Analysis, offset: number, includeDeclaration: boolean): Location[] {
  const occ = occurrenceAt(a, offset);
  if (!occ || !RENAMABLE.has(occ.sym.kind)) return [];
  const def = includeDeclaration ? undefined : locationOf(ctx, a, occ.sym);
  return referencesOf(ctx, a, occ.sym, includeDeclaration || (def !== undefined && isCatalogUri(def.uri)));
}

function renameTarget(ctx: FeatureContext, a: Analysis, offset: number): { range: Range; sym: Sym; def: Location } | { error: string } {
  const occ = occurrenceAt(a, offset);
  if (!occ) return { error: 'nothing to rename here' };
  const sym = occ.sym;
  if (!RENAMABLE.has(sym.kind)) return { error: `${sym.name} is a built-in ${sym.kind === 'builtin' ? 'type' : 'name'} and cannot be renamed` };
  const def = locationOf(ctx, a, sym);
  if (!def) return { error: `${sym.name} is not defined anywhere this document can see` };
  if (isCatalogUri(def.uri)) return { error: `${sym.name} is defined in the built-in MS-TRP catalog and cannot be renamed` };
  const text = def.uri === a.uri ? a.text : ctx.program.textOf(def.uri);
  if (text !== undefined && text.slice(def.range.start, def.range.end) !== sym.name) {
    return { error: `${sym.name} is declared by a numbered range (${text.slice(def.range.start, def.range.end)}..); rename the range instead` };
  }
  return { range: { start: occ.start, end: occ.end }, sym, def };
}

/** The range of a name the user may rename at `offset`, or why it cannot be renamed (built-in and catalog names). */
export function checkRename(ctx: FeatureContext, a: Analysis, offset: number): Range | { error: string } {
  const t = renameTarget(ctx, a, offset);
  return 'error' in t ? t : t.range;
}

/** The range of a name the user may rename at `offset`; undefined for catalog and built-in names. */
export function prepareRename(ctx: FeatureContext, a: Analysis, offset: number): Range | undefined {
  const t = checkRename(ctx, a, offset);
  return 'error' in t ? undefined : t;
}

/** Edits that rename the name at `offset` everywhere it is used, or why it cannot be renamed. */
export function rename(ctx: FeatureContext, a: Analysis, offset: number, newName: string): TextEdit[] | { error: string } {
  const t = renameTarget(ctx, a, offset);
  if ('error' in t) return t;
  if (!IDENT.test(newName)) return { error: `'${newName}' is not a valid name (letters, digits and _, not starting with a digit)` };
  if (t.sym.kind === 'step' && newName !== t.sym.name) {
    const why = stepRenameConflict(a, t.sym, newName);
    if (why) return { error: why };
  }
  return referencesOf(ctx, a, t.sym, true).map((l) => ({ uri: l.uri, range: l.range, newText: newName }));
}

/**
 * Why step `sym` cannot take `newName`, if it cannot: another step of its session has that
 * name (TP1104), or a `decode reply` block would then answer a different step than it does now
 * (it reads the first session in the file with a step of that name, program.ts decodeBlock).
 */
function stepRenameConflict(a: Analysis, sym: Extract<Sym, { kind: 'step' }>, newName: string): string | undefined {
  const own = a.file.items.find((i) => i.kind === 'session' && i.start === sym.session);
  if (own?.kind !== 'session') return undefined;
  if (stepOf(own, newName)) return `session ${sym.sessionName} already has a step '${newName}': step names are unique within a session`;
  // After the rename: the first session in the file with a step newName, counting this one.
  const after: Item | undefined = a.file.items.find((i) => i.kind === 'session' && (i === own || stepOf(i, newName) !== undefined));
  for (const it of a.file.items) {
    if (it.kind !== 'decode' || !it.reply || !it.as) continue;
    const now = replySession(a, it.as.text);
    if (it.as.text === sym.name && now === own && after !== own) {
      return `'decode reply ${sym.name}' would then read step '${newName}' of session ${after?.kind === 'session' ? after.name.text : ''}, which comes first in the file`;
    }
    // A block that reads another step or a layout by the new name would read this step instead
    // (one that reads nothing yet, an error today, may: that is likely why the name was chosen).
    if (it.as.text === newName && after === own && (now || a.scope.layout(newName))) {
      return `'decode reply ${newName}' reads ${now ? `step '${newName}' of session ${now.name.text}` : `the request layout ${newName}`}; a step '${newName}' here would make it read this step instead`;
    }
  }
  return undefined;
}

/**
 * Incremental reparsing: after an edit, only the top-level items the edit touches are parsed
 * again; the items before it are kept as they are and the items after it are kept and moved by
 * the edit's length change. Items are independent (a packet, a definition, a decode block), so
 * the result is the same tree a full parse gives, at a cost proportional to the edit.
 */
import type { Item, SourceFile } from './ast.js';
import { parse } from './parser.js';

/** What an incremental parse reused, so later stages can reuse their results too. */
export interface Reparse {
  file: SourceFile;
  /** Items kept unchanged (same objects, same offsets). */
  before: Item[];
  /** Items kept and moved by `delta` (same objects, offsets already updated). */
  after: Item[];
  delta: number;
}

/** Adds `delta` to every offset in a syntax tree (in place). */
export function shiftTree(node: unknown, delta: number): void {
  if (delta !== 0 && typeof node === 'object' && node !== null) shiftObject(node as Record<string, unknown>, delta);
}

// Hot on large files (every item after an edit moves): a plain for-in walk, no allocation.
function shiftObject(o: Record<string, unknown>, delta: number): void {
  if (Array.isArray(o)) {
    for (let i = 0; i < o.length; i++) {
      const v: unknown = o[i];
      if (typeof v === 'object' && v !== null) shiftObject(v as Record<string, unknown>, delta);
    }
    return;
  }
  for (const k in o) {
    const v = o[k];
    if (typeof v === 'number') {
      if (k === 'start' || k === 'end' || k === 'bodyStart') o[k] = v + delta;
    } else if (typeof v === 'object' && v !== null) shiftObject(v as Record<string, unknown>, delta);
  }
}

/** Characters compared at once while looking for where two texts differ. */
const CHUNK = 1024;

/** Length of the common start of `a` and `b` (at most `n`): whole chunks compared natively, then characters. */
export function commonPrefix(a: string, b: string, n: number): number {
  let p = 0;
  while (p + CHUNK <= n && a.substring(p, p + CHUNK) === b.substring(p, p + CHUNK)) p += CHUNK;
  while (p < n && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  return p;
}

/** Length of the common end of `a` and `b` (at most `n`). */
export function commonSuffix(a: string, b: string, n: number): number {
  let s = 0;
  while (s + CHUNK <= n && a.substring(a.length - s - CHUNK, a.length - s) === b.substring(b.length - s - CHUNK, b.length - s)) s += CHUNK;
  while (s < n && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
  return s;
}

/**
 * Reparses `text` given the previous parse of `old`. Returns undefined when a full parse is
 * needed (no previous tree, or the edit leaves something open that could swallow later items).
 */
export function reparse(prev: SourceFile | undefined, text: string): Reparse | undefined {
  if (!prev || prev.items.length === 0 || !prev.errorStarts) return undefined;
  const old = prev.text;
  const n = Math.min(old.length, text.length);
  const p = commonPrefix(old, text, n);
  const s = commonSuffix(old, text, n - p);
  const delta = text.length - old.length;
  const editEndOld = old.length - s;
  // Items that touch [p, editEndOld] in the old text are parsed again, with the gaps around them.
  const items = prev.items;
  let i0 = 0; // first item parsed again
  while (i0 < items.length && items[i0]!.end < p) i0++;
  let i1 = items.length - 1;
  while (i1 >= i0 && items[i1]!.start > editEndOld) i1--;
  // One item of lookbehind: the item before the edit is parsed again too, so the stray text and
  // errors it owns (up to the next item) are all regenerated.
  if (i0 > 0) i0--;
  const from = i0 > 0 ? items[i0]!.start : 0;
  const toOld = i1 + 1 < items.length ? items[i1 + 1]!.start : old.length;
  const toNew = toOld + delta;
  if (toNew < from) return undefined;
  // The first item after the region is parsed too, as lookahead: errors at the end of the
  // region then name what really follows ("found 'packet'"), and if the edit changed how that
  // item parses (it was swallowed, or lost its doc comment), a full parse is needed.
  const next = i1 + 1 < items.length ? items[i1 + 1]! : undefined;
  const lookEnd = next ? next.end + delta : text.length;
  const parsed = parse(prev.uri, text.slice(from, lookEnd));
  // Something left open (a block comment, a string, a hex block) could swallow what follows.
  if (parsed.errors.some((e) => /unterminated|not closed/.test(e.message))) return undefined;
  const cut = toNew - from;
  const look = next ? parsed.items.findIndex((it) => it.start === cut && it.end === next.end + delta - from) : -1;
  if (next && look < 0) return undefined;
  // Errors raised before the lookahead item began belong to the region, wherever they point.
  const ownErrors = look >= 0 ? parsed.errors.slice(0, parsed.errorStarts?.[look] ?? 0) : parsed.errors;
  const region = {
    items: look >= 0 ? parsed.items.slice(0, look) : parsed.items,
    errors: ownErrors,
    comments: parsed.comments.filter((c) => c.start < cut),
  };
  shiftTree(region.items, from);
  shiftTree(region.errors, from);
  shiftTree(region.comments, from);
  const before = items.slice(0, i0);
  const after = items.slice(i1 + 1);
  for (const it of after) shiftTree(it, delta);
  // Errors belong to the item whose parse raised them (see SourceFile.errorStarts).
  const starts = prev.errorStarts;
  const keepErr = i0 === 0 ? [] : prev.errors.slice(0, starts![i0]!);
  const moveErr = i1 + 1 < items.length ? prev.errors.slice(starts![i1 + 1]!) : [];
  shiftTree(moveErr, delta);
  const keepCom = prev.comments.filter((c) => c.end <= from);
  const moveCom = prev.comments.filter((c) => c.start >= toOld);
  shiftTree(moveCom, delta);
  const regionStarts = look >= 0 ? (parsed.errorStarts ?? []).slice(0, look) : (parsed.errorStarts ?? []);
  const errorStarts = [
    ...starts!.slice(0, i0),
    ...regionStarts.map((x) => x + keepErr.length),
    ...starts!.slice(i1 + 1).map((x) => x - starts![i1 + 1]! + keepErr.length + region.errors.length),
  ];
  const file: SourceFile = {
    uri: prev.uri,
    text,
    items: [...before, ...region.items, ...after],
    errors: [...keepErr, ...region.errors, ...moveErr],
    comments: [...keepCom, ...region.comments, ...moveCom],
    errorStarts,
  };
  return { file, before, after, delta };
}

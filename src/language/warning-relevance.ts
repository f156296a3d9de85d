/**
 * Which warnings still mean something in a packet that has errors. A packet with an error is
 * not encoded for use, but its warnings (MS-TRP 3.1.4.2 rules, pins that disagree) are
 * computed on the bytes its correct fields give, so fixing one mistake does not reveal another
 * one later (issue 12). A warning is dropped when an error makes it meaningless: the error is
 * in the warned field itself, in its value or in what contains it, in the item its size
 * field measures, or in anything that moves VarData when the warned field is an offset, a size
 * or a total.
 */
import { isComputed, isStructInput, type Layout, type StructInput } from '../codec/index.js';
import type { Scope } from './compile.js';
import { fieldAt } from './layout-fields.js';

/** Whether the author pinned the value at `path` (`raw N`). */
function isPinned(fields: StructInput, path: string): boolean {
  let v: unknown = fields;
  for (const seg of path.split('.')) {
    if (!isStructInput(v)) return false;
    v = v[seg];
  }
  return typeof v === 'object' && v !== null && 'raw' in v;
}

function parentOf(path: string): string {
  const i = path.lastIndexOf('.');
  return i < 0 ? '' : path.slice(0, i);
}

function leafOf(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1);
}

/** Whether an error at `e` changes where items land in VarData (an offset item, or anything inside one). */
function movesVarData(L: Layout, e: string, scope: Pick<Scope, 'layout'>): boolean {
  const segs = e.split('.');
  for (let i = 1; i <= segs.length; i++) {
    const f = fieldAt(L, segs.slice(0, i).join('.'), scope);
    if (f && isComputed(f.type)) return true;
  }
  return false;
}

/**
 * A filter for the warnings of a packet whose fields at `errors` (dotted paths) have errors.
 * @param fields the codec input the checker built (erroneous values left out)
 */
export function warningFilter(L: Layout, scope: Pick<Scope, 'layout'>, errors: ReadonlySet<string>, fields: StructInput): (path: string) => boolean {
  const varDataMoved = [...errors].some((e) => movesVarData(L, e, scope));
  return (path: string): boolean => {
    if (errors.size === 0) return true;
    if (path === '') return false; // about the packet as a whole
    const f = fieldAt(L, path, scope);
    for (const e of errors) {
      if (path === e || path.startsWith(e + '.') || e.startsWith(path + '.')) return false;
      if (parentOf(path) !== parentOf(e)) continue;
      // A size and the item it measures stand or fall together.
      const fe = fieldAt(L, e, scope);
      if (f?.type.kind === 'size' && f.type.of === leafOf(e)) return false;
      if (f?.type.kind === 'offset' && f.type.sizeField === leafOf(e)) return false;
      if (fe?.type.kind === 'offset' && fe.type.sizeField === leafOf(path)) return false;
      if (fe?.type.kind === 'size' && fe.type.of === leafOf(path)) return false;
    }
    // Offsets, sizes and totals follow from what VarData holds: computed ones, or pinned ones
    // judged against a VarData that lost an item, say nothing while an item has an error.
    if (f && isComputed(f.type) && (!isPinned(fields, path) || varDataMoved)) return false;
    return true;
  };
}

/**
 * Locating things by offset without walking the whole document: items and packets are sorted
 * by position, so a binary search finds the one under the cursor in O(log n).
 */
import type { FieldDef, Layout } from '../../codec/index.js';
import type { Assignment, Expr, Item, Node, PacketDecl } from '../ast.js';
import { allFields, type CheckedPacket } from '../check.js';
import type { Scope } from '../compile.js';
import type { Analysis } from '../program.js';

/** Index of the last node that starts at or before `offset`, or -1. */
export function lastStartingAtOrBefore(nodes: readonly { start: number }[], offset: number): number {
  let lo = 0;
  let hi = nodes.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (nodes[mid]!.start <= offset) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}

/** The top-level item whose text contains `offset` (ends inclusive), if any. */
export function itemAt(a: Analysis, offset: number): Item | undefined {
  const i = lastStartingAtOrBefore(a.file.items, offset);
  const it = i >= 0 ? a.file.items[i] : undefined;
  return it && offset <= it.end ? it : undefined;
}

/** The checked packet of a packet declaration (binary search over the analysis' packets). */
export function checkedPacketOf(a: Analysis, decl: PacketDecl): CheckedPacket | undefined {
  let lo = 0;
  let hi = a.packets.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = a.packets[mid]!;
    if (p.decl === decl) return p;
    if (p.decl.start < decl.start) lo = mid + 1;
    else hi = mid - 1;
  }
  return a.packets.find((x) => x.decl === decl);
}

/**
 * The layout a structure value of field `f` holds (inline structures and offsets to structures),
 * or for a list field, the layout of each entry.
 */
export function subLayout(f: FieldDef | undefined, scope: Pick<Scope, 'layout'>): Layout | undefined {
  if (!f) return undefined;
  if (f.type.kind === 'inline') return scope.layout(f.type.layout);
  if (f.type.kind === 'offset' && (f.type.target.kind === 'struct' || f.type.target.kind === 'list')) return scope.layout(f.type.target.layout);
  if (f.type.kind === 'array') return scope.layout(f.type.layout);
  return undefined;
}

/** The entry of a list value that contains `offset`, with its index. */
export function entryAt(v: Expr, offset: number): { index: number; entry: Extract<Expr, { kind: 'struct' }> } | undefined {
  if (v.kind !== 'list') return undefined;
  const i = lastStartingAtOrBefore(v.items, offset);
  const e = i >= 0 ? v.items[i] : undefined;
  return e && e.kind === 'struct' && offset > e.start && offset <= e.end ? { index: i, entry: e } : undefined;
}

/** A field of a layout by name, union arms included. */
export function fieldOf(L: Layout | undefined, name: string): FieldDef | undefined {
  if (!L) return undefined;
  return allFields(L).find((f) => f.name === name);
}

/** One assignment on the way from a packet to the cursor. */
export interface AssignmentHit {
  assignment: Assignment;
  /** Dotted path from the packet root (`lpCallParams.DialParams.dwDialPause`). */
  path: string;
  /** The layout the assignment belongs to. */
  layout?: Layout;
  field?: FieldDef;
}

/** Assignments containing `offset`, outermost first (empty when the cursor is on none). */
export function assignmentsAt(decl: PacketDecl, L: Layout | undefined, scope: Pick<Scope, 'layout'>, offset: number): AssignmentHit[] {
  const out: AssignmentHit[] = [];
  let body: readonly Assignment[] = decl.body;
  let layout = L;
  let path = '';
  for (let depth = 0; depth < 80; depth++) {
    const i = lastStartingAtOrBefore(body, offset);
    const a = i >= 0 ? body[i] : undefined;
    if (!a || offset > a.end) break;
    const field = fieldOf(layout, a.name.text);
    path = path ? `${path}.${a.name.text}` : a.name.text;
    out.push({ assignment: a, path, ...(layout ? { layout } : {}), ...(field ? { field } : {}) });
    const v = a.value;
    const entry = entryAt(v, offset);
    if (entry) {
      // Inside one entry of a list: its fields belong to the entry's layout, its path has the index.
      path = `${path}[${entry.index}]`;
      body = entry.entry.body;
      layout = subLayout(field, scope);
      continue;
    }
    if (v.kind !== 'struct' || offset <= v.start || offset > v.end) break;
    body = v.body;
    layout = subLayout(field, scope);
  }
  return out;
}

/** True when `offset` lies in `n` (end inclusive, so a cursor right after a word counts). */
export function within(n: Node, offset: number): boolean {
  return offset >= n.start && offset <= n.end;
}

/** The innermost name expression at `offset` inside a value, if any. */
export function nameInValue(e: Expr, offset: number): Extract<Expr, { kind: 'name' }> | undefined {
  if (!within(e, offset)) return undefined;
  if (e.kind === 'name') return e;
  if (e.kind === 'or') for (const p of e.parts) {
    const r = nameInValue(p, offset);
    if (r) return r;
  }
  if (e.kind === 'raw' && e.value) return nameInValue(e.value, offset);
  return undefined;
}

/** The field a dotted path names, walking nested structures from `L`. */
export function fieldAtPath(a: Pick<Analysis, 'ctx'>, L: Layout | undefined, path: string): FieldDef | undefined {
  let cur = L;
  let f: FieldDef | undefined;
  for (const part of path.split('.')) {
    if (!cur) return undefined;
    f = fieldOf(cur, part.replace(/\[\d+\]$/, ''));
    cur = subLayout(f, a.ctx);
  }
  return f;
}

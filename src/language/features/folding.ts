/**
 * Folding ranges: definitions, packets, nested values, const tables, hex blocks and comments
 * that span more than one line.
 */
import type { Assignment, Expr } from '../ast.js';
import type { Analysis } from '../program.js';
import type { FoldingRange } from './types.js';

/** Folding ranges of a document, as offsets (the editor glue turns them into lines). */
export function getFoldingRanges(a: Analysis): FoldingRange[] {
  const out: FoldingRange[] = [];
  const text = a.text;
  const multiLine = (start: number, end: number): boolean => end > start && text.indexOf('\n', start) >= 0 && text.indexOf('\n', start) < end;
  const add = (start: number, end: number, kind?: FoldingRange['kind']): void => {
    if (multiLine(start, end)) out.push(kind ? { start, end, kind } : { start, end });
  };
  const value = (e: Expr): void => {
    if (e.kind === 'struct') {
      add(e.start, e.end);
      body(e.body);
    } else if (e.kind === 'hex') add(e.start, e.end);
    else if (e.kind === 'raw' && e.value) value(e.value);
  };
  const body = (b: readonly Assignment[]): void => {
    for (const x of b) value(x.value);
  };
  for (const it of a.file.items) {
    switch (it.kind) {
      case 'packet':
        add(it.start, it.end);
        body(it.body);
        break;
      case 'layout':
        add(it.start, it.end);
        for (const m of it.members) if (m.kind === 'switch') add(m.start, m.end);
        break;
      case 'const':
      case 'decode':
        add(it.start, it.end);
        break;
      case 'session':
        add(it.start, it.end);
        if (it.attach) add(it.attach.start, it.attach.end);
        for (const st of it.steps) {
          add(st.start, st.end);
          body(st.body);
        }
        break;
      default:
        break;
    }
  }
  // Block comments, and runs of line comments on consecutive lines.
  const cs = a.file.comments;
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    if (c.block) {
      add(c.start, c.end, 'comment');
      continue;
    }
    let j = i;
    while (j + 1 < cs.length && !cs[j + 1]!.block && /^[ \t]*\r?\n[ \t]*$/.test(text.slice(cs[j]!.end, cs[j + 1]!.start))) j++;
    if (j > i) add(c.start, cs[j]!.end, 'comment');
    i = j;
  }
  return out.sort((x, y) => x.start - y.start);
}

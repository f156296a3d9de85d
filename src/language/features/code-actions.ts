/**
 * Quick fixes driven by diagnostic codes and their data: use the computed value or keep a pin
 * deliberately (`@keep`), replace an unknown constant or field with a suggestion, add a
 * missing required field with a placeholder that fits its type.
 */
import { Code, type FieldDef, type Layout } from '../../codec/index.js';
import type { Assignment, Expr } from '../ast.js';
import { DiagCode } from '../codes.js';
import type { RawDiagnostic } from '../compile.js';
import type { Range } from '../service.js';
import type { Analysis } from '../program.js';
import { assignmentsAt, checkedPacketOf, fieldOf, itemAt, subLayout } from './locate.js';
import type { CodeAction, TextEdit } from './types.js';

/** A zero GUID, the placeholder for GUID fields. */
export const ZERO_GUID = '{00000000-0000-0000-0000-000000000000}';

/** A value that type-checks for field `f`, for a new assignment. */
export function placeholderFor(f: FieldDef): string {
  const t = f.type;
  if (t.kind === 'offset') {
    switch (t.target.kind) {
      case 'wstr':
      case 'str':
        return '""';
      case 'guid':
        return ZERO_GUID;
      case 'bytes':
        return 'hex { 00 }';
      case 'struct':
        return '{ }';
    }
  }
  if (t.kind === 'bytes') return t.length === 16 ? ZERO_GUID : `hex { ${Array(Math.min(t.length, 16)).fill('00').join(' ')}${t.length > 16 ? ' ...' : ''} }`;
  if (t.kind === 'inline') return '{ }';
  return String(f.fixed ?? 0);
}

function overlaps(r: Range, d: { start: number; end: number }): boolean {
  return d.start <= r.end && d.end >= r.start;
}

function lineIndent(text: string, at: number): string {
  const ls = text.lastIndexOf('\n', at - 1) + 1;
  return /^[ \t]*/.exec(text.slice(ls, at))![0];
}

/** The assignment whose value or name starts at the diagnostic. */
function assignmentOf(a: Analysis, d: { start: number }): Assignment | undefined {
  const it = itemAt(a, d.start);
  if (!it || it.kind !== 'packet') return undefined;
  const p = checkedPacketOf(a, it);
  const hits = assignmentsAt(it, p?.layout, a.scope, d.start);
  return hits[hits.length - 1]?.assignment;
}

/** Deletes an assignment: its whole line when it stands alone, else just its text. */
function removeAssignment(a: Analysis, asg: Assignment): Range {
  const text = a.text;
  const ls = text.lastIndexOf('\n', asg.start - 1) + 1;
  let le = text.indexOf('\n', asg.end);
  if (le < 0) le = text.length;
  const before = text.slice(ls, asg.start);
  const after = text.slice(asg.end, le);
  if (/^[ \t]*$/.test(before) && /^[ \t,;]*\r?$/.test(after)) return { start: ls, end: Math.min(text.length, le + 1) };
  return { start: asg.start, end: asg.end };
}

function keepAction(a: Analysis, d: RawDiagnostic, preferred: boolean): CodeAction | undefined {
  const asg = assignmentOf(a, d);
  if (!asg || asg.keep) return undefined;
  return {
    title: `Keep ${asg.name.text} as deliberate (@keep)`, diagnosticCode: d.code, ...(preferred ? { isPreferred: true } : {}),
    edits: [{ uri: a.uri, range: { start: asg.value.end, end: asg.value.end }, newText: ' @keep' }],
  };
}

/** The body (packet or nested structure) a missing-field diagnostic is anchored on. */
function bodyAt(a: Analysis, at: number): { body: readonly Assignment[]; open: number; close: number | undefined; layout: Layout | undefined } | undefined {
  const it = itemAt(a, at);
  if (!it || it.kind !== 'packet') return undefined;
  const p = checkedPacketOf(a, it);
  if (it.name.start === at) return { body: it.body, open: it.bodyStart, close: it.closed ? it.end - 1 : undefined, layout: p?.layout };
  const hits = assignmentsAt(it, p?.layout, a.scope, at);
  for (const h of hits) {
    const v: Expr = h.assignment.value;
    if (v.kind === 'struct' && v.start === at) return { body: v.body, open: v.start + 1, close: v.closed ? v.end - 1 : undefined, layout: subLayout(h.field, a.scope) };
  }
  return undefined;
}

function addFieldEdit(a: Analysis, at: number, field: string, value: string): TextEdit | undefined {
  const b = bodyAt(a, at);
  if (!b) return undefined;
  const last = b.body[b.body.length - 1];
  const insertAt = last ? last.end : b.open;
  const outer = lineIndent(a.text, b.open - 1);
  const indent = last ? lineIndent(a.text, last.start) || outer + '  ' : outer + '  ';
  const sameLine = b.close !== undefined && !a.text.slice(insertAt, b.close).includes('\n');
  return { uri: a.uri, range: { start: insertAt, end: insertAt }, newText: `\n${indent}${field} = ${value}${sameLine ? `\n${outer}` : ''}` };
}

/** Quick fixes for the diagnostics that overlap `range`. */
export function getCodeActions(a: Analysis, range: Range, diagnostics: readonly RawDiagnostic[]): CodeAction[] {
  const out: CodeAction[] = [];
  const titles = new Set<string>();
  const push = (x: CodeAction | undefined): void => {
    if (!x || !x.edits.length || titles.has(x.title)) return;
    titles.add(x.title);
    out.push(x);
  };
  for (const d of diagnostics) {
    if (!overlaps(range, d) || d.uri !== a.uri) continue;
    switch (d.code) {
      case Code.PinDisagrees: {
        const asg = assignmentOf(a, d);
        const want = d.data?.computed;
        if (asg && want !== undefined) {
          push({ title: `Use the computed value (${want})`, diagnosticCode: d.code, isPreferred: true, edits: [{ uri: a.uri, range: removeAssignment(a, asg), newText: '' }] });
        }
        push(keepAction(a, d, false));
        break;
      }
      case DiagCode.UnknownConstant:
      case DiagCode.UnknownField:
      case DiagCode.UnknownStep:
      case DiagCode.UnknownStepField:
      case DiagCode.BadAttach:
      case DiagCode.UnknownType:
        for (const [i, s] of (d.data?.suggestions ?? []).entries()) {
          push({ title: `Change to ${s}`, diagnosticCode: d.code, ...(i === 0 ? { isPreferred: true } : {}), edits: [{ uri: a.uri, range: { start: d.start, end: d.end }, newText: s }] });
        }
        break;
      case DiagCode.MissingField: {
        const name = d.data?.field;
        if (!name) break;
        const b = bodyAt(a, d.start);
        const f = fieldOf(b?.layout, name);
        const value = f ? placeholderFor(f) : '0';
        const e = addFieldEdit(a, d.start, name, value);
        if (e) push({ title: `Add ${name} = ${value}`, diagnosticCode: d.code, isPreferred: true, edits: [e] });
        if (f?.type.kind === 'offset') {
          const n = addFieldEdit(a, d.start, name, 'null');
          if (n) push({ title: `Add ${name} = null (no item)`, diagnosticCode: d.code, edits: [n] });
        }
        break;
      }
      default:
        if (/^TP3\d{3}$/.test(d.code) && d.severity !== 'error') push(keepAction(a, d, false));
        break;
    }
  }
  return out;
}

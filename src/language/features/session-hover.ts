/**
 * Hover inside a session: on a step's name, and on STEP of `STEP.FIELD`, the step (its type,
 * its place in the session, its bytes); on FIELD, which reply bytes it reads (step, offset, size) and
 * whether the server fills them in; on a step's field name, the field's wire facts in the step's
 * encoded bytes; on a step's type, the layout.
 */
import type { FieldDef, Layout } from '../../codec/index.js';
import type { SessionDecl } from '../ast.js';
import type { Analysis } from '../program.js';
import { ACK_FIELD } from '../reply-tables.js';
import type { CheckedSession, CheckedStep } from '../session.js';
import { fieldTypeText, hexOf, layoutSummary, layoutTable, numText, readInt } from './format.js';
import { within } from './locate.js';
import type { Hover } from './types.js';

/** The sentence hover shows for a field the server fills in. */
export const OUT_FIELD_NOTE = 'Filled in by the server: the buffer ClientRequest returns carries the server\'s value here (bind it in a later session step as `STEP.FIELD`).';

/** Hover at `offset` inside session `decl`; undefined when nothing applies. */
export function sessionHover(a: Analysis, decl: SessionDecl, offset: number): Hover | undefined {
  const cs = a.sessions.find((s) => s.decl === decl);
  if (!cs) return undefined;
  for (const st of cs.steps) {
    if (offset < st.decl.start || offset > st.decl.end) continue;
    if (st.decl.type && within(st.decl.type, offset) && st.layout) {
      return { range: { start: st.decl.type.start, end: st.decl.type.end }, markdown: `${layoutSummary(st.layout)}\n\n${layoutTable(st.layout)}` };
    }
    if (within(st.decl.name, offset)) return stepHover(cs, st, st.decl.name);
    for (const b of st.bindings) {
      if (offset < b.ref.start || offset > b.ref.end) continue;
      const src = within(b.ref.step, offset) ? stepNamed(cs, b.ref.step.text) : undefined;
      if (src) return stepHover(cs, src, b.ref.step);
      const lines = [`**${b.ref.step.text}.${b.ref.field.text}**: a u32 read from step ${b.ref.step.text}'s reply at run time`];
      if (b.from) {
        lines.push('', `reply bytes ${b.from.at}..${b.from.at + b.from.size - 1} (${b.from.size} bytes) of step ${b.from.step} (${b.from.layout})`);
        if (b.from.field === ACK_FIELD) lines.push('', 'Ack_ReturnValue: byte 0 of every reply, where the request had Req_Func (0, or an error code).');
        else lines.push('', b.from.out ? OUT_FIELD_NOTE : 'The server does not fill this field in: the reply echoes what was sent.');
        const from = b.from;
        const doc = stepNamed(cs, from.step)?.layout?.fields.find((f) => f.name === from.field)?.doc;
        if (doc) lines.push('', `${from.layout}.${from.field}: ${doc}`);
      }
      if (b.field) lines.push('', `patched into this step's request at bytes ${b.field.offset}..${b.field.offset + 3} (${b.field.name}; encoded as 0 before the call)`);
      return { range: { start: b.ref.start, end: b.ref.end }, markdown: lines.join('\n') };
    }
    for (const asg of st.decl.body) {
      if (!within(asg.name, offset)) continue;
      if (asg.name.text === 'lNeededSize') {
        const len = st.packet.encoded?.bytes?.length;
        return { range: { start: asg.name.start, end: asg.name.end }, markdown: `**lNeededSize**: the buffer size offered to the server (IDL \`size_is(lNeededSize)\`); default: the packet's length${len !== undefined ? ` (${len} bytes)` : ''}. plUsedSize is always the packet's length.` };
      }
      const f = st.layout ? fieldOf(st.layout, asg.name.text) : undefined;
      if (!f || !st.layout) return undefined;
      return { range: { start: asg.name.start, end: asg.name.end }, markdown: fieldLines(st, st.layout, f).join('\n') };
    }
  }
  if (within(decl.name, offset)) {
    const n = cs.steps.length;
    const lines = [`**session ${decl.name.text}**: ClientAttach, ${n} ClientRequest${n === 1 ? '' : 's'}, ClientDetach (MS-TRP 3.1.4)`];
    lines.push('', cs.plan ? cs.plan.steps.map((s) => `- ${s.name}: ${s.packet}, ${s.hex.length / 2} bytes, lNeededSize ${s.lNeededSize}${s.bindings.length ? `, ${s.bindings.length} bound` : ''}`).join('\n') : 'No plan: the session has errors.');
    return { range: { start: decl.name.start, end: decl.name.end }, markdown: lines.join('\n') };
  }
  return undefined;
}

/** The step `name` of `cs` that a `STEP.FIELD` reads: the first of that name (session.ts). */
function stepNamed(cs: CheckedSession, name: string): CheckedStep | undefined {
  return cs.steps.find((x) => x.decl.name.text === name);
}

function fieldOf(L: Layout, name: string): FieldDef | undefined {
  return L.fields.find((f) => f.name === name);
}

/** Hover on step `st` of session `cs` (its name, a `STEP.FIELD` or a `decode reply STEP`) shown over `at`. */
export function stepHover(cs: CheckedSession, st: CheckedStep, at: { start: number; end: number }): Hover {
  const b = st.packet.encoded?.bytes;
  const type = st.layout?.name ?? st.decl.type?.text;
  const lines = [`**step ${st.decl.name.text}**${type ? `: ${type}` : ''}, step ${cs.steps.indexOf(st) + 1} of ${cs.steps.length} in session ${cs.decl.name.text}`];
  if (b) lines.push('', `${b.length} bytes, lNeededSize ${st.lNeededSize ?? b.length}: \`${hexOf(b, 0, b.length)}\``);
  else lines.push('', 'No bytes: the step has errors.');
  return { range: { start: at.start, end: at.end }, markdown: lines.join('\n') };
}

function fieldLines(st: CheckedStep, L: Layout, f: FieldDef): string[] {
  const lines = [`**${f.name}**: \`${fieldTypeText(f)}\` (${L.name}${L.section ? `, MS-TRP ${L.section}` : ''})`, ''];
  const b = st.packet.encoded?.bytes;
  const bound = st.bindings.find((x) => x.field === f);
  if (b && f.offset + f.size <= b.length) {
    const v = readInt(b, f.offset, f.size);
    lines.push(`@${f.offset}, ${f.size} byte${f.size === 1 ? '' : 's'}: \`${hexOf(b, f.offset, f.size)}\`${v !== undefined && f.type.kind === 'int' ? ` = ${numText(v, f.size)}` : ''}`);
  } else lines.push(`+${f.offset}, ${f.size} bytes`);
  if (bound?.from) lines.push('', `bound: patched at run time from step ${bound.from.step}'s reply, bytes ${bound.from.at}..${bound.from.at + 3}`);
  if (f.out) lines.push('', OUT_FIELD_NOTE);
  if (f.doc) lines.push('', f.doc);
  return lines;
}

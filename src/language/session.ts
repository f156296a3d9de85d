/**
 * Sessions (docs/language.md, "Sessions"): `session NAME { attach {...} STEP: TYPE {...} ... }` checked
 * into a plan. Each step is a packet body plus `lNeededSize`; a top-level field may take
 * `STEP.FIELD`, a u32 read at run time from the buffer ClientRequest returned for an earlier
 * step. Such a bound field is encoded as 0 in the step's hex and becomes a binding
 * {at, from: {step, at}}; the exported client patches it before the call.
 */
import { type CodecContext, type FieldDef, type Layout, LIMITS, toHex } from '../codec/index.js';
import type { Assignment, Expr, Node, PacketDecl, SessionDecl, StepDecl } from './ast.js';
import { type CheckedPacket, checkPacket, fieldsByName } from './check.js';
import { DiagCode } from './codes.js';
import type { RawDiagnostic, Scope } from './compile.js';
import { ACK_FIELD, replyTables } from './reply-tables.js';
import type { ReplyTables, SessionAttach, SessionBinding, SessionPlan, SessionStep } from './session-plan.js';
import { closest } from './suggest.js';

/** Attach defaults (docs/language.md, "attach"): pszMachine "" stands for "the machine that runs the exported client". */
export const ATTACH_DEFAULTS: Readonly<SessionAttach> = { lProcessID: 0xffffffff, pszDomainUser: '', pszMachine: '' };

type RefExpr = Extract<Expr, { kind: 'ref' }>;

/** One `STEP.FIELD` value, resolved. */
export interface StepBinding {
  /** The assignment `field = STEP.FIELD`. */
  node: Assignment;
  ref: RefExpr;
  /** The bound field of this step's layout. */
  field?: FieldDef;
  /** The step it reads (when it names an earlier step) and the field read there. */
  from?: { step: string; field: string; at: number; size: number; layout: string; out: boolean };
}

/** One checked step. */
export interface CheckedStep {
  decl: StepDecl;
  /** The step as a packet (bound fields as 0, lNeededSize taken out), checked and encoded. */
  packet: CheckedPacket;
  layout?: Layout;
  /** `lNeededSize` as written. */
  lNeededSize?: number;
  lNeededNode?: Assignment;
  bindings: StepBinding[];
}

/** A checked session: its steps, its attach values, and the plan when it has no errors. */
export interface CheckedSession {
  decl: SessionDecl;
  attach: SessionAttach;
  steps: CheckedStep[];
  diagnostics: RawDiagnostic[];
  plan?: SessionPlan;
  /** The field tables of the steps' layouts, for naming reply fields. */
  tables: ReplyTables;
}

/** A u32 of a layout's fixed part (not in a union arm, not inline): the only kind a binding can move. */
function isTopU32(L: Layout, f: FieldDef): boolean {
  return f.size === 4 && L.fields.includes(f) && f.type.kind !== 'bytes' && f.type.kind !== 'inline' && f.type.kind !== 'union';
}

/** Checks a session and, when it has no errors, builds its plan. Never throws. */
export function checkSession(uri: string, decl: SessionDecl, scope: Scope, ctx: CodecContext): CheckedSession {
  const diags: RawDiagnostic[] = [];
  const diag = (n: Node, code: DiagCode, message: string, severity: RawDiagnostic['severity'] = 'error', data?: RawDiagnostic['data']): void => {
    diags.push({ uri, start: n.start, end: Math.max(n.end, n.start + 1), severity, code, message, ...(data ? { data } : {}) });
  };
  const attach = checkAttach(decl, diag);
  const steps: CheckedStep[] = [];
  const allNames = decl.steps.map((s) => s.name.text);
  const seen = new Set<string>();
  for (const s of decl.steps) {
    if (seen.has(s.name.text)) diag(s.name, DiagCode.Duplicate, `step '${s.name.text}' is already defined in session ${decl.name.text}`);
    seen.add(s.name.text);
    steps.push(checkStep(uri, s, steps, allNames, scope, ctx, diag));
  }
  if (decl.steps.length === 0 && decl.closed) diag(decl.name, DiagCode.MissingField, `session ${decl.name.text} has no steps: add one, e.g. init: Initialize { ... }`, 'warning');
  for (const st of steps) diags.push(...st.packet.diagnostics);
  // The same tables `catalog --json` flattens (reply-tables.ts), for the layouts the steps use.
  const tables: ReplyTables = replyTables(scope, steps.flatMap((st) => (st.layout ? [st.layout.name] : [])));
  const res: CheckedSession = { decl, attach, steps, diagnostics: diags, tables };
  if (decl.closed && !diags.some((d) => d.severity === 'error')) {
    const planSteps: SessionStep[] = [];
    for (const st of steps) {
      const bytes = st.packet.encoded?.bytes;
      if (!bytes || !st.layout) return res;
      const bindings: SessionBinding[] = st.bindings.map((b) => ({ at: b.field!.offset, from: { step: b.from!.step, at: b.from!.at } }));
      planSteps.push({ name: st.decl.name.text, packet: st.layout.name, hex: toHex(bytes), lNeededSize: st.lNeededSize ?? bytes.length, bindings });
    }
    res.plan = { session: decl.name.text, attach, steps: planSteps };
  }
  return res;
}

type Diag = (n: Node, code: DiagCode, message: string, severity?: RawDiagnostic['severity'], data?: RawDiagnostic['data']) => void;

const ATTACH_KEYS = ['lProcessID', 'pszDomainUser', 'pszMachine'] as const;

function checkAttach(decl: SessionDecl, diag: Diag): SessionAttach {
  const out: SessionAttach = { ...ATTACH_DEFAULTS };
  if (!decl.attach) return out;
  const seen = new Set<string>();
  for (const a of decl.attach.body) {
    const k = a.name.text;
    if (!(ATTACH_KEYS as readonly string[]).includes(k)) {
      const sugg = closest(k, [...ATTACH_KEYS]);
      diag(a.name, DiagCode.BadAttach, `attach has no value '${k}' (it takes lProcessID, pszDomainUser, pszMachine)${sugg.length ? `; did you mean ${sugg[0]}?` : ''}`, 'error', { suggestions: sugg });
      continue;
    }
    if (seen.has(k)) {
      diag(a.name, DiagCode.Duplicate, `${k} is set twice`);
      continue;
    }
    seen.add(k);
    const v = a.value;
    if (v.kind === 'missing') {
      diag(a, DiagCode.BadAttach, `attach ${k} needs a value`);
      continue;
    }
    if (k === 'lProcessID') {
      if (v.kind !== 'number' || v.value < -0x80000000 || v.value > 0xffffffff) diag(v, DiagCode.BadAttach, 'lProcessID takes a 32-bit number (0xFFFFFFFF: none)');
      else out.lProcessID = v.value >>> 0;
    } else if (v.kind !== 'string') diag(v, DiagCode.BadAttach, `${k} takes a string in quotes`);
    else out[k as 'pszDomainUser' | 'pszMachine'] = v.value;
  }
  return out;
}

function checkStep(uri: string, s: StepDecl, earlier: readonly CheckedStep[], allNames: readonly string[], scope: Scope, ctx: CodecContext, diag: Diag): CheckedStep {
  const body: Assignment[] = [];
  const refs: { node: Assignment; ref: RefExpr }[] = [];
  let lNeededSize: number | undefined;
  let lNeededNode: Assignment | undefined;
  for (const a of s.body) {
    if (a.name.text === 'lNeededSize') {
      lNeededNode = a;
      const v = a.value;
      if (v.kind === 'missing') continue;
      if (v.kind !== 'number' || v.value < 0 || v.value > LIMITS.maxPacketSize) diag(v, DiagCode.OutOfRange, `lNeededSize takes a byte count up to ${LIMITS.maxPacketSize}`);
      else lNeededSize = v.value;
      continue;
    }
    if (a.value.kind === 'ref') {
      refs.push({ node: a, ref: a.value });
      // Encoded as 0 before binding; `@keep` so a fixed value (Open's hLine) does not warn about it.
      body.push({ ...a, value: { kind: 'number', value: 0, text: '0', start: a.value.start, end: a.value.end }, keep: true });
      continue;
    }
    body.push(a);
  }
  const decl: PacketDecl = { kind: 'packet', name: s.name, type: s.type, body, ...(s.doc !== undefined ? { doc: s.doc } : {}), start: s.start, end: s.end, bodyStart: s.bodyStart, closed: s.closed };
  const packet = checkPacket(uri, decl, scope, ctx);
  const L = packet.layout;
  if (L && L.kind !== 'request' && L.kind !== 'template' && s.type) diag(s.type, DiagCode.TypeMismatch, `${L.name} is a ${L.kind}: a step sends a request (ClientRequest, MS-TRP 3.1.4.2)`);
  const bindings: StepBinding[] = [];
  for (const { node, ref } of refs) {
    const b: StepBinding = { node, ref };
    bindings.push(b);
    if (L) {
      const f = fieldsByName(L).get(node.name.text);
      if (f) {
        b.field = f;
        if (!isTopU32(L, f)) diag(node.name, DiagCode.BindWidth, `${node.name.text} is ${f.size} bytes${L.fields.includes(f) ? '' : ' inside a union arm'}: a reply value binds only to a u32 of the fixed part`);
      }
    }
    const step = ref.step.text;
    const src = earlier.find((e) => e.decl.name.text === step);
    if (!src) {
      if (step === s.name.text) diag(ref.step, DiagCode.StepOrder, `${step}.${ref.field.text} reads this step's own reply, which does not exist before it is sent`);
      else if (allNames.includes(step)) diag(ref.step, DiagCode.StepOrder, `step '${step}' comes later in the session: its reply does not exist yet when ${s.name.text} is sent`);
      else {
        const sugg = closest(step, earlier.map((e) => e.decl.name.text));
        diag(ref.step, DiagCode.UnknownStep, `no earlier step '${step}' in this session${sugg.length ? `; did you mean ${sugg[0]}?` : ''}`, 'error', { suggestions: sugg });
      }
      continue;
    }
    const SL = src.layout;
    if (!SL) continue; // its own type error is reported on that step
    if (ref.field.text === ACK_FIELD) {
      b.from = { step, field: ACK_FIELD, at: 0, size: 4, layout: SL.name, out: true };
      continue;
    }
    const sf = fieldsByName(SL).get(ref.field.text);
    if (!sf) {
      const sugg = closest(ref.field.text, [ACK_FIELD, ...SL.fields.map((x) => x.name)]);
      diag(ref.field, DiagCode.UnknownStepField, `${SL.name} (step ${step}) has no field '${ref.field.text}'${sugg.length ? `; did you mean ${sugg[0]}?` : ''}`, 'error', { suggestions: sugg });
      continue;
    }
    if (!isTopU32(SL, sf)) {
      diag(ref.field, DiagCode.BindWidth, `${SL.name}.${sf.name} is ${sf.size} bytes: a binding reads a u32 of the fixed part`);
      continue;
    }
    b.from = { step, field: sf.name, at: sf.offset, size: 4, layout: SL.name, out: sf.out === true };
    if (!sf.out) {
      diag(ref, DiagCode.NotFilledByServer, `the server does not fill in ${SL.name}.${sf.name}: the reply echoes what ${step} sent`, 'warning');
    }
  }
  const len = packet.encoded?.bytes?.length;
  if (lNeededNode && lNeededSize !== undefined && len !== undefined && lNeededSize < len) {
    diag(lNeededNode.value, DiagCode.OutOfRange, `lNeededSize ${lNeededSize} is below the packet's ${len} bytes: the buffer offered must hold what is sent (IDL size_is(lNeededSize), length_is(*plUsedSize))`);
  }
  return { decl: s, packet, ...(L ? { layout: L } : {}), ...(lNeededSize !== undefined ? { lNeededSize } : {}), ...(lNeededNode ? { lNeededNode } : {}), bindings };
}

/**
 * `sessionPlan`: the plan of one session of a document, for `tapipkt export` and the editor's
 * "Export as JSON / Python" commands. A file with errors, no session, an unknown name, or
 * several sessions and no name give reasons, not a plan: an exported client must not carry
 * half-checked bytes.
 */
import type { Analysis } from './program.js';
import type { ReplyTables, SessionPlan } from './session-plan.js';

/** A plan and the field tables of its steps' layouts, or why there is none. */
export type SessionPlanResult = { plan: SessionPlan; tables: ReplyTables } | { errors: string[] };

/** Most error lines a failed export lists (the rest are counted). */
const MAX_LISTED = 10;

/**
 * The plan of session `name` (or of the document's only session) in an analysed document.
 * Errors anywhere in the document fail it: they are listed as `LINE:COL: message [code]`.
 */
export function sessionPlan(a: Analysis, name?: string): SessionPlanResult {
  const errs = a.diagnostics.filter((d) => d.severity === 'error');
  if (errs.length) {
    const lines = errs.slice(0, MAX_LISTED).map((d) => {
      const p = a.lines.positionAt(d.start);
      return `${p.line + 1}:${p.character + 1}: ${d.message} [${d.code}]`;
    });
    if (errs.length > MAX_LISTED) lines.push(`... and ${errs.length - MAX_LISTED} more`);
    return { errors: [`the file has ${errs.length} error${errs.length === 1 ? '' : 's'}; nothing exported`, ...lines] };
  }
  const all = a.sessions;
  const names = all.map((s) => s.decl.name.text);
  if (all.length === 0) return { errors: ['the file has no session (write one as `session NAME { STEP: Type { ... } }`)'] };
  let cs = all[0]!;
  if (name !== undefined) {
    const hit = all.find((s) => s.decl.name.text === name);
    if (!hit) return { errors: [`no session '${name}' in the file (sessions: ${names.join(', ')})`] };
    cs = hit;
  } else if (all.length > 1) return { errors: [`the file has ${all.length} sessions (${names.join(', ')}): name one`] };
  if (!cs.plan) return { errors: [`session '${cs.decl.name.text}' has no plan (it is not complete)`] };
  return { plan: cs.plan, tables: cs.tables };
}

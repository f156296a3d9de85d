/**
 * Code lenses: one per packet (its encoded size, or its error count and the first error's line
 * when anything in its declaration is an error, syntax errors included) and one per decode block
 * (the layout its bytes were read as and their size); one per session, to export it. The
 * editor turns them into commands.
 */
import { toHex } from '../../codec/index.js';
import { packetDiagnostics } from '../packet-diagnostics.js';
import type { Analysis } from '../program.js';
import type { CodeLensInfo, SessionLensInfo } from './types.js';

/** One lens per packet, on its name, and one per decode block, on its keyword. */
export function getCodeLenses(a: Analysis): CodeLensInfo[] {
  const inSpan = packetDiagnostics(a);
  const out: CodeLensInfo[] = [];
  for (const p of a.packets) {
    const errors = (inSpan.get(p) ?? p.diagnostics).filter((d) => d.severity === 'error');
    const size = errors.length === 0 ? p.encoded?.bytes?.length : undefined;
    const first = errors[0];
    out.push({
      kind: 'packet',
      range: { start: p.decl.name.start, end: p.decl.name.end },
      packet: p.decl.name.text,
      ...(size !== undefined ? { size } : {}),
      ok: size !== undefined,
      errors: errors.length,
      ...(first ? { firstError: { line: a.lines.positionAt(first.start).line, message: first.message } } : {}),
    });
  }
  a.decodes.forEach((d, index) => {
    const errors = (a.results.get(d.decl)?.diagnostics ?? []).filter((x) => x.severity === 'error');
    const first = errors[0];
    const layout = d.outcome?.layout?.name ?? d.outcome?.request.packet;
    out.push({
      kind: 'decode',
      range: { start: d.decl.keyword.start, end: d.decl.keyword.end },
      packet: typeof layout === 'string' ? layout : '',
      ...(d.bytes ? { size: d.bytes.length } : {}),
      ok: errors.length === 0 && d.outcome !== undefined,
      errors: errors.length,
      ...(first ? { firstError: { line: a.lines.positionAt(first.start).line, message: first.message } } : {}),
      decode: { index, ...(d.outcome?.chosenBy ? { chosenBy: d.outcome.chosenBy } : {}), ...(d.bytes ? { hex: toHex(d.bytes) } : {}) },
    });
  });
  return out;
}

/** One lens per session, on its name: the export commands when it has a plan. */
export function getSessionLenses(a: Analysis): SessionLensInfo[] {
  return a.sessions.map((s) => ({
    range: { start: s.decl.name.start, end: s.decl.name.end },
    session: s.decl.name.text,
    steps: s.decl.steps.length,
    ok: s.plan !== undefined && !a.diagnostics.some((d) => d.severity === 'error'),
  }));
}

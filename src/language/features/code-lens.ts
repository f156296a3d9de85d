/**
 * Code lenses: one per packet, with its encoded size when it encodes; one per session, to export it.
 */
import type { Analysis } from '../program.js';
import type { CodeLensInfo, SessionLensInfo } from './types.js';

/** One lens per packet, on its name. */
export function getCodeLenses(a: Analysis): CodeLensInfo[] {
  return a.packets.map((p) => {
    const size = p.encoded?.bytes?.length;
    return {
      range: { start: p.decl.name.start, end: p.decl.name.end },
      packet: p.decl.name.text,
      ...(size !== undefined ? { size } : {}),
      ok: size !== undefined && !p.diagnostics.some((d) => d.severity === 'error'),
    };
  });
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

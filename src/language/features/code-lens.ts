/**
 * Code lenses: one per packet, with its encoded size when it encodes.
 */
import type { Analysis } from '../program.js';
import type { CodeLensInfo } from './types.js';

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

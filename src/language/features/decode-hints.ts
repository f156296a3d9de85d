/**
 * The inlay hint of a decode block: after its `decode` keyword (or the layout it names), the
 * layout the bytes were read as and their size. This replaces an Info diagnostic under every
 * `decode` keyword, which filled the Problems panel with things that are not problems.
 */
import type { Analysis } from '../program.js';
import type { Range } from '../service.js';
import type { InlayHint } from './types.js';

/** Hints for the decode blocks that overlap `range`. */
export function getDecodeHints(a: Analysis, range: Range): InlayHint[] {
  const out: InlayHint[] = [];
  for (const d of a.decodes) {
    if (d.decl.end < range.start || d.decl.start > range.end || !d.bytes || !d.outcome) continue;
    const at = (d.decl.as ?? d.decl.keyword).end;
    const layout = d.outcome.layout?.name ?? d.outcome.request.packet;
    const label = d.decl.as ? ` ${d.bytes.length} B` : ` ${layout ?? '?'} · ${d.bytes.length} B`;
    const how = d.outcome.chosenBy ? ` (${d.outcome.chosenBy})` : '';
    out.push({ offset: at, label, tooltip: `decoded ${d.bytes.length} bytes as ${layout ?? 'no layout'}${how}` });
  }
  return out;
}

/**
 * The diagnostics inside each packet's declaration, whatever produced them: the checker's,
 * the parser's (a line that lost its field name), and the document's (a duplicate packet
 * name). "A packet with an error in its span does not encode" is decided here once, so the
 * editor (CodeLens, Encode, Copy, Show Layout) and the CLI refuse the same packets.
 */
import type { CheckedPacket } from './check.js';
import type { RawDiagnostic } from './compile.js';
import type { Analysis } from './program.js';

const cache = new WeakMap<Analysis, Map<CheckedPacket, RawDiagnostic[]>>();

/** True when a diagnostic starts inside a packet's declaration (its closing brace included). */
function inside(p: CheckedPacket, d: RawDiagnostic): boolean {
  return d.start >= p.decl.start && d.start <= p.decl.end;
}

/**
 * Every diagnostic of the document inside each packet's declaration, in text order. Built once
 * per analysis: the packets are in text order, so each diagnostic finds its packet by binary
 * search (a 10,000-packet file with an error in each stays linear-ish).
 */
export function packetDiagnostics(a: Analysis): Map<CheckedPacket, RawDiagnostic[]> {
  const hit = cache.get(a);
  if (hit) return hit;
  const ps = a.packets;
  const out = new Map<CheckedPacket, RawDiagnostic[]>();
  for (const p of ps) out.set(p, [...p.diagnostics]);
  const own = new Set<RawDiagnostic>();
  for (const p of ps) for (const d of p.diagnostics) own.add(d);
  for (const d of a.diagnostics) {
    if (own.has(d)) continue;
    let at = lastPacketStartingBy(ps, d.start);
    // "expected '}' to close packet A" sits on the next packet's keyword: it is A's error, and
    // the packet after it (which the parser read whole) still encodes.
    if (at > 0 && ps[at]!.decl.start === d.start && !ps[at - 1]!.decl.closed) at--;
    const p = at >= 0 ? ps[at] : undefined;
    if (p && (inside(p, d) || d.start === ps[at + 1]?.decl.start)) out.get(p)!.push(d);
  }
  for (const list of out.values()) list.sort((x, y) => x.start - y.start);
  cache.set(a, out);
  return out;
}

/**
 * Index of the last packet whose declaration starts at or before `offset` (-1 when none); the
 * packets are in text order, so a binary search.
 */
export function lastPacketStartingBy(ps: readonly CheckedPacket[], offset: number): number {
  let lo = 0;
  let hi = ps.length - 1;
  let at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ps[mid]!.decl.start <= offset) {
      at = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return at;
}

/** The errors inside a packet's declaration, first first; empty when it may be encoded. */
export function packetErrors(a: Analysis, p: CheckedPacket): RawDiagnostic[] {
  return (packetDiagnostics(a).get(p) ?? p.diagnostics).filter((d) => d.severity === 'error');
}

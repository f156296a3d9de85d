/**
 * Inlay hints: what the encoder computed, where the author can see it. After an offset field's
 * value: its value and where the item landed (`= 12 → @72, 16 B`); after a pinned size or total:
 * what the encoder would have written; at a packet's closing brace: the computed sizes and
 * totals the author did not write. With `offsets`, every assignment's byte offset (`@24`).
 */
import { isComputed, type Layout, type Span } from '../../codec/index.js';
import type { Assignment } from '../ast.js';
import type { CheckedPacket } from '../check.js';
import type { Range } from '../service.js';
import type { Analysis } from '../program.js';
import { lastPacketStartingBy, packetErrors } from '../packet-diagnostics.js';
import { readInt } from './format.js';
import { fieldAtPath, fieldOf, subLayout } from './locate.js';
import type { InlayHint } from './types.js';

/**
 * Longest hint label, in characters. VS Code cuts longer labels at `editor.inlayHints.maximumLength`
 * (43 by default) in the middle of a name (`lpCallParams.dwTotalSize = 200, lp…`); the full
 * text is in the tooltip.
 */
export const MAX_HINT_LABEL = 42;

/** Inlay hints for packets and session steps that overlap `range`. */
export function getInlayHints(a: Analysis, range: Range, options: { offsets: boolean } = { offsets: false }): InlayHint[] {
  const out: InlayHint[] = [];
  const ps = a.packets;
  for (let i = Math.max(0, lastPacketStartingBy(ps, range.start)); i < ps.length; i++) {
    const p = ps[i]!;
    if (p.decl.start > range.end) break;
    if (p.decl.end < range.start) continue;
    packetHints(a, p, options, out);
  }
  // Session steps: a packet's hints, and after each STEP.FIELD where in which reply it reads.
  for (const cs of a.sessions) {
    if (cs.decl.end < range.start || cs.decl.start > range.end) continue;
    for (const st of cs.steps) {
      packetHints(a, st.packet, options, out);
      for (const b of st.bindings) {
        if (!b.from || !b.field) continue;
        out.push({ offset: b.ref.end, label: ` ← ${b.from.step} reply @${b.from.at}`, tooltip: `bytes ${b.from.at}..${b.from.at + 3} of step ${b.from.step}'s reply, copied to byte ${b.field.offset} of this request before it is sent (0 until then)` });
      }
    }
  }
  const sorted = out.filter((h) => h.offset >= range.start && h.offset <= range.end).sort((x, y) => x.offset - y.offset);
  return withoutRepeats(a.text, sorted);
}

/**
 * Drops a hint whose label an earlier hint on the same line already shows: an inline structure
 * and its first field share an offset (`@116 DialParams = { @116 dwDialPause = 100 }`).
 */
function withoutRepeats(text: string, hints: InlayHint[]): InlayHint[] {
  const out: InlayHint[] = [];
  let lineStart = -1;
  let onLine = new Set<string>();
  for (const h of hints) {
    const ls = text.lastIndexOf('\n', h.offset - 1);
    if (ls !== lineStart) {
      lineStart = ls;
      onLine = new Set();
    }
    if (onLine.has(h.label.trim())) continue;
    onLine.add(h.label.trim());
    out.push(h);
  }
  return out;
}

function packetHints(a: Analysis, p: CheckedPacket, options: { offsets: boolean }, out: InlayHint[]): void {
  // A packet with an error does not encode (packet-diagnostics.ts): sizes and offsets from a
  // partial encode would show bytes that Encode then refuses to produce.
  if (packetErrors(a, p).length) return;
  const b = p.encoded?.bytes;
  const spans = p.encoded?.spans;
  if (!b || !spans || !p.layout) return;
  const fieldSpans = new Map<string, Span>();
  const itemSpans = new Map<string, Span>();
  for (const s of spans) (s.kind === 'field' ? fieldSpans : itemSpans).set(s.path, s);
  const walk = (body: readonly Assignment[], L: Layout | undefined, prefix: string): void => {
    for (const asg of body) {
      const path = prefix ? `${prefix}.${asg.name.text}` : asg.name.text;
      const f = fieldOf(L, asg.name.text);
      const fs = fieldSpans.get(path);
      if (!f || !fs) continue;
      if (options.offsets) out.push({ offset: asg.start, label: `@${fs.offset}`, tooltip: `${path} is at byte ${fs.offset} of the packet (${fs.size} bytes)` });
      const v = readInt(b, fs.offset, fs.size);
      if (f.type.kind === 'offset') {
        const item = itemSpans.get(path);
        if (item && v !== undefined) {
          out.push({ offset: asg.end, label: ` = ${v} → @${item.offset}, ${item.size} B`, tooltip: `${path} (byte ${fs.offset}) = ${v}; the item is at byte ${item.offset} of the packet, ${item.size} bytes` });
        } else if (v !== undefined && asg.value.kind === 'raw') {
          const want = p.computed.get(path);
          if (want !== undefined && want !== v) out.push({ offset: asg.end, label: ` computed ${want}`, tooltip: `the encoder would write ${want}` });
        }
      } else if (isComputed(f.type) && v !== undefined) {
        const want = p.computed.get(path);
        const label = want !== undefined && want !== v ? ` computed ${want}` : ` = ${v}`;
        // With field offsets on, `@36` already stands before the name: it is not repeated here.
        const where = options.offsets ? '' : ` @${fs.offset}, ${fs.size} B${label === ` = ${v}` ? '' : ','}`;
        out.push({ offset: asg.end, label: `${where}${label}`, tooltip: `${path} is at byte ${fs.offset}; the encoder computes ${want ?? v}` });
      }
      if (asg.value.kind === 'struct') walk(asg.value.body, subLayout(f, a.scope), path);
      if (asg.value.kind === 'list') {
        const sub = subLayout(f, a.scope);
        asg.value.items.forEach((e, i) => {
          if (e.kind !== 'struct') return;
          const es = itemSpans.get(`${path}[${i}]`);
          if (es) out.push({ offset: e.start, label: `#${i} @${es.offset}, ${es.size} B `, tooltip: `entry ${i} of ${path}: byte ${es.offset} of the packet, ${es.size} bytes` });
          walk(e.body, sub, `${path}[${i}]`);
        });
      }
    }
  };
  walk(p.decl.body, p.layout, '');
  if (!p.decl.closed) return;
  const unwritten: { path: string; value: number }[] = [];
  for (const s of spans) {
    if (s.kind !== 'field' || !s.computed || p.nodes.has(s.path)) continue;
    const f = fieldAtPath(a, p.layout, s.path);
    if (!f || !(f.type.kind === 'size' || f.type.kind === 'count' || f.type.kind === 'total' || f.type.kind === 'varsize')) continue;
    const v = readInt(b, s.offset, s.size);
    if (v !== undefined && (v !== 0 || (f.type.kind !== 'size' && f.type.kind !== 'count'))) unwritten.push({ path: s.path, value: v });
  }
  const tooltip = [`encoded size ${b.length} bytes`, unwritten.length ? 'computed values not written:' : 'no computed value left unwritten', ...unwritten.map((u) => `  ${u.path} = ${u.value}`)].join('\n');
  out.push({ offset: p.decl.end, label: closingLabel(b.length, unwritten), tooltip });
}

/**
 * ` 88 B · dwSize = 16`: the size, then as many computed values (by field name; the tooltip
 * gives full paths) as fit in MAX_HINT_LABEL, and how many more.
 */
export function closingLabel(size: number, unwritten: readonly { path: string; value: number }[]): string {
  let label = ` ${size} B`;
  let shown = 0;
  for (const u of unwritten) {
    const next = `${label}${shown ? ', ' : ' · '}${u.path.slice(u.path.lastIndexOf('.') + 1)} = ${u.value}`;
    const left = unwritten.length - shown - 1;
    if (`${next}${left ? `, +${left} more` : ''}`.length > MAX_HINT_LABEL) break;
    label = next;
    shown++;
  }
  const left = unwritten.length - shown;
  if (left) label += shown ? `, +${left} more` : ` · ${left} computed`;
  return label;
}

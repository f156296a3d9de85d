/**
 * The layout view's model: where every byte of a packet (or of a decode block's bytes) comes
 * from, one row per field, item, byte range a pinned offset aims at, and unexplained bytes.
 * Pure data; the editor renders it (Show Layout) and re-asks after each edit.
 */
import { type FieldDef, type Layout, type Span, TAPI_NO_DATA, toHex } from '../../codec/index.js';
import { packetDiagnostics } from '../packet-diagnostics.js';
import type { Analysis } from '../program.js';
import { readInt } from './format.js';

/** Which thing of a document the view shows: a packet by name, or the n-th decode block. */
export type LayoutTarget = { packet: string } | { decode: number };

/** One row of the layout. */
export interface LayoutViewRow {
  /** Field path (`lpGroupID`), or for other rows what they are (`lpGroupID → item`, `VarData`). */
  path: string;
  offset: number;
  size: number;
  /**
   * field: a fixed-part field; item: what an offset points at; target: bytes a pinned (or,
   * decoded, unconventional) offset aims at that no item explains; gap: bytes nothing explains.
   */
  kind: 'field' | 'item' | 'target' | 'gap';
  /** True when the encoder computed the value (offsets, sizes, totals). */
  computed: boolean;
  /** The row's bytes as lowercase hex. */
  hex: string;
  /** Why the row is there, for target and gap rows. */
  note?: string;
}

/** What the layout view shows for one target. */
export interface LayoutViewModel {
  target: LayoutTarget;
  /** The packet's name, or `decode` for a decode block. */
  name: string;
  /** The layout the bytes follow, when known. */
  type?: string;
  /** Line (0-based) of the packet's name or the block's `decode` keyword. */
  line: number;
  /** The bytes; absent when the packet or block has errors. */
  bytes?: Uint8Array;
  rows: LayoutViewRow[];
  /** The errors that stop it, first first (line 0-based). */
  errors: { line: number; code: string; message: string }[];
}

/** The packet or decode block at an offset, or the document's only one; undefined otherwise. */
export function layoutTargetAt(a: Analysis, offset: number): LayoutTarget | undefined {
  const p = a.packets.find((x) => offset >= x.decl.start && offset <= x.decl.end);
  if (p) return { packet: p.decl.name.text };
  const d = a.decodes.findIndex((x) => offset >= x.decl.start && offset <= x.decl.end);
  if (d >= 0) return { decode: d };
  const all = layoutTargets(a);
  return all.length === 1 ? all[0]!.target : undefined;
}

/** Every packet and decode block of a document, with a label for a picker. */
export function layoutTargets(a: Analysis): { target: LayoutTarget; label: string; type?: string; line: number }[] {
  const out: { target: LayoutTarget; label: string; type?: string; line: number; at: number }[] = [];
  for (const p of a.packets) {
    out.push({ target: { packet: p.decl.name.text }, label: p.decl.name.text, ...(p.layout ? { type: p.layout.name } : {}), line: a.lines.positionAt(p.decl.start).line, at: p.decl.start });
  }
  a.decodes.forEach((d, i) => {
    const type = d.outcome?.layout?.name;
    out.push({ target: { decode: i }, label: `decode block ${i + 1}`, ...(type ? { type } : {}), line: a.lines.positionAt(d.decl.start).line, at: d.decl.start });
  });
  return out.sort((x, y) => x.at - y.at).map(({ at: _at, ...rest }) => rest);
}

/** The layout of a packet (by name) or a decode block (by index); undefined when it is gone. */
export function getLayout(a: Analysis, target: LayoutTarget): LayoutViewModel | undefined {
  const errorsOf = (ds: readonly { start: number; code: string; message: string; severity: string }[]): LayoutViewModel['errors'] =>
    ds.filter((d) => d.severity === 'error').map((d) => ({ line: a.lines.positionAt(d.start).line, code: d.code, message: d.message }));
  if ('packet' in target) {
    const p = a.packets.find((x) => x.decl.name.text === target.packet);
    if (!p) return undefined;
    const errors = errorsOf(packetDiagnostics(a).get(p) ?? p.diagnostics);
    const bytes = errors.length === 0 ? p.encoded?.bytes : undefined;
    return {
      target, name: p.decl.name.text, ...(p.layout ? { type: p.layout.name } : {}), line: a.lines.positionAt(p.decl.name.start).line,
      ...(bytes ? { bytes } : {}),
      rows: bytes && p.encoded ? layoutViewRows(bytes, p.encoded.spans ?? [], p.layout, 'pinned') : [],
      errors,
    };
  }
  const d = a.decodes[target.decode];
  if (!d) return undefined;
  const errors = errorsOf(a.results.get(d.decl)?.diagnostics ?? []);
  const bytes = errors.length === 0 && d.outcome ? d.bytes : undefined;
  const type = d.outcome?.layout?.name;
  return {
    target, name: 'decode', ...(type ? { type } : {}), line: a.lines.positionAt(d.decl.keyword.start).line,
    ...(bytes ? { bytes } : {}),
    rows: bytes && d.outcome ? layoutViewRows(bytes, d.outcome.spans, d.outcome.layout, 'decoded') : [],
    errors,
  };
}

type SpanLike = Pick<Span, 'path' | 'offset' | 'size' | 'kind' | 'computed'>;

/**
 * Rows of a layout, ordered by offset (enclosing rows before the ones inside them): the spans,
 * then the bytes an offset aims at that no item explains (a pinned offset places no item: the
 * author put the bytes in `varData`), then every byte range nothing explains (padding, VarData
 * given as raw bytes, `padTo`).
 */
export function layoutViewRows(bytes: Uint8Array, spans: readonly SpanLike[], layout: Layout | undefined, how: 'pinned' | 'decoded' = 'pinned'): LayoutViewRow[] {
  const rows: LayoutViewRow[] = spans.map((s) => ({ path: s.path, offset: s.offset, size: s.size, kind: s.kind, computed: !!s.computed, hex: hexAt(bytes, s.offset, s.size) }));
  const top = spans.filter((s) => s.kind === 'field' && !s.path.includes('.'));
  // VarData (requests, responses) starts after the top-level fields; a structure's offsets count from its first byte.
  const varData = top.reduce((m, s) => Math.max(m, s.offset + s.size), 0);
  const base = layout?.kind === 'structure' ? 0 : varData;
  const items = new Set(spans.filter((s) => s.kind === 'item').map((s) => s.path));
  const byName = new Map((layout?.fields ?? []).map((f) => [f.name, f]));
  for (const s of top) {
    const f = byName.get(s.path);
    if (!f || f.type.kind !== 'offset' || items.has(s.path)) continue;
    const v = readInt(bytes, s.offset, 4);
    if (v === undefined || v === TAPI_NO_DATA) continue;
    const start = base + v;
    if (start >= bytes.length || (layout?.kind === 'structure' && v === 0)) continue;
    const size = targetSize(bytes, start, f, top);
    if (size <= 0) continue;
    rows.push({
      path: `${s.path} → item`, offset: start, size, kind: 'target', computed: false, hex: hexAt(bytes, start, size),
      note: `${how === 'pinned' ? 'pinned offset' : 'offset'} ${v}${f.type.target.kind === 'struct' ? '' : ` (${f.type.target.kind})`}`,
    });
  }
  // Bytes no span covers: alignment padding, raw VarData, padTo.
  const covered = new Uint8Array(bytes.length);
  for (const s of spans) covered.fill(1, Math.max(0, s.offset), Math.min(bytes.length, s.offset + s.size));
  for (let i = 0; i < bytes.length; ) {
    if (covered[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < bytes.length && !covered[j]) j++;
    const zero = bytes.subarray(i, j).every((b) => b === 0);
    rows.push({
      path: i >= varData ? 'VarData' : '(no field)', offset: i, size: j - i, kind: 'gap', computed: false, hex: hexAt(bytes, i, j - i),
      note: zero && j - i < 4 && i >= varData ? 'zero padding' : zero ? 'zero bytes no field or item explains' : 'bytes no field or item explains',
    });
    i = j;
  }
  return rows.sort((x, y) => x.offset - y.offset || y.size - x.size);
}

function hexAt(b: Uint8Array, at: number, size: number): string {
  return toHex(b.subarray(at, at + size));
}

/** How many bytes an offset's item takes at `start`, by its type; never past the end. */
function targetSize(b: Uint8Array, start: number, f: FieldDef, top: readonly SpanLike[]): number {
  if (f.type.kind !== 'offset') return 0;
  const left = b.length - start;
  const t = f.type.target;
  switch (t.kind) {
    case 'guid':
      return Math.min(16, left);
    case 'wstr': {
      for (let i = start; i + 1 < b.length; i += 2) if (b[i] === 0 && b[i + 1] === 0) return i + 2 - start;
      return left;
    }
    case 'str': {
      const nul = b.indexOf(0, start);
      return nul < 0 ? left : nul + 1 - start;
    }
    case 'bytes': {
      const sf = f.type.sizeField ? top.find((s) => s.path === (f.type as { sizeField?: string }).sizeField) : undefined;
      const n = sf ? readInt(b, sf.offset, 4) : undefined;
      return Math.min(n ?? left, left);
    }
    case 'struct': {
      const total = readInt(b, start, 4);
      return Math.min(total !== undefined && total >= 4 ? total : left, left);
    }
    case 'list':
      // The decoder's spans say where a list (and each entry) lies; without them, the rest.
      return left;
  }
}

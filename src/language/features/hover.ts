/**
 * Hover: what a field puts on the wire (offset, size, bytes, computed value, constant
 * meaning), layouts as tables, constants with their table, and bytes of decode blocks.
 */
import { type AsyncEvent, type FieldDef, formatGuid, isComputed, type Layout, readAscii, readUtf16, type Span, typeName } from '../../codec/index.js';
import type { DecodeDecl, Expr, PacketDecl } from '../ast.js';
import type { CheckedPacket } from '../check.js';
import type { Analysis, DecodedBlock } from '../program.js';
import { type FeatureContext, findConstant } from './context.js';
import { fieldTypeText, hexOf, layoutSummary, layoutTable, meaning, numText, readInt, tableOf, tableSummary } from './format.js';
import { assignmentsAt, checkedPacketOf, fieldAtPath, fieldOf, itemAt, within } from './locate.js';
import { itemOccurrences, type Occurrence } from './occurrences.js';
import { OUT_FIELD_NOTE, sessionHover, stepHover } from './session-hover.js';
import type { Hover } from './types.js';

/** Hover at `offset`; undefined when nothing applies. Never throws on user text. */
export function getHover(ctx: FeatureContext, a: Analysis, offset: number): Hover | undefined {
  const it = itemAt(a, offset);
  if (!it) return undefined;
  if (it.kind === 'decode' && it.hex && offset >= it.hex.start && offset < it.hex.end) return decodeHover(a, it, offset);
  if (it.kind === 'session') {
    const h = sessionHover(a, it, offset);
    if (h) return h;
  }
  const occ = itemOccurrences(a, it);
  const o = occ.find((x) => offset >= x.start && offset < x.end) ?? occ.find((x) => offset === x.end);
  if (it.kind === 'packet' && (!o || o.sym.kind === 'field' || o.sym.kind === 'constant')) {
    const h = packetFieldHover(ctx, a, it, offset, o);
    if (h) return h;
  }
  if (it.kind === 'packet' && o?.sym.kind === 'packet') return packetHover(a, it, o);
  return o ? symbolHover(ctx, a, o) : undefined;
}

function range(o: { start: number; end: number }): Hover['range'] {
  return { start: o.start, end: o.end };
}

function packetHover(a: Analysis, decl: PacketDecl, o: Occurrence): Hover {
  const p = checkedPacketOf(a, decl);
  const lines = [`**packet ${decl.name.text}**${p?.layout ? `: ${p.layout.name}` : ''}`];
  const b = p?.encoded?.bytes;
  if (b) lines.push('', `${b.length} bytes: \`${hexOf(b, 0, b.length)}\``);
  else lines.push('', 'No bytes: the packet has errors.');
  if (decl.doc) lines.push('', decl.doc);
  return { range: range(o), markdown: lines.join('\n') };
}

/** Hover on a name that is not a packet assignment: definitions, constants, types. */
function symbolHover(ctx: FeatureContext, a: Analysis, o: Occurrence): Hover | undefined {
  const s = o.sym;
  switch (s.kind) {
    case 'layout': {
      const L = a.scope.layout(s.name);
      if (!L) return undefined;
      return { range: range(o), markdown: `${layoutSummary(L)}\n\n${layoutTable(L)}` };
    }
    case 'table': {
      const t = a.scope.table(s.name);
      if (!t) return undefined;
      const rows = t.entries.slice(0, 24).map((e) => `| ${e.name} | 0x${e.value.toString(16).toUpperCase().padStart(8, '0')} |`);
      const more = t.entries.length > 24 ? `\n\n... and ${t.entries.length - 24} more` : '';
      return { range: range(o), markdown: `${tableSummary(t)}\n\n| name | value |\n|---|---:|\n${rows.join('\n')}${more}` };
    }
    case 'alias': {
      const al = a.scope.alias(s.name);
      if (!al) return undefined;
      return { range: range(o), markdown: `**type ${al.name}** = \`${typeName(al.type)}\`${al.doc ? `\n\n${al.doc}` : ''}` };
    }
    case 'constant':
      return constantHover(ctx, a, o.start, o.end, s.name);
    case 'field': {
      const L = a.scope.layout(s.layout);
      const f = fieldOf(L, s.name);
      if (!L || !f) return undefined;
      return { range: range(o), markdown: fieldDefText(L, f) };
    }
    case 'builtin':
      return { range: range(o), markdown: `**${s.name}**: built-in type` };
    case 'step': {
      // `decode reply STEP` (a step's own name and its uses are answered by sessionHover).
      const cs = a.sessions.find((x) => x.decl.start === s.session);
      const st = cs?.steps.find((x) => x.decl.name.text === s.name);
      return cs && st ? stepHover(cs, st, o) : undefined;
    }
    default:
      return undefined;
  }
}

function fieldDefText(L: Layout, f: FieldDef): string {
  const lines = [`**${f.name}**: \`${fieldTypeText(f)}\``, '', `${L.name} +${f.offset}, ${f.size} byte${f.size === 1 ? '' : 's'}${L.section ? ` (MS-TRP ${L.section})` : ''}`];
  if (isComputed(f.type)) lines.push('', 'Computed by the encoder unless pinned with `raw`.');
  if (f.out) lines.push('', OUT_FIELD_NOTE);
  if (f.doc) lines.push('', f.doc);
  return lines.join('\n');
}

function constantLines(ctx: FeatureContext, a: Analysis, name: string): string[] | undefined {
  const c = findConstant(ctx, a, name);
  if (!c) return undefined;
  const lines = [`**${name}** = ${numText(c.entry.value)}`, '', `${c.table.flags ? 'flag of' : 'constant of'} ${c.table.name}${c.table.section ? ` (MS-TRP ${c.table.section})` : ''}`];
  if (c.entry.doc) lines.push('', c.entry.doc);
  return lines;
}

function constantHover(ctx: FeatureContext, a: Analysis, start: number, end: number, name: string): Hover | undefined {
  const lines = constantLines(ctx, a, name);
  return lines ? { range: { start, end }, markdown: lines.join('\n') } : undefined;
}

/** What one assignment of a packet puts on the wire. */
function packetFieldHover(ctx: FeatureContext, a: Analysis, decl: PacketDecl, offset: number, o: Occurrence | undefined): Hover | undefined {
  const p = checkedPacketOf(a, decl);
  const hits = assignmentsAt(decl, p?.layout, a.scope, offset);
  const hit = hits[hits.length - 1];
  if (!hit) return undefined;
  const asg = hit.assignment;
  const onName = within(asg.name, offset);
  const head: string[] = [];
  if (!onName && o?.sym.kind === 'constant') {
    const c = constantLines(ctx, a, o.sym.name);
    if (c) head.push(...c, '', '---', '');
  }
  const f = hit.field;
  if (!f) return head.length ? { range: range(o!), markdown: head.join('\n') } : undefined;
  const entry = !onName && asg.value.kind === 'list' ? asg.value.items.findIndex((e) => offset >= e.start && offset <= e.end) : -1;
  if (entry >= 0 && asg.value.kind === 'list' && !head.length) return entryHover(a, p, hit.path, f, asg.value.items, entry);
  const lines = [...head, `**${hit.path}**: \`${fieldTypeText(f)}\`${hit.layout ? ` (${hit.layout.name}${hit.layout.section ? `, MS-TRP ${hit.layout.section}` : ''})` : ''}`, ''];
  if (p) lines.push(...wireLines(a, p, hit.path, f));
  if (f.out) lines.push('', OUT_FIELD_NOTE);
  if (f.doc) lines.push('', f.doc);
  const r = onName ? asg.name : !onName && o?.sym.kind === 'constant' ? o : asg.value;
  return { range: range(r), markdown: lines.join('\n') };
}

/** One entry of a list: which entry, of what type, and where it lies in the packet. */
function entryHover(a: Analysis, p: CheckedPacket | undefined, path: string, f: FieldDef, items: readonly Expr[], i: number): Hover {
  const type = f.type.kind === 'array' ? f.type.layout : f.type.kind === 'offset' && f.type.target.kind === 'list' ? f.type.target.layout : '?';
  const L = a.scope.layout(type);
  const lines = [`**${path}[${i}]**: entry ${i} of ${items.length}, a \`${type}\`${L?.section ? ` (MS-TRP ${L.section})` : ''}`, ''];
  const s = spanOf(p?.encoded?.spans, `${path}[${i}]`, 'item');
  if (s) lines.push(`bytes ${s.offset}..${s.offset + s.size - 1} of the packet (${s.size} bytes)`);
  else if (L) lines.push(`${L.fixedSize} bytes`);
  return { range: range(items[i]!), markdown: lines.join('\n') };
}

function spanOf(spans: readonly Span[] | undefined, path: string, kind: Span['kind']): Span | undefined {
  return spans?.find((s) => s.path === path && s.kind === kind);
}

/** Offset, size, bytes, computed value and meaning of a field in an encoded packet. */
function wireLines(a: Analysis, p: CheckedPacket, path: string, f: FieldDef): string[] {
  const b = p.encoded?.bytes;
  const spans = p.encoded?.spans;
  if (!b) return [`+${f.offset} in its layout, ${f.size} bytes (no bytes: the packet has errors)`];
  const fs = spanOf(spans, path, 'field');
  if (!fs) return [`not in the encoded bytes`];
  const out: string[] = [];
  const v = readInt(b, fs.offset, fs.size);
  if (f.type.kind === 'offset') {
    const item = spanOf(spans, path, 'item');
    let line = `offset field @${fs.offset} = ${v === 0xffffffff ? 'TAPI_NO_DATA (0xFFFFFFFF)' : v}`;
    // An offset inside a nested, embedded or entry structure, or with @base, counts from elsewhere than the packet's base: say where.
    if (item && v !== undefined && (path.includes('.') || f.type.base !== undefined)) line += ` (from byte ${item.offset - v})`;
    if (item) line += ` → item @${item.offset}, ${item.size} bytes: \`${hexOf(b, item.offset, item.size)}\``;
    else line += ' (no item)';
    out.push(line);
    if (item) {
      const t = f.type.target.kind;
      if (t === 'guid' && item.size === 16) out.push('', `GUID ${formatGuid(b, item.offset)}`);
      else if (t === 'wstr') out.push('', `"${readUtf16(b, item.offset, item.offset + item.size).replace(/\0$/, '')}" (UTF-16LE, NUL-terminated)`);
      else if (t === 'str') out.push('', `"${readAscii(b, item.offset, item.offset + item.size).replace(/\0$/, '')}" (NUL-terminated)`);
    }
  } else {
    out.push(`@${fs.offset}, ${fs.size} byte${fs.size === 1 ? '' : 's'}: \`${hexOf(b, fs.offset, fs.size)}\``);
    if (v !== undefined) {
      const m = meaning(v, tableOf(f, a.scope));
      out.push('', `= ${numText(v, fs.size)}${m ? ` = ${m}` : ''}`);
    }
  }
  if (isComputed(f.type) && f.type.kind !== 'offset') {
    const want = p.computed.get(path);
    if (want !== undefined && want !== v) out.push('', `pinned; the encoder would compute ${want}`);
    else out.push('', `computed: ${v ?? '?'}`);
  } else if (f.type.kind === 'offset') {
    const want = p.computed.get(path);
    if (want !== undefined && want !== v) out.push('', `pinned; the encoder would compute ${want}`);
  }
  return out;
}

/** A byte inside one event of a GetAsyncEvents reply: the event's field, by the event's own layout. */
function eventByteHover(a: Analysis, block: DecodedBlock, ev: AsyncEvent, idx: number, r: Hover['range']): Hover {
  const b = block.bytes!;
  const n = block.events!.indexOf(ev) + 1;
  const rel = idx - ev.at;
  const L = ev.outcome.layout;
  const head = `byte ${idx} = 0x${b[idx]!.toString(16).padStart(2, '0')}: event ${n} (bytes ${ev.at}..${ev.at + ev.size - 1}), ${L?.name ?? 'not decoded'}`;
  const s = ev.outcome.spans.filter((x) => x.kind === 'field' && rel >= x.offset && rel < x.offset + x.size).sort((x, y) => x.size - y.size)[0];
  if (!s) return { range: r, markdown: `${head}${ev.outcome.chosenBy ? `\n\n${ev.outcome.chosenBy}` : ''}` };
  const f = fieldAtPath(a, L, s.path);
  const lines = [head, '', `**${s.path}**${f ? `: \`${fieldTypeText(f)}\`` : ''}, event bytes ${s.offset}..${s.offset + s.size - 1}`];
  const v = readInt(b, ev.at + s.offset, s.size);
  if (v !== undefined) {
    const m = meaning(v, tableOf(f, a.scope));
    lines.push('', `= ${numText(v, s.size)}${m ? ` = ${m}` : ''}`);
  }
  if (ev.outcome.chosenBy) lines.push('', ev.outcome.chosenBy);
  if (f?.doc) lines.push('', f.doc);
  return { range: r, markdown: lines.join('\n') };
}

/** Which field a byte of a decode block belongs to, and its decoded value. */
function decodeHover(a: Analysis, it: DecodeDecl, offset: number): Hover | undefined {
  const block = a.decodes.find((d) => d.decl === it);
  if (!block || !block.bytes) return undefined;
  const starts = block.byteStarts;
  let lo = 0;
  let hi = starts.length - 1;
  let idx = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! <= offset) {
      idx = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (idx < 0 || offset >= starts[idx]! + 2) return undefined;
  const b = block.bytes;
  const r = { start: starts[idx]!, end: starts[idx]! + 2 };
  const ev = block.events?.find((e) => idx >= e.at && idx < e.at + e.size);
  if (ev) return eventByteHover(a, block, ev, idx, r);
  const spans = (block.outcome?.spans ?? []).filter((s) => idx >= s.offset && idx < s.offset + s.size);
  spans.sort((x, y) => x.size - y.size || (x.kind === 'field' ? -1 : 1));
  const s = spans[0];
  const head = `byte ${idx} = 0x${b[idx]!.toString(16).padStart(2, '0')}${block.reply ? ` (reply to ${block.reply.step ? `step ${block.reply.step}, ` : ''}${block.reply.to})` : ''}`;
  const L = block.outcome?.layout;
  if (!s) return { range: r, markdown: `${head}\n\n${L ? `not part of any field of ${L.name}` : 'no layout matched these bytes'}` };
  const f = fieldAtPath(a, L, s.path);
  const shown = block.reply && s.path === 'Req_Func' ? 'Ack_ReturnValue' : s.path;
  const lines = [head, '', `**${shown}**${s.kind === 'item' ? ' (item)' : ''}${f ? `: \`${fieldTypeText(f)}\`` : ''}, bytes ${s.offset}..${s.offset + s.size - 1}: \`${hexOf(b, s.offset, s.size)}\``];
  if (s.kind === 'field') {
    const v = readInt(b, s.offset, s.size);
    if (v !== undefined) {
      const m = meaning(v, tableOf(f, a.scope));
      lines.push('', `= ${numText(v, s.size)}${m ? ` = ${m}` : ''}`);
    }
  } else if (f?.type.kind === 'offset') {
    const t = f.type.target.kind;
    if (t === 'guid' && s.size === 16) lines.push('', `GUID ${formatGuid(b, s.offset)}`);
    else if (t === 'wstr') lines.push('', `"${readUtf16(b, s.offset, s.offset + s.size).replace(/\0$/, '')}"`);
    else if (t === 'str') lines.push('', `"${readAscii(b, s.offset, s.offset + s.size).replace(/\0$/, '')}"`);
  }
  if (block.reply && f?.out) lines.push('', OUT_FIELD_NOTE);
  if (f?.doc) lines.push('', f.doc);
  return { range: r, markdown: lines.join('\n') };
}

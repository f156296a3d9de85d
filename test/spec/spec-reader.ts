/**
 * Test-support reader for the MS-TRP specification (Markdown rendering kept
 * outside the repository, at ../shared/spec/MS-TRP.md relative to the repo root).
 *
 * It extracts facts only (section numbers, names, numbers, sizes) at run time;
 * nothing read here is meant to be written into the repository, apart from the
 * facts themselves.
 *
 * Layout rules:
 * - A layout is a section under 2.2.4.1, 2.2.4.2, 2.2.5 or 2.2.6 whose own body
 *   holds a mermaid `packet-beta` block. Sub-sections without a heading (the
 *   spec introduces FLOWSPEC, 2.2.4.1.3.67.1, with an anchor and a bare title
 *   line) are recognised from their `<a id="Section_...">` anchor.
 * - Field sizes come from the field text (`**name (N bytes):**`), not from the
 *   drawing's bit ranges, which are wrong in a number of places. Offsets are the
 *   running sum of the stated sizes in drawing order.
 * - Field names come from the field text; the drawing contributes the
 *   "(optional)" marks. `VarData` (any casing) is left out of `fields`.
 * - `dw...Size` / `dw...Offset` fields that the text calls "(variable)" are
 *   DWORDs (LINEAGENTSESSIONLIST.dwListOffset).
 * - Fields whose text says they are "present only when dwRequestType is set to
 *   X" (LINEPROXYREQUEST) are grouped into `variants`, each starting right
 *   after the common header.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export interface SpecField {
  name: string;
  size: number | 'variable';
  offset: number;
  optional: boolean;
  /** First sentence of the field's text (plus the next one when the first is only a data type); for drafting, never committed. */
  description: string;
}

export interface SpecVariant {
  /** The selector constant, e.g. `LINEPROXYREQUEST_SETAGENTGROUP`. */
  name: string;
  fields: SpecField[];
}

export interface SpecLayout {
  section: string;
  title: string;
  kind: 'request' | 'response' | 'template' | 'structure';
  reqFunc?: number;
  msg?: number;
  /** Excludes VarData. */
  fields: SpecField[];
  /** Bytes before VarData or before the first variable-size field (for a union: the common header). */
  fixedSize: number;
  hasVarData: boolean;
  /** Set when the field text gives VarData a fixed size, e.g. `VarData (16 bytes)` holding a LINEEXTENSIONID. */
  varDataSize?: number;
  /** Union arms (only LINEPROXYREQUEST): fields present only for one value of the selector. */
  variants?: SpecVariant[];
}

export interface SpecConstant {
  table: string;
  section: string;
  name: string;
  value: number;
}

export interface SpecRule {
  reqFunc: number;
  name: string;
  text: string[];
}

export interface SpecData {
  layouts: SpecLayout[];
  constants: SpecConstant[];
  rules: SpecRule[];
}

/** A place where the spec disagrees with itself and the reader chose one side. */
export interface SpecDiscrepancy {
  section: string;
  title: string;
  field: string;
  kind: 'size' | 'name' | 'count' | 'gap' | 'vardata-name' | 'variable-dword' | 'msg' | 'other';
  drawn: string;
  stated: string;
  note: string;
}

/** /work/main/test/spec -> /work/shared/spec/MS-TRP.md; TAPIPKT_SPEC_PATH overrides it (e.g. to run as a clone without the text). */
export function defaultSpecPath(): string {
  return process.env['TAPIPKT_SPEC_PATH'] ?? path.resolve(__dirname, '../../../shared/spec/MS-TRP.md');
}

// ---------------------------------------------------------------------------
// Sections

interface Section {
  id: string;
  title: string;
  /** 1-based line number of the heading (or anchor) that starts the section. */
  line: number;
  body: string[];
}

const HEADING = /^(#{1,6}) (\d+(?:\.\d+)*) (.+?)\s*$/;
const ANCHOR = /^<a id="Section_(\d+(?:\.\d+)*)"><\/a>\s*$/;

function splitSections(lines: string[]): Section[] {
  const sections: Section[] = [];
  let current: Section | undefined;
  let inFence = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.startsWith('```')) inFence = !inFence;
    if (!inFence) {
      const h = HEADING.exec(line);
      if (h) {
        current = { id: h[2] ?? '', title: h[3] ?? '', line: i + 1, body: [] };
        sections.push(current);
        continue;
      }
      const a = ANCHOR.exec(line);
      if (a) {
        // An anchor normally precedes a heading; when it does not, the next
        // non-empty line is a bare title that starts an unnumbered-heading section.
        let j = i + 1;
        while (j < lines.length && (lines[j] ?? '').trim() === '') j++;
        const next = lines[j] ?? '';
        if (!HEADING.test(next) && !ANCHOR.test(next)) {
          current = { id: a[1] ?? '', title: next.trim(), line: i + 1, body: [] };
          sections.push(current);
          i = j;
        }
        continue;
      }
    }
    current?.body.push(line);
  }
  return sections;
}

function under(id: string, prefix: string): boolean {
  return id.startsWith(prefix + '.');
}

// ---------------------------------------------------------------------------
// Text helpers

/** Markdown to plain text: links to their text, emphasis markers removed. */
function plain(s: string): string {
  return s
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/(^|[\s(])\*([^*\s][^*]*?)\*(?=[\s.,;:)]|$)/g, '$1$2')
    .replace(/\s+/g, ' ')
    .trim();
}

function sentences(s: string): string[] {
  const out: string[] = [];
  const re = /[^.!?]*?(?:\b(?:e\.g|i\.e|etc|vs)\.|\d\.\d|[^.!?])*?[.!?](?=\s+[A-Z0-9("[]|\s*$)/y;
  let rest = s.trim();
  while (rest.length > 0) {
    re.lastIndex = 0;
    const m = re.exec(rest);
    if (!m || m[0].length === 0) {
      out.push(rest);
      break;
    }
    out.push(m[0].trim());
    rest = rest.slice(m[0].length).trim();
  }
  return out;
}

function describe(text: string): string {
  const ss = sentences(plain(text));
  const first = ss[0] ?? '';
  // "An unsigned 32-bit integer." / "An HLINE." say only the type; add the next sentence.
  if (ss.length > 1 && first.split(/\s+/).length <= 5 && /^An? /.test(first)) return `${first} ${ss[1] ?? ''}`.trim();
  return first;
}

function parseNumber(s: string): number {
  const t = s.trim();
  return /^0x/i.test(t) ? parseInt(t.slice(2), 16) : parseInt(t, 10);
}

// ---------------------------------------------------------------------------
// Layouts

interface Annotation {
  name: string;
  bytes?: number;
  variable: boolean;
  optional: boolean;
}

/** `dwFoo (16 bytes, optional)` -> name + annotations. */
function annotate(label: string): Annotation {
  const m = /^(.*?)\s*\(([^()]*)\)\s*$/.exec(label);
  if (!m) return { name: label.trim(), variable: false, optional: false };
  const out: Annotation = { name: (m[1] ?? '').trim(), variable: false, optional: false };
  for (const part of (m[2] ?? '').split(',').map((p) => p.trim().toLowerCase())) {
    const b = /^(\d+) bytes?$/.exec(part);
    if (b) out.bytes = Number(b[1]);
    else if (part === 'variable') out.variable = true;
    else if (part === 'optional') out.optional = true;
  }
  return out;
}

interface Drawn {
  startBit: number;
  endBit: number;
  label: string;
  ann: Annotation;
}

interface Stated {
  name: string;
  sizeText: string;
  size: number | 'variable';
  text: string;
}

function isVarData(name: string): boolean {
  return name.toLowerCase() === 'vardata';
}

function parseDrawing(body: string[]): Drawn[] | undefined {
  const start = body.findIndex((l) => l.trim() === 'packet-beta');
  if (start < 0) return undefined;
  const out: Drawn[] = [];
  for (let i = start + 1; i < body.length; i++) {
    const l = body[i] ?? '';
    if (l.startsWith('```')) break;
    const m = /^\s*(\d+)(?:-(\d+))?:\s*"(.*)"\s*$/.exec(l);
    if (!m) continue;
    const startBit = Number(m[1]);
    const endBit = m[2] === undefined ? startBit : Number(m[2]);
    const label = m[3] ?? '';
    out.push({ startBit, endBit, label, ann: annotate(label) });
  }
  return out;
}

const FIELD_TEXT = /^\*\*(.+?) \(([^()]*)\):\*\*\s*(.*)$/;

/** Field headings `**name (N bytes):** text`; the text is the heading's own paragraph. */
function parseFieldTexts(body: string[]): Stated[] {
  const out: Stated[] = [];
  for (const line of body) {
    const m = FIELD_TEXT.exec(line);
    if (!m) continue;
    const sizeText = (m[2] ?? '').trim();
    const b = /^(\d+) bytes?$/i.exec(sizeText);
    out.push({ name: (m[1] ?? '').trim(), sizeText, size: b ? Number(b[1]) : 'variable', text: m[3] ?? '' });
  }
  return out;
}

interface RawField {
  name: string;
  size: number | 'variable';
  optional: boolean;
  description: string;
  text: string;
}

function buildLayout(
  sec: Section,
  kind: SpecLayout['kind'],
  issues: SpecDiscrepancy[],
): { layout: SpecLayout; msgName: string | undefined } | undefined {
  const drawing = parseDrawing(sec.body);
  if (!drawing) return undefined;
  const stated = parseFieldTexts(sec.body);
  const issue = (field: string, k: SpecDiscrepancy['kind'], drawn: string, st: string, note: string): void => {
    issues.push({ section: sec.id, title: sec.title, field, kind: k, drawn, stated: st, note });
  };

  // Drawing contiguity.
  for (let i = 1; i < drawing.length; i++) {
    const prev = drawing[i - 1];
    const d = drawing[i];
    if (prev && d && d.startBit !== prev.endBit + 1) {
      issue(d.ann.name, 'gap', `bits ${prev.endBit}..${d.startBit}`, '', 'drawing is not contiguous');
    }
  }

  // Pair drawing entries with field texts, in order; resync on names if counts differ.
  const raw: RawField[] = [];
  let hasVarData = false;
  let varDataSize: number | undefined;
  if (drawing.length !== stated.length) {
    issue('*', 'count', String(drawing.length), String(stated.length), 'number of drawn fields differs from number of field texts');
  }
  let si = 0;
  for (const d of drawing) {
    let s: Stated | undefined = stated[si];
    if (s && s.name !== d.ann.name && drawing.length !== stated.length) {
      const j = stated.findIndex((x, k) => k >= si && x.name.toLowerCase() === d.ann.name.toLowerCase());
      if (j >= 0) {
        si = j;
        s = stated[si];
      } else {
        s = undefined;
      }
    }
    if (s) si++;
    const name = s?.name ?? d.ann.name;
    if (s && s.name !== d.ann.name) issue(name, 'name', d.ann.name, s.name, 'drawing label differs from field text heading');
    if (!s) issue(d.ann.name, 'count', d.label, '(none)', 'drawn field has no field text');

    if (isVarData(name) || isVarData(d.ann.name)) {
      hasVarData = true;
      if (name !== 'VarData') issue(name, 'vardata-name', d.ann.name, name, 'VarData spelled differently');
      if (s && s.size !== 'variable') {
        varDataSize = s.size;
        const drawnVar = (d.endBit - d.startBit + 1) / 8;
        if (drawnVar !== s.size) issue(name, 'size', `${d.startBit}-${d.endBit} = ${drawnVar} bytes`, `${s.size} bytes`, 'VarData bit range disagrees with stated size');
      }
      continue;
    }

    const drawnBytes = (d.endBit - d.startBit + 1) / 8;
    let size: number | 'variable' = s ? s.size : d.ann.variable ? 'variable' : (d.ann.bytes ?? drawnBytes);
    if (size === 'variable' && /^dw\w*(Offset|Size)$/.test(name)) {
      issue(name, 'variable-dword', d.label, s?.sizeText ?? '', 'dw...Offset/Size field marked variable; read as 4 bytes');
      size = 4;
    }
    if (typeof size === 'number') {
      if (drawnBytes !== size) issue(name, 'size', `${d.startBit}-${d.endBit} = ${drawnBytes} bytes`, `${size} bytes`, 'bit range disagrees with stated size');
      if (d.ann.bytes !== undefined && d.ann.bytes !== size) issue(name, 'size', `label says ${d.ann.bytes} bytes`, `${size} bytes`, 'label size disagrees with text');
      if (d.ann.variable) issue(name, 'size', 'label says variable', `${size} bytes`, 'label says variable, text gives a size');
    } else if (!d.ann.variable) {
      issue(name, 'size', `${drawnBytes} bytes`, 'variable', 'text says variable, drawing does not');
    }
    raw.push({ name, size, optional: d.ann.optional, description: describe(s?.text ?? ''), text: plain(s?.text ?? '') });
  }
  for (let k = si; k < stated.length; k++) {
    const s = stated[k];
    if (s) issue(s.name, 'count', '(none)', s.sizeText, 'field text has no drawn field');
  }

  // Union arms.
  // (the spec once writes "**dwRequestType**e")
  const selector = /present only when dwRequestType\w* is set to (\w+)/;
  const common: RawField[] = [];
  const variants: { name: string; raw: RawField[] }[] = [];
  for (const f of raw) {
    const m = selector.exec(f.text);
    if (!m) {
      if (variants.length > 0) issue(f.name, 'other', '', '', 'common field after union arms');
      common.push(f);
      continue;
    }
    const v = m[1] ?? '';
    let arm = variants.find((x) => x.name === v);
    if (!arm) {
      arm = { name: v, raw: [] };
      variants.push(arm);
    }
    arm.raw.push(f);
  }

  const place = (fs: RawField[], base: number, inArm: boolean): { fields: SpecField[]; fixed: number } => {
    const fields: SpecField[] = [];
    let offset = base;
    let fixed: number | undefined;
    for (const f of fs) {
      // Inside a union arm the drawing's "(optional)" only means "depends on the selector".
      fields.push({ name: f.name, size: f.size, offset, optional: inArm ? false : f.optional, description: f.description });
      if (f.size === 'variable') {
        fixed ??= offset;
      } else if (fixed === undefined) {
        offset += f.size;
      } else {
        issue(f.name, 'other', '', '', 'fixed-size field after a variable-size field; offset unknown');
      }
    }
    return { fields, fixed: fixed ?? offset };
  };

  const head = place(common, 0, false);
  const layout: SpecLayout = {
    section: sec.id,
    title: sec.title,
    kind,
    fields: head.fields,
    fixedSize: head.fixed,
    hasVarData,
  };
  if (varDataSize !== undefined) layout.varDataSize = varDataSize;
  if (variants.length > 0) {
    layout.variants = variants.map((v) => ({ name: v.name, fields: place(v.raw, head.fixed, true).fields }));
  }

  if (kind === 'request') {
    const rf = stated.find((s) => s.name === 'Req_Func');
    const m = rf && /MUST be set to (\d+)/.exec(rf.text);
    if (m) layout.reqFunc = Number(m[1]);
  }
  let msgName: string | undefined;
  if (kind === 'response') {
    const msg = stated.find((s) => s.name === 'Msg');
    if (msg) {
      // "MUST be set to 0x0000000C (LINE_REPLY)" or "MUST be set to LINE_REPLY (0x0000000C)".
      const t = plain(msg.text);
      const hex = /(0x[0-9A-Fa-f]+)/.exec(t);
      if (hex) layout.msg = parseNumber(hex[1] ?? '');
      msgName = /\b((?:LINE|PHONE)_[A-Z_]+)\b/.exec(t)?.[1];
    }
  }
  return { layout, msgName };
}

function layoutKind(id: string): SpecLayout['kind'] | undefined {
  if (under(id, '2.2.4.1')) return 'request';
  if (under(id, '2.2.4.2')) return 'response';
  if (under(id, '2.2.5')) return 'template';
  if (under(id, '2.2.6')) return 'structure';
  return undefined;
}

// ---------------------------------------------------------------------------
// Constants

function parseConstantTables(sec: Section, table: string): SpecConstant[] {
  const out: SpecConstant[] = [];
  let header: string[] | undefined;
  let nameCol = -1;
  let valueCol = -1;
  const cells = (l: string): string[] =>
    l
      .trim()
      .replace(/^\|/, '')
      .replace(/\|$/, '')
      .split('|')
      .map((c) => c.trim());
  for (const line of sec.body) {
    if (!line.startsWith('|')) {
      header = undefined;
      continue;
    }
    const c = cells(line);
    if (!header) {
      header = c.map((h) => h.toLowerCase());
      nameCol = header.findIndex((h) => h === 'name' || h === 'constant' || h === 'constant/value' || h === 'value/constant');
      valueCol = header.findIndex((h) => h === 'value');
      if (nameCol < 0) nameCol = 0;
      continue;
    }
    if (c.every((x) => /^:?-+:?$/.test(x))) continue;
    const first = plain(c[nameCol] ?? '');
    let name: string | undefined;
    let value: number | undefined;
    const both = /^([A-Za-z_][A-Za-z0-9_]*)\s+(0[xX][0-9A-Fa-f]+|\d+)$/.exec(first);
    if (both) {
      name = both[1];
      value = parseNumber(both[2] ?? '');
    } else if (valueCol >= 0 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(first)) {
      const v = plain(c[valueCol] ?? '');
      if (/^(0[xX][0-9A-Fa-f]+|\d+)$/.test(v)) {
        name = first;
        value = parseNumber(v);
      }
    }
    if (name !== undefined && value !== undefined) out.push({ table, section: sec.id, name, value });
  }
  return out;
}

// ---------------------------------------------------------------------------
// Rules

function parseRules(sec: Section): SpecRule[] {
  const out: SpecRule[] = [];
  let cur: SpecRule | undefined;
  for (const line of sec.body) {
    const m = /^When Req_Func is equal to (\d+) \(\s*([A-Za-z0-9_]+)\s*\):\s*$/.exec(line);
    if (m) {
      cur = { reqFunc: Number(m[1]), name: m[2] ?? '', text: [] };
      out.push(cur);
      continue;
    }
    if (line.trim() === '') continue;
    const b = /^\s*[-*] (.*)$/.exec(line);
    if (b && cur) cur.text.push(plain(b[1] ?? ''));
    else cur = undefined; // a paragraph ends the bullet list (e.g. the LINECALLPARAMS validity list)
  }
  return out;
}

// ---------------------------------------------------------------------------

interface Parsed extends SpecData {
  discrepancies: SpecDiscrepancy[];
}

const cache = new Map<string, Parsed>();

function parse(specPath: string): Parsed {
  const hit = cache.get(specPath);
  if (hit) return hit;
  const lines = readFileSync(specPath, 'utf8').split(/\r?\n/);
  const sections = splitSections(lines);
  const discrepancies: SpecDiscrepancy[] = [];

  const layouts: SpecLayout[] = [];
  const msgNames = new Map<SpecLayout, string>();
  for (const sec of sections) {
    let kind = layoutKind(sec.id);
    if (!kind) continue;
    // A drawn sub-structure inside a request (FLOWSPEC, 2.2.4.1.3.67.1) has no Req_Func: a structure.
    if (kind === 'request' && !sec.body.some((l) => l.startsWith('**Req_Func ('))) kind = 'structure';
    const built = buildLayout(sec, kind, discrepancies);
    if (!built) continue;
    layouts.push(built.layout);
    if (built.msgName) msgNames.set(built.layout, built.msgName);
  }
  // Msg given by name: resolve it through the completion packet of that name (2.2.4.2.1.x).
  for (const [layout, name] of msgNames) {
    const target = layouts.find((l) => l.kind === 'response' && under(l.section, '2.2.4.2.1') && l.title === name);
    const value = target && target !== layout ? target.msg : undefined;
    if (layout.msg === undefined) {
      if (value !== undefined) layout.msg = value;
    } else if (value !== undefined && value !== layout.msg) {
      discrepancies.push({ section: layout.section, title: layout.title, field: 'Msg', kind: 'msg', drawn: String(value), stated: String(layout.msg), note: `${name} has a different value in its own section` });
    }
  }

  const constants: SpecConstant[] = [];
  for (const sec of sections) {
    const isConstSection = under(sec.id, '2.2.3') || sec.id === '2.2.1.8' || sec.id === '2.2.1.9';
    if (!isConstSection || !/_Constants$/.test(sec.title)) continue;
    constants.push(...parseConstantTables(sec, sec.title));
  }

  const rulesSec = sections.find((s) => s.id === '3.1.4.2');
  const rules = rulesSec ? parseRules(rulesSec) : [];

  const parsed: Parsed = { layouts, constants, rules, discrepancies };
  cache.set(specPath, parsed);
  return parsed;
}

export function readSpec(specPath: string = defaultSpecPath()): SpecData {
  const { layouts, constants, rules } = parse(specPath);
  return structuredClone({ layouts, constants, rules });
}

/** Every disagreement between a drawing and its field texts that the reader resolved. */
export function readSpecDiscrepancies(specPath: string = defaultSpecPath()): SpecDiscrepancy[] {
  return structuredClone(parse(specPath).discrepancies);
}

/**
 * `tapipkt import`'s core: the tapsrv calls read from a capture, as `.tapipkt` text. Each
 * context handle becomes a `session`: `attach { ... }` from ClientAttach's arguments, one step per
 * ClientRequest (its buffer decoded as `tapipkt decode` prints it, `lNeededSize` when it differs
 * from the buffer's length), and after each step a `decode reply STEP { hex }` holding the buffer
 * the server returned. Pure: no I/O; bytes that do not read as a call become a warning naming the
 * frame, never an exception.
 */
import { type CatalogScope, type Layout, type RequestArgs, parseAttachRequest, parseAttachResponse, parseRequestRequest, parseRequestResponse, readU32le, stubContext, TAPSRV_OPNUM, toHex } from '../codec/index.js';
import { decodeBytes } from './codec-bridge.js';
import { printPacket, quote } from './print.js';

/** One DCE/RPC call of a capture: the request's stub and what answered it. */
export interface CapturedCall {
  /** The frame that holds the request (the last fragment, where the stub is reassembled). */
  frame: number;
  opnum: number;
  stub: Uint8Array;
  response?: { frame: number; stub: Uint8Array } | { frame: number; fault: number };
}

/** The text and what could not be imported (each message names its frame). */
export interface ImportResult {
  text: string;
  warnings: string[];
  /** The sessions written and their steps, in order. */
  sessions: { name: string; steps: string[] }[];
}

interface Session {
  name: string;
  context?: string;
  lines: string[];
  steps: string[];
  /** `decode reply` blocks: top-level items, written after the session, in step order. */
  replies: string[];
  /** The non-zero `@out` values of the replies so far: what a later step may have been sent. */
  outs: { step: string; field: string; value: number }[];
}

/** `name` as an identifier of the language: other characters become `_`, a leading digit gets one. */
export function identifierOf(name: string): string {
  const s = name.replace(/[^A-Za-z0-9_]/g, '_');
  return s === '' ? 'capture' : /^[0-9]/.test(s) ? `_${s}` : s;
}

/** A string as the attach block writes it: the NUL the client sent is implied (export adds it). */
function attachString(s: string, field: string, frame: number, warnings: string[]): string {
  if (s.endsWith('\0')) return quote(s.slice(0, -1));
  warnings.push(`frame ${frame}: ClientAttach's ${field} has no terminating NUL; an export of this session sends one`);
  return quote(s);
}

function hexLines(b: Uint8Array, indent: string): string {
  const pairs = toHex(b).match(/../g) ?? [];
  const lines: string[] = [];
  for (let i = 0; i < pairs.length; i += 16) lines.push(indent + '  ' + pairs.slice(i, i + 16).join(' '));
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** A layout name as the start of a step name: `CreateAgentSession` -> `createAgentSession`, `TAPI32_MSG` -> `tapi32Msg`. */
export function stepBase(layout: string): string {
  if (/[a-z]/.test(layout)) return identifierOf(layout.charAt(0).toLowerCase() + layout.slice(1));
  const parts = layout.toLowerCase().split('_').filter((p) => p !== '');
  return identifierOf(parts.map((p, i) => (i === 0 ? p : p.charAt(0).toUpperCase() + p.slice(1))).join(''));
}

const hex32 = (v: number): string => `0x${v.toString(16).toUpperCase().padStart(8, '0')}`;

/** How `importSessions` writes the values an earlier reply returned. */
export interface ImportOptions {
  /**
   * Write `STEP.FIELD` (read at run time from that step's reply) instead of the captured number
   * with a comment: for a session to run again against a server, whose handles will differ. The
   * step then encodes with 0 there, as every bound field does (docs/language.md, "Bindings").
   */
  bind?: boolean;
}

/**
 * The sessions of `calls` (in capture order) as one `.tapipkt` text. `name` (an identifier) names
 * the first session; the sessions of further context handles get `_2`, `_3`, ...
 */
export function importSessions(name: string, calls: readonly CapturedCall[], scope: CatalogScope, source: string, options: ImportOptions = {}): ImportResult {
  const warnings: string[] = [];
  const sessions: Session[] = [];
  const byContext = new Map<string, Session>();
  // Step names are unique in the whole file: `decode reply STEP` names a step, not a session.
  const counters = new Map<string, number>();
  const newSession = (context: string | undefined): Session => {
    const s: Session = { name: sessions.length === 0 ? name : `${name}_${sessions.length + 1}`, lines: [], steps: [], replies: [], outs: [], ...(context !== undefined ? { context } : {}) };
    sessions.push(s);
    if (context !== undefined) byContext.set(context, s);
    return s;
  };
  for (const c of calls) {
    if (c.opnum === TAPSRV_OPNUM.ClientAttach) {
      const a = parseAttachRequest(c.stub);
      if ('error' in a) {
        warnings.push(`frame ${c.frame}: ClientAttach's arguments do not read as MS-TRP 3.1.4.1 (${a.error}); skipped`);
        continue;
      }
      let context: string | undefined;
      let answer = 'no response in the capture';
      if (c.response && 'stub' in c.response) {
        const r = parseAttachResponse(c.response.stub);
        if ('error' in r) warnings.push(`frame ${c.response.frame}: ClientAttach's response does not read as MS-TRP 3.1.4.1 (${r.error})`);
        else {
          context = r.value.context;
          answer = `frame ${c.response.frame}: returned ${hex32(r.value.result)}, context handle ${r.value.context}`;
        }
      } else if (c.response) answer = `frame ${c.response.frame}: RPC fault ${hex32(c.response.fault)}`;
      const s = newSession(context);
      const v = a.value;
      s.lines.push(`  // ClientAttach, frame ${c.frame}; ${answer}`);
      s.lines.push(`  attach {`, `    lProcessID = ${hex32(v.lProcessID)}`, `    pszDomainUser = ${attachString(v.pszDomainUser, 'pszDomainUser', c.frame, warnings)}`,
        `    pszMachine = ${attachString(v.pszMachine, 'pszMachine', c.frame, warnings)}`, `  }`);
      continue;
    }
    if (c.opnum === TAPSRV_OPNUM.ClientDetach) {
      const ctx = stubContext(c.stub);
      const s = ctx !== undefined ? byContext.get(ctx) : undefined;
      if (s) s.lines.push(`  // ClientDetach, frame ${c.frame}`);
      continue;
    }
    if (c.opnum !== TAPSRV_OPNUM.ClientRequest) {
      warnings.push(`frame ${c.frame}: opnum ${c.opnum} is not a tapsrv method (MS-TRP 3.1.4: 0 to 2); skipped`);
      continue;
    }
    const q = parseRequestRequest(c.stub);
    if ('error' in q) {
      warnings.push(`frame ${c.frame}: ClientRequest's arguments do not read as MS-TRP 3.1.4.2 (${q.error}); skipped`);
      continue;
    }
    const s = byContext.get(q.value.context) ?? newSession(q.value.context);
    step(s, c, q.value, scope, counters, warnings, options.bind === true);
  }
  const out: string[] = [`// Imported by tapipkt import from ${source}: one session per context handle, one step per`, `// ClientRequest, each followed by the buffer the server returned.`];
  for (const s of sessions) {
    out.push('', `session ${s.name} {`);
    if (s.context !== undefined && !s.lines.some((l) => l.startsWith('  attach'))) out.push(`  // no ClientAttach in the capture for context handle ${s.context}`);
    out.push(...s.lines, '}');
    out.push(...s.replies);
  }
  return { text: out.join('\n') + '\n', warnings, sessions: sessions.map((s) => ({ name: s.name, steps: s.steps })) };
}

/** One ClientRequest as a step of `s`, and its reply (or a comment saying why there is none). */
function step(s: Session, c: CapturedCall, q: RequestArgs, scope: CatalogScope, counters: Map<string, number>, warnings: string[], bind: boolean): void {
  let d = decodeBytes(scope, q.buffer);
  const kind = d.request.packet ? scope.layout(d.request.packet)?.kind : undefined;
  // Bytes that read best as a response, event or structure still went out as a request: a step
  // takes a request, so they are written in the request template's form (lossless as well).
  if (d.request.packet && kind !== 'request' && kind !== 'template') d = decodeBytes(scope, q.buffer, { as: 'TAPI32_MSG' });
  if (!d.request.packet) {
    const e = d.issues.find((i) => i.severity === 'error');
    warnings.push(`frame ${c.frame}: ClientRequest's ${q.buffer.length}-byte buffer is no packet (${e?.message ?? 'cannot decode'}); skipped`);
    s.lines.push(`  // frame ${c.frame}: a ${q.buffer.length}-byte buffer that decodes as no packet: ${toHex(q.buffer)}`);
    return;
  }
  const L = scope.layout(d.request.packet);
  const type = L?.name ?? d.request.packet;
  const base = stepBase(type);
  const n = (counters.get(base) ?? 0) + 1;
  counters.set(base, n);
  const name = `${base}${n}`;
  s.steps.push(name);
  const notes: string[] = [`frame ${c.frame}`];
  if (q.maxCount !== q.lNeededSize) notes.push(`the array's max count is ${q.maxCount}, not lNeededSize`);
  if (q.buffer.length > q.maxCount) notes.push(`the array holds ${q.buffer.length} bytes, more than its max count ${q.maxCount}`);
  if (q.plUsedSize !== q.buffer.length) notes.push(`*plUsedSize was ${q.plUsedSize}, not the buffer's ${q.buffer.length} bytes`);
  let needed = '';
  if (q.lNeededSize > q.buffer.length) needed = `  lNeededSize = ${q.lNeededSize}\n`;
  else if (q.lNeededSize < q.buffer.length) notes.push(`lNeededSize was ${q.lNeededSize}, below the buffer's length, which a step cannot say`);
  let body = printPacket(name, d.request, scope).replace(/^packet /, '');
  if (L) body = markReturnedValues(body, L, q.buffer, s.outs, bind);
  if (needed) body = body.replace(/\n\}\n$/, `\n${needed}}\n`).replace(/\{ \}\n$/, `{\n${needed}}\n`);
  s.lines.push('', `  // ${notes.join('; ')}`, ...body.trimEnd().split('\n').map((l) => `  ${l}`));
  const r = c.response;
  const list = s.replies;
  if (!r) {
    list.push('', `// ${s.name}.${name}: no response in the capture`);
    return;
  }
  if ('fault' in r) {
    list.push('', `// ${s.name}.${name}: the server answered with RPC fault ${hex32(r.fault)} (frame ${r.frame})`);
    return;
  }
  const a = parseRequestResponse(r.stub);
  if ('error' in a) {
    warnings.push(`frame ${r.frame}: ClientRequest's response does not read as MS-TRP 3.1.4.2 (${a.error})`);
    list.push('', `// ${s.name}.${name}: the response (frame ${r.frame}) does not read as ClientRequest's: ${a.error}`);
    return;
  }
  list.push('', `// ${s.name}.${name}: the buffer returned (frame ${r.frame}, *plUsedSize ${a.value.plUsedSize})`);
  if (a.value.buffer.length < 4) list.push(`// ${a.value.buffer.length} bytes: no Ack_ReturnValue; ${toHex(a.value.buffer)}`);
  else list.push(`decode reply ${name} ${hexLines(a.value.buffer, '')}`);
  if (L) for (const f of L.fields) if (f.out && f.size === 4 && f.offset + 4 <= a.value.buffer.length) {
    const v = readU32le(a.value.buffer, f.offset);
    // 0 and 0xFFFFFFFF are what an unset or absent value looks like, not a handle to follow.
    if (v !== 0 && v !== 0xffffffff) s.outs.push({ step: name, field: f.name, value: v });
  }
}


/**
 * Each u32 field the client sent that holds a value an earlier reply returned in an `@out` field:
 * a comment (`hLineApp = 0xD1EA5939  // = initialize1.hLineApp`), the number staying so that the
 * step encodes to the captured bytes; or, with `bind`, the binding itself
 * (`hLineApp = initialize1.hLineApp  // captured: 0xD1EA5939`).
 */
function markReturnedValues(body: string, L: Layout, bytes: Uint8Array, outs: Session['outs'], bind: boolean): string {
  for (const f of L.fields) {
    if (f.out || f.size !== 4 || f.name === 'Req_Func' || f.offset + 4 > bytes.length) continue;
    const v = readU32le(bytes, f.offset);
    const from = v === 0 ? undefined : [...outs].reverse().find((o) => o.value === v);
    if (!from) continue;
    const line = new RegExp(`^(  ${f.name} = )([^\\n/]*?)$`, 'm');
    body = bind
      ? body.replace(line, `$1${from.step}.${from.field}  // captured: $2`)
      : body.replace(line, `$1$2  // = ${from.step}.${from.field}, returned by its reply`);
  }
  return body;
}

/**
 * `tapipkt export --format impacket`: a session plan as one standalone Python 3 client on impacket.
 * The plan and the reply tables go into the script as Python literals written here character by
 * character (every string escaped, so no step or packet name can end a literal and become code);
 * the client itself is the fixed text of impacket-script.ts.
 */
import { IMPACKET_BODY, IMPACKET_HEAD } from './impacket-script.js';
import type { ReplyTables, SessionPlan } from './session-plan.js';

/** Hex digits per line when a step's bytes are written out (32 bytes a line). */
const HEX_PER_LINE = 64;

/**
 * A Python string literal for any JS string: printable ASCII stays as it is (except the quote and
 * the backslash), everything else becomes a \x, \u or \U escape. A lone surrogate becomes a \u
 * escape too, which Python accepts in a str literal.
 */
export function pythonString(text: string): string {
  let out = "'";
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === "'" || ch === '\\') out += '\\' + ch;
    else if (cp >= 0x20 && cp < 0x7f) out += ch;
    else if (cp < 0x100) out += '\\x' + cp.toString(16).padStart(2, '0');
    else if (cp < 0x10000) out += '\\u' + cp.toString(16).padStart(4, '0');
    else out += '\\U' + cp.toString(16).padStart(8, '0');
  }
  return out + "'";
}

/** A Python int literal; anything that is not a safe integer becomes None (the plan's types rule it out). */
function pythonInt(n: number, hex = false): string {
  if (!Number.isSafeInteger(n)) return 'None';
  if (!hex) return String(n);
  return n < 0 ? '-0x' + (-n).toString(16).toUpperCase() : '0x' + n.toString(16).toUpperCase().padStart(8, '0');
}

/** A long hex string as adjacent literals inside parentheses, one line per 32 bytes, so authors can edit bytes. */
function pythonHex(hex: string, indent: string): string {
  if (hex.length <= HEX_PER_LINE) return pythonString(hex);
  const lines: string[] = [];
  for (let i = 0; i < hex.length; i += HEX_PER_LINE) lines.push(`${indent}    ${pythonString(hex.slice(i, i + HEX_PER_LINE))}`);
  return `(\n${lines.join('\n')}\n${indent})`;
}

function renderSession(plan: SessionPlan): string {
  const a = plan.attach;
  const steps = plan.steps.map((s) => {
    const bindings = s.bindings.map((b) => `{'at': ${pythonInt(b.at)}, 'from': {'step': ${pythonString(b.from.step)}, 'at': ${pythonInt(b.from.at)}}}`);
    return [
      '        {',
      `            'name': ${pythonString(s.name)},`,
      `            'packet': ${pythonString(s.packet)},`,
      `            'lNeededSize': ${pythonInt(s.lNeededSize)},`,
      `            'bindings': [${bindings.join(', ')}],`,
      `            'hex': ${pythonHex(s.hex, '            ')},`,
      '        },',
    ].join('\n');
  });
  return [
    '# The session: ClientAttach arguments, then each ClientRequest step in order. A step\'s hex is',
    '# the packet as encoded; each binding copies a u32 from an earlier step\'s reply (byte offset',
    "# 'from'.'at') into this packet (byte offset 'at') just before it is sent.",
    'SESSION = {',
    `    'session': ${pythonString(plan.session)},`,
    '    # ClientAttach (MS-TRP 3.1.4.1)',
    `    'attach': {'lProcessID': ${pythonInt(a.lProcessID, true)}, 'pszDomainUser': ${pythonString(a.pszDomainUser)}, 'pszMachine': ${pythonString(a.pszMachine)}},`,
    `    'steps': [${steps.length ? '\n' + steps.join('\n') + '\n    ' : ''}],`,
    '}',
  ].join('\n');
}

function renderTables(plan: SessionPlan, tables: ReplyTables): string {
  const used = [...new Set(plan.steps.map((s) => s.packet))].filter((p) => Object.prototype.hasOwnProperty.call(tables, p));
  const entries = used.map((p) => {
    const rows = (tables[p] ?? []).map((f) => `        (${pythonString(f.name)}, ${pythonInt(f.offset)}, ${pythonInt(f.size)}),`);
    return `    ${pythonString(p)}: [\n${rows.join('\n')}\n    ],`;
  });
  return [
    '# Reply fields by packet: (name, byte offset, size). A reply is the request\'s layout with the',
    '# result of the call in byte 0 (Ack_ReturnValue) and the fields the server fills in.',
    `TABLES = {${entries.length ? '\n' + entries.join('\n') + '\n' : ''}}`,
  ].join('\n');
}

/**
 * Renders a session plan as a standalone Python 3 script on impacket: attach, one ClientRequest
 * per step with its bindings applied, detach (MS-TRP 3.1.4.1-3.1.4.3, IDL of 6.2). `tables`
 * names the reply fields of each step's packet; packets without a table are printed as hex.
 * Pure: returns the script's text.
 */
export function renderImpacketScript(plan: SessionPlan, tables: ReplyTables, options: ImpacketOptions = {}): string {
  return `${IMPACKET_HEAD}${renderSession(plan)}\n\n${renderTables(plan, tables)}\n\n${renderFuzz(options.fuzz)}\n${IMPACKET_BODY}`;
}

/** What an exported client does beyond running the session once. */
export interface ImpacketOptions {
  /**
   * A fuzz loop by default: the mutants file (`tapipkt mutate` output, a path the script opens
   * when run) whose mutants replace `step` (default: the last step), each in turn. The script's
   * `--mutants`/`--fuzz-step` override both.
   */
  fuzz?: { mutants: string; step?: string };
}

function renderFuzz(fuzz: ImpacketOptions['fuzz']): string {
  const entries = fuzz ? [`'mutants': ${pythonString(fuzz.mutants)}`, ...(fuzz.step !== undefined ? [`'step': ${pythonString(fuzz.step)}`] : [])] : [];
  return [
    "# The fuzz loop's defaults (tapipkt export --mutants FILE --step STEP): the mutants file and the step",
    '# its mutants replace. Empty: the session runs once, unless --mutants is given.',
    `FUZZ = {${entries.join(', ')}}`,
  ].join('\n');
}

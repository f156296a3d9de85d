/**
 * Output formats for encoded packets: the one registry (`OUTPUT_FORMATS`) that the CLI's
 * `--format`, the editor's Encode pickers and the `tapipkt.encode.format` setting (through a
 * test of package.json) all read. Adding a format is one entry here, plus the setting's enum
 * that the test then asks for.
 */
import { type PacketInput, toHex } from '../codec/index.js';

/** Every text format an encoded packet can be shown in (`bin` is raw bytes, handled by callers). */
export type TextFormat = 'hex' | 'c' | 'python';

/** Makes a C or Python identifier from a packet name. */
export function identifier(name: string): string {
  const s = name.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[0-9]/.test(s) || s === '' ? `p_${s}` : s;
}

/** `unsigned char name[N] = { 0x93, ... };` with 12 bytes a line. */
export function toCArray(bytes: Uint8Array, name: string): string {
  const id = identifier(name);
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += 12) {
    lines.push('    ' + Array.from(bytes.subarray(i, i + 12), (b) => '0x' + b.toString(16).padStart(2, '0')).join(', ') + (i + 12 < bytes.length ? ',' : ''));
  }
  return `/* ${bytes.length} bytes */\nunsigned char ${id}[${bytes.length}] = {\n${lines.join('\n')}\n};\n`;
}

/** `name = bytes.fromhex("...")` split into 32-byte lines. */
export function toPythonBytes(bytes: Uint8Array, name: string): string {
  const hex = toHex(bytes);
  const parts: string[] = [];
  for (let i = 0; i < hex.length; i += 64) parts.push(`    "${hex.slice(i, i + 64)}"`);
  if (parts.length === 0) parts.push('    ""');
  return `# ${bytes.length} bytes\n${identifier(name)} = bytes.fromhex(\n${parts.join('\n')}\n)\n`;
}

/** Formats bytes as text; hex ends with a newline like the CLI prints it. */
export function formatBytes(bytes: Uint8Array, format: TextFormat, name = 'packet'): string {
  switch (format) {
    case 'hex':
      return toHex(bytes) + '\n';
    case 'c':
      return toCArray(bytes, name);
    case 'python':
      return toPythonBytes(bytes, name);
  }
}

/** What a format renders: the packet's bytes, its name (for identifiers) and its JSON request. */
export interface FormatInput {
  bytes: Uint8Array;
  name: string;
  /** The JSON request (the README's JSON request form); the json format needs it. */
  request?: PacketInput;
}

/** One output format. */
export interface OutputFormat {
  /** The id `--format` and the `tapipkt.encode.format` setting take. */
  id: string;
  /** Its name in the editor's pickers ("Hex", "C array"). */
  label: string;
  /** One line: the setting's enumDescriptions entry, the picker's description, the CLI help. */
  description: string;
  /** Language of the editor that shows it; absent for a binary format (the editor writes those with Encode to File). */
  language?: string;
  /** What goes between the outputs of two packets of one file (CLI). */
  separator: string;
  /** The packet in this format: text, or bytes for a binary format. */
  render(p: FormatInput, opts?: { pretty?: boolean }): string | Uint8Array;
}

/** The JSON request as text; raw bytes become `{"hex": ...}` as in the contract. */
function requestJson(p: FormatInput, pretty: boolean): string {
  const request = p.request ?? { packet: p.name };
  return JSON.stringify(request, (_k, v: unknown) => (v instanceof Uint8Array ? { hex: toHex(v) } : v), pretty ? 2 : undefined) + '\n';
}

/** Every output format, in the order pickers and help list them; `hex` is the CLI's default. */
export const OUTPUT_FORMATS = [
  { id: 'hex', label: 'Hex', description: 'Lowercase hex digits, one line per packet.', language: 'plaintext', separator: '', render: (p) => formatBytes(p.bytes, 'hex') },
  { id: 'bin', label: 'Binary', description: 'The raw bytes (a .bin file).', separator: '', render: (p) => p.bytes },
  { id: 'c', label: 'C array', description: 'A C `unsigned char` array.', language: 'c', separator: '\n', render: (p) => formatBytes(p.bytes, 'c', p.name) },
  { id: 'python', label: 'Python bytes', description: 'Python `bytes.fromhex(...)`.', language: 'python', separator: '\n', render: (p) => formatBytes(p.bytes, 'python', p.name) },
  { id: 'json', label: 'JSON request', description: 'The JSON request the packet stands for.', language: 'json', separator: '', render: (p: FormatInput, o?: { pretty?: boolean }) => requestJson(p, o?.pretty === true) },
] as const satisfies readonly OutputFormat[];

/** The id of an output format. */
export type OutputFormatId = (typeof OUTPUT_FORMATS)[number]['id'];

/** The ids of every output format (`--format`). */
export const OUTPUT_FORMAT_IDS: readonly OutputFormatId[] = OUTPUT_FORMATS.map((f) => f.id);

/** The formats that are text (the editor's Encode offers these; `bin` is Encode to File). */
export const TEXT_OUTPUT_FORMATS: readonly OutputFormat[] = OUTPUT_FORMATS.filter((f: OutputFormat) => f.language !== undefined);

/** The format with this id, if there is one. */
export function outputFormat(id: string | undefined): OutputFormat | undefined {
  return OUTPUT_FORMATS.find((f) => f.id === id);
}

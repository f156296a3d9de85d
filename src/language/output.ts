/**
 * Output formats for encoded packets, shared by the CLI and the editor: lowercase hex, a C
 * array, Python bytes, and the JSON request form.
 */
import { toHex } from '../codec/index.js';

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

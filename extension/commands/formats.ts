/**
 * The text forms of an encoded packet offered by Encode and the copy commands. The formatting
 * itself is the language's (`formatBytes`); JSON is the packet's request (the JSON request of the README).
 */
import * as vscode from 'vscode';
import { toHex } from '../../src/codec/index.js';
import { formatBytes, type PacketEncoding } from '../../src/language/index.js';

export type Format = 'hex' | 'c' | 'python' | 'json';

export const FORMATS: { format: Format; label: string; language: string }[] = [
  { format: 'hex', label: 'Hex', language: 'plaintext' },
  { format: 'c', label: 'C array', language: 'c' },
  { format: 'python', label: 'Python bytes', language: 'python' },
  { format: 'json', label: 'JSON request', language: 'json' },
];

/** The packet as text in one format. */
export function formatPacket(p: PacketEncoding & { bytes: Uint8Array }, format: Format): string {
  if (format === 'json') {
    const request = p.request ?? { packet: p.type };
    return JSON.stringify(request, (_k, v: unknown) => (v instanceof Uint8Array ? { hex: toHex(v) } : v), 2) + '\n';
  }
  return formatBytes(p.bytes, format, p.name);
}

/** The format from settings, or asked with a quick pick ('ask'); undefined when cancelled. */
export async function chooseFormat(setting: string | undefined): Promise<Format | undefined> {
  const known = FORMATS.find((f) => f.format === setting);
  if (known) return known.format;
  const pick = await vscode.window.showQuickPick(
    FORMATS.map((f) => ({ label: f.label, description: f.format, format: f.format })),
    { title: 'tapipkt: encode as' },
  );
  return pick?.format;
}

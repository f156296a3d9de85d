/**
 * The text forms of an encoded packet offered by Encode and the copy commands: the text entries
 * of the language's output-format registry (`OUTPUT_FORMATS`, which the CLI's `--format` and the
 * `tapipkt.encode.format` setting share). `bin` is not offered here: Encode to File writes bytes.
 */
import * as vscode from 'vscode';
import { type OutputFormat, type PacketEncoding, TEXT_OUTPUT_FORMATS } from '../../src/language/index.js';

/** A text output format (an entry of the registry with an editor language). */
export type Format = OutputFormat & { language: string };

/** The text formats, in registry order. */
export const FORMATS = TEXT_OUTPUT_FORMATS as readonly Format[];

/** The registry entry with this id; undefined when it is unknown or binary. */
export function textFormat(id: string | undefined): Format | undefined {
  return FORMATS.find((f) => f.id === id);
}

/** The packet as text in one format (JSON pretty-printed, for reading in an editor). */
export function formatPacket(p: PacketEncoding & { bytes: Uint8Array }, format: Format): string {
  return format.render({ bytes: p.bytes, name: p.name, ...(p.request ? { request: p.request } : {}) }, { pretty: true }) as string;
}

/** The items of the "encode as" picker: the format's label, and its description beside it. */
export function formatPickItems(): (vscode.QuickPickItem & { format: Format })[] {
  return FORMATS.map((f) => ({ label: f.label, description: f.description.replace(/`/g, ''), format: f }));
}

/** The format from settings, or asked with a quick pick ('ask'); undefined when cancelled. */
export async function chooseFormat(setting: string | undefined): Promise<Format | undefined> {
  const known = textFormat(setting);
  if (known) return known;
  const pick = await vscode.window.showQuickPick(formatPickItems(), { title: 'tapipkt: encode as' });
  return pick?.format;
}

/**
 * The one place where the service's plain data (character offsets) becomes VS Code types.
 * Offsets are UTF-16 code units in both, so an open document converts with its own
 * `positionAt`; other files (imports, the catalog) through a line index of the service's text.
 */
import * as vscode from 'vscode';
import { LineIndex, type Location, type Range } from '../src/language/index.js';
import type { Service } from './context.js';

/** An offset range of an open document as a VS Code range. */
export function toRange(doc: vscode.TextDocument, r: Range): vscode.Range {
  return new vscode.Range(doc.positionAt(r.start), doc.positionAt(r.end));
}

/** Converts ranges of any URI the service knows (open documents, imports, the catalog). */
export class Positions {
  private readonly lines = new Map<string, LineIndex>();

  constructor(private readonly service: Service) {}

  range(uri: string, r: Range): vscode.Range {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    if (doc) return toRange(doc, r);
    const text = this.service.getText(uri) ?? '';
    let li = this.lines.get(uri);
    if (!li || li.text !== text) this.lines.set(uri, (li = new LineIndex(text)));
    const s = li.positionAt(r.start);
    const e = li.positionAt(r.end);
    return new vscode.Range(s.line, s.character, e.line, e.character);
  }

  location(l: Location): vscode.Location {
    return new vscode.Location(vscode.Uri.parse(l.uri), this.range(l.uri, l.range));
  }
}

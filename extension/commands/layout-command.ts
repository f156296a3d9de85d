/**
 * `tapipkt.showLayout`: a webview with the encoded bytes of the packet at the cursor, one row
 * per field or item (from the packet's spans) with its offset, size and bytes, each colored,
 * above a hex dump colored the same way. Returns the rows, for tests.
 */
import * as vscode from 'vscode';
import { toHex } from '../../src/codec/index.js';
import type { TapipktContext } from '../context.js';
import { packetTarget } from './packet-target.js';

export interface LayoutRow {
  path: string;
  offset: number;
  size: number;
  kind: 'field' | 'item';
  computed: boolean;
  hex: string;
}

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const color = (i: number): string => `hsl(${(i * 137.508) % 360}, 55%, 45%)`;

/** Rows of the layout, ordered by offset (enclosing spans before the ones inside them). */
export function layoutRows(bytes: Uint8Array, spans: readonly { path: string; offset: number; size: number; kind: 'field' | 'item'; computed?: boolean }[]): LayoutRow[] {
  return [...spans]
    .sort((a, b) => a.offset - b.offset || b.size - a.size)
    .map((s) => ({ path: s.path, offset: s.offset, size: s.size, kind: s.kind, computed: !!s.computed, hex: toHex(bytes.subarray(s.offset, s.offset + s.size)) }));
}

function html(name: string, type: string, bytes: Uint8Array, rows: LayoutRow[], nonce: string): string {
  // Colors are classes in the nonce'd style block: the CSP blocks inline style attributes.
  // Each byte takes the color of the smallest span that holds it.
  const owner = new Array<number>(bytes.length).fill(-1);
  rows.forEach((r, i) => {
    for (let b = r.offset; b < r.offset + r.size && b < bytes.length; b++) {
      const cur = owner[b]!;
      if (cur < 0 || rows[cur]!.size >= r.size) owner[b] = i;
    }
  });
  const tableRows = rows
    .map(
      (r, i) =>
        `<tr><td class="sw c${i}"></td><td class="num">${r.offset}</td><td class="num">0x${r.offset.toString(16).padStart(4, '0')}</td><td class="num">${r.size}</td>` +
        `<td>${esc(r.path)}${r.kind === 'item' ? ' <span class="tag">item</span>' : ''}${r.computed ? ' <span class="tag">computed</span>' : ''}</td><td class="hex">${esc(r.hex.replace(/(..)/g, '$1 ').trim())}</td></tr>`,
    )
    .join('\n');
  const dump: string[] = [];
  for (let o = 0; o < bytes.length; o += 16) {
    const cells = Array.from(bytes.subarray(o, o + 16), (b, k) => {
      const i = owner[o + k]!;
      const title = i >= 0 ? `${rows[i]!.path} @${o + k}` : `@${o + k}`;
      return `<span class="b${i >= 0 ? ` c${i}` : ''}" title="${esc(title)}">${b.toString(16).padStart(2, '0')}</span>`;
    });
    dump.push(`<div><span class="off">${o.toString(16).padStart(4, '0')}</span>${cells.join('')}</div>`);
  }
  return `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}';">
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); }
table { border-collapse: collapse; font-size: 12px; } td, th { padding: 2px 8px; text-align: left; }
th { border-bottom: 1px solid var(--vscode-panel-border); } .num { text-align: right; font-family: var(--vscode-editor-font-family); }
.hex, .dump { font-family: var(--vscode-editor-font-family); } .sw { width: 10px; }
.tag { font-size: 10px; opacity: .7; border: 1px solid currentColor; border-radius: 3px; padding: 0 3px; }
.dump div { white-space: pre; } .b { display: inline-block; width: 2.4ch; text-align: center; margin: 1px; color: #fff; background: #555; }
.off { opacity: .6; margin-right: 1ch; }
${rows.map((_r, i) => `.c${i} { background: ${color(i)}; }`).join('\n')}
</style></head><body>
<h3>${esc(name)}: ${esc(type)} — ${bytes.length} bytes</h3>
<table><thead><tr><th></th><th>offset</th><th>hex</th><th>size</th><th>field</th><th>bytes</th></tr></thead><tbody>
${tableRows}
</tbody></table>
<h4>Bytes</h4><div class="dump">${dump.join('\n')}</div>
</body></html>`;
}

export function registerLayoutCommand(ext: TapipktContext): void {
  let panel: vscode.WebviewPanel | undefined;
  ext.own({ dispose: () => panel?.dispose() });
  ext.own(
    vscode.commands.registerCommand(
      'tapipkt.showLayout',
      ext.guard('Show Layout', async (uri?: unknown, name?: unknown): Promise<LayoutRow[] | undefined> => {
        const t = await packetTarget(ext, uri, name);
        if (!t) return undefined;
        const rows = layoutRows(t.packet.bytes, t.packet.spans);
        if (!panel) {
          panel = vscode.window.createWebviewPanel('tapipkt.layout', 'tapipkt layout', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: false });
          panel.onDidDispose(() => (panel = undefined));
        }
        panel.title = `Layout: ${t.packet.name}`;
        const nonce = Math.random().toString(36).slice(2) + Date.now().toString(36);
        panel.webview.html = html(t.packet.name, t.packet.type ?? '?', t.packet.bytes, rows, nonce);
        panel.reveal(undefined, true);
        return rows;
      }),
    ),
  );
}

/**
 * The HTML of the layout view: a header naming the file and the packet, a banner when the
 * packet now has errors (the last good layout stays below it, dimmed), one row per field, item,
 * aimed-at byte range and unexplained bytes, then the byte grid colored the same way. No
 * scripts; colors are classes in a nonce'd style block (the CSP blocks inline styles). Values
 * stay on one line and both the table and the grid scroll sideways in a narrow pane.
 */
import type { LayoutViewRow } from '../../src/language/index.js';

/** What one rendering shows. */
export interface LayoutPage {
  /** `supportLogin: CreateAgentSession`. */
  title: string;
  /** `worked-example.tapipkt, line 1`. */
  source: string;
  bytes?: Uint8Array;
  rows: readonly LayoutViewRow[];
  /** Shown above the layout when set: why it is not current (errors, the packet is gone). */
  banner?: string;
  /** True when the rows are of an earlier version of the text (dimmed). */
  stale: boolean;
}

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const color = (i: number): string => `hsl(${(i * 137.508) % 360}, 55%, 45%)`;
const spaced = (hex: string): string => hex.replace(/(..)(?!$)/g, '$1 ');

const TAG: Record<LayoutViewRow['kind'], string> = { field: '', item: 'item', target: 'aimed at', gap: 'unexplained' };

/** The page's HTML. */
export function layoutHtml(page: LayoutPage, nonce: string): string {
  const bytes = page.bytes ?? new Uint8Array(0);
  const rows = page.rows;
  // Each byte takes the color of the smallest row that holds it.
  const owner = new Array<number>(bytes.length).fill(-1);
  rows.forEach((r, i) => {
    for (let b = r.offset; b < r.offset + r.size && b < bytes.length; b++) {
      const cur = owner[b]!;
      if (cur < 0 || rows[cur]!.size >= r.size) owner[b] = i;
    }
  });
  const tableRows = rows
    .map((r, i) => {
      const tags = [TAG[r.kind], r.computed ? 'computed' : ''].filter(Boolean).map((t) => ` <span class="tag">${t}</span>`).join('');
      const note = r.note ? ` <span class="note">${esc(r.note)}</span>` : '';
      return (
        `<tr class="k-${r.kind}"><td class="sw c${i}"></td><td class="num">${r.offset}</td><td class="num wide">0x${r.offset.toString(16).padStart(4, '0')}</td><td class="num">${r.size}</td>` +
        `<td class="name">${esc(r.path)}${tags}${note}</td><td class="hex" title="${esc(spaced(r.hex))}">${esc(spaced(r.hex))}</td></tr>`
      );
    })
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
  const banner = page.banner ? `<div class="banner" role="alert">${esc(page.banner)}</div>` : '';
  const body = rows.length
    ? `<nav><a href="#bytes">Byte grid ↓</a></nav>
<div class="scroll${page.stale ? ' stale' : ''}"><table><thead><tr><th></th><th>offset</th><th class="wide">hex</th><th>size</th><th>field</th><th>bytes</th></tr></thead><tbody>
${tableRows}
</tbody></table></div>
<h4 id="bytes">Bytes</h4><div class="scroll dump${page.stale ? ' stale' : ''}">${dump.join('\n')}</div>`
    : '';
  return `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 8px; }
h3 { margin: 8px 0 2px; } .src { opacity: .75; margin-bottom: 6px; } nav { margin: 4px 0; }
a { color: var(--vscode-textLink-foreground); }
.banner { border-left: 3px solid var(--vscode-editorError-foreground, #e51400); background: var(--vscode-inputValidation-errorBackground, rgba(229,20,0,.1)); padding: 4px 8px; margin: 6px 0; }
.scroll { overflow-x: auto; max-width: 100%; } .stale { opacity: .45; }
table { border-collapse: collapse; font-size: 12px; } td, th { padding: 2px 8px; text-align: left; white-space: nowrap; vertical-align: top; }
th { border-bottom: 1px solid var(--vscode-panel-border); } .num { text-align: right; font-family: var(--vscode-editor-font-family); }
.hex, .dump { font-family: var(--vscode-editor-font-family); } .sw { width: 10px; min-width: 10px; }
.tag { font-size: 10px; opacity: .7; border: 1px solid currentColor; border-radius: 3px; padding: 0 3px; }
.note { font-size: 11px; opacity: .7; }
.dump div { white-space: pre; } .b { display: inline-block; width: 2.4ch; text-align: center; margin: 1px; color: #fff; background: #555; }
.off { opacity: .6; margin-right: 1ch; }
@media (max-width: 480px) { .wide { display: none; } td, th { padding: 2px 4px; } }
${rows.map((_r, i) => `.c${i} { background: ${color(i)}; }`).join('\n')}
</style></head><body>
<h3>${esc(page.title)}${page.bytes ? ` — ${bytes.length} bytes` : ''}</h3>
<div class="src">${esc(page.source)}</div>
${banner}
${body}
</body></html>`;
}

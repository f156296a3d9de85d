/** Hover: the service's markdown (field type, offset, encoded bytes, docs, MS-TRP section). */
import * as vscode from 'vscode';
import type { TapipktContext } from '../context.js';
import { toRange } from '../convert.js';

export function registerHoverProvider(ext: TapipktContext, selector: vscode.DocumentSelector): void {
  ext.own(
    vscode.languages.registerHoverProvider(selector, {
      provideHover: ext.guard('hover', (doc: vscode.TextDocument, pos: vscode.Position, token: vscode.CancellationToken) => {
        if (token.isCancellationRequested) return undefined;
        const h = ext.service.getHover(ext.docs.sync(doc), doc.offsetAt(pos));
        if (!h || token.isCancellationRequested) return undefined;
        const md = new vscode.MarkdownString(h.markdown);
        md.supportHtml = false;
        md.isTrusted = false;
        return new vscode.Hover(md, toRange(doc, h.range));
      }),
    }),
  );
}

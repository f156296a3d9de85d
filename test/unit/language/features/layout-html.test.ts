// The layout view's HTML (extension/commands/layout-html.ts, which imports nothing of vscode):
// file and packet named, a banner when the packet has errors, one-line values, a reachable grid.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { layoutHtml } from '../../../../extension/commands/layout-html.js';
import { open } from './helpers.js';

describe('layout view HTML', () => {
  const { s, uri } = open('packet p: CreateAgentSession {\n  hAgent = 7\n  lpszAgentPIN = "<b>"\n  lpGroupID = null\n}\n');
  const m = s.getLayout(uri, { packet: 'p' })!;

  it('names the file and packet, links to the byte grid, keeps values on one line', () => {
    const html = layoutHtml({ title: 'p: CreateAgentSession', source: 'test.tapipkt, line 1 · follows edits', bytes: m.bytes!, rows: m.rows, stale: false }, 'n0nce');
    assert.match(html, /<h3>p: CreateAgentSession — \d+ bytes<\/h3>/);
    assert.match(html, /test\.tapipkt, line 1/);
    assert.match(html, /<a href="#bytes">/);
    assert.match(html, /id="bytes"/);
    assert.match(html, /white-space: nowrap/);
    assert.match(html, /\.scroll \{ overflow-x: auto/);
    assert.doesNotMatch(html, /<b>/, 'text is escaped');
    assert.ok(!html.includes('class="banner"'));
  });
  it('a banner without backticks when the packet has errors; the last rows are dimmed', () => {
    const html = layoutHtml({ title: 'p: CreateAgentSession', source: 'test.tapipkt', bytes: m.bytes!, rows: m.rows, banner: "'p' has 1 error now, first on line 2: expected a field name, found '='.", stale: true }, 'n0nce');
    assert.match(html, /class="banner" role="alert">&#39;p&#39; has 1 error now/);
    assert.match(html, /class="scroll stale"/);
    assert.doesNotMatch(html.slice(html.indexOf('<body>')), /`/);
  });
});

// Error recovery, data-driven: every file in test/baselines/recovery holds one mistake, marked
// `// <- mistake` on the line where its diagnostic belongs. One mistake gives exactly one
// diagnostic there, and the packet after it still encodes (the parser came back to the right
// scope). The diagnostics' wording is kept in the `.diag.txt` baselines beside the files.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { serviceWith } from '../helpers.js';

const dir = join(__dirname, '..', '..', 'baselines', 'recovery');

describe('recovery: one mistake, one diagnostic', () => {
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.tapipkt'))) {
    it(name, () => {
      const text = readFileSync(join(dir, name), 'utf8');
      const marked = text.split('\n').findIndex((l) => l.includes('// <- mistake'));
      assert.ok(marked >= 0, `${name} marks its mistake with '// <- mistake'`);
      const { s, uri } = serviceWith(text, `file:///w/${name}`);
      const diags = s.getDiagnostics(uri);
      assert.equal(diags.length, 1, diags.map((d) => `${d.range.start.line + 1}: ${d.message}`).join('\n'));
      assert.equal(diags[0]!.range.start.line, marked, diags[0]!.message);
      assert.ok(s.getPackets(uri).find((p) => p.name === 'after')?.bytes, 'the next packet still encodes');
    });
  }
});

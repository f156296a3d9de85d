// Incremental analysis must give exactly what a full analysis gives: after any edit, the
// diagnostics and the encoded packets of the edited document equal a fresh service's.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { builtinCatalog } from '../../../src/catalog/index.js';
import { toHex } from '../../../src/codec/index.js';
import { createLanguageServiceCore } from '../../../src/language/index.js';

const root = join(__dirname, '..', '..', '..');
const base = [
  readFileSync(join(root, 'test/baselines/encode/create-agent-session-pins.tapipkt'), 'utf8'),
  readFileSync(join(root, 'test/baselines/encode/deliberate.tapipkt'), 'utf8'),
  'request Mine = 300 { a: u32 Reserved2..Reserved13: ignored }\npacket m: Mine { a = 1 }\n',
  readFileSync(join(root, 'test/baselines/decode/captures.tapipkt'), 'utf8'),
].join('\n');

function snapshot(text: string, s = createLanguageServiceCore({ catalog: builtinCatalog })): string {
  s.update('file:///w/x.tapipkt', text);
  const d = s.getDiagnostics('file:///w/x.tapipkt').map((x) => `${x.start}-${x.end} ${x.code} ${x.message}`);
  const p = s.getPackets('file:///w/x.tapipkt').map((x) => `${x.name}@${x.range.start}-${x.range.end}=${x.bytes ? toHex(x.bytes) : '-'}`);
  return [...d, ...p].join('\n');
}

const edits: [string, (t: string) => string][] = [
  ['change a value in the middle', (t) => t.replace('"12345"', '"123456"')],
  ['delete a closing brace', (t) => t.replace('}\npacket five', '\npacket five')],
  ['insert a new packet', (t) => t.replace('packet four', 'packet extra: Close { hLine = 1 }\npacket four')],
  ['edit a definition', (t) => t.replace('a: u32', 'a: u16')],
  ['open a block comment', (t) => t.replace('packet seven', '/* packet seven')],
  ['open a string', (t) => t.replace('"1234567"', '"1234567')],
  ['type a syntax error', (t) => t.replace('lpGroupID = raw 13', 'lpGroupID = = raw 13')],
  ['delete everything', () => ''],
];

describe('incremental analysis', () => {
  for (const [name, edit] of edits) {
    it(name, () => {
      const s = createLanguageServiceCore({ catalog: builtinCatalog });
      snapshot(base, s);
      const next = edit(base);
      assert.notEqual(next, base);
      assert.equal(snapshot(next, s), snapshot(next));
    });
  }
  it('random edit sequences give the same result as a full analysis', () => {
    const edit = fc.tuple(fc.nat(), fc.nat(6), fc.constantFrom('', '}', '{', ' ', '1', 'packet q: Close { }\n', '"', '/*', '*/', '//', '\n', 'x = 2 ', '@keep', '///'));
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (list) => {
        const s = createLanguageServiceCore({ catalog: builtinCatalog });
        let text = base;
        snapshot(text, s);
        for (const [at, del, ins] of list) {
          const p = at % (text.length + 1);
          text = text.slice(0, p) + ins + text.slice(Math.min(text.length, p + del));
          assert.equal(snapshot(text, s), snapshot(text));
        }
      }),
      { seed: Number(process.env.SEED ?? 42), numRuns: Number(process.env.RUNS ?? 120) },
    );
  });
});

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
import { commonPrefix, commonSuffix } from '../../../src/language/incremental.js';

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

describe('where an edit is', () => {
  const naivePrefix = (a: string, b: string): number => {
    let p = 0;
    while (p < a.length && p < b.length && a[p] === b[p]) p++;
    return p;
  };
  const naiveSuffix = (a: string, b: string, n: number): number => {
    let s = 0;
    while (s < n && a[a.length - 1 - s] === b[b.length - 1 - s]) s++;
    return s;
  };
  it('common start and end are found exactly, across chunk boundaries', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 3000 }), fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), fc.nat(), fc.nat(), (base, ins, del, at0, len0) => {
        const at = at0 % (base.length + 1);
        const cut = Math.min(base.length - at, len0 % 4);
        const a = base.repeat(1 + (at0 % 3));
        const b = a.slice(0, at) + ins + a.slice(at + cut) + del;
        const n = Math.min(a.length, b.length);
        const p = commonPrefix(a, b, n);
        assert.equal(p, naivePrefix(a, b));
        assert.equal(commonSuffix(a, b, n - p), naiveSuffix(a, b, n - p));
      }),
      { numRuns: 500 },
    );
    const big = 'x'.repeat(5000);
    assert.equal(commonPrefix(big, big.slice(0, 2048) + 'y' + big.slice(2049), 5000), 2048);
    assert.equal(commonSuffix(big, big.slice(0, 2047) + 'y' + big.slice(2048), 5000), 2952);
    // A difference right after or before a whole chunk.
    const at = (i: number): string => big.slice(0, i) + 'y' + big.slice(i + 1);
    for (const k of [1023, 1024, 1025, 2048]) {
      assert.equal(commonPrefix(big, at(k), 5000), k);
      assert.equal(commonSuffix(big, at(4999 - k), 5000), k);
    }
  });
});

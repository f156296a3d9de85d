// Parser and scanner: never throw, one diagnostic per mistake, recovery on the next item.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse, scan } from '../../../src/language/index.js';

describe('scanner', () => {
  const cases: { text: string; kinds: string[] }[] = [
    { text: 'packet p: X { a = 0x1F }', kinds: ['ident', 'ident', 'punct', 'ident', 'punct', 'ident', 'punct', 'number', 'punct', 'eof'] },
    { text: 'g = {6B29FC40-CA47-1067-B31D-00DD010662DA}', kinds: ['ident', 'punct', 'guid', 'eof'] },
    { text: 'x = hex { 01 ff zz }', kinds: ['ident', 'punct', 'ident', 'punct', 'hexbody', 'punct', 'eof'] },
    { text: 'decode Foo { 93 00 }', kinds: ['ident', 'ident', 'punct', 'hexbody', 'punct', 'eof'] },
    { text: '/// doc\n// plain\nx', kinds: ['doc', 'ident', 'eof'] },
    { text: '"unterminated', kinds: ['error', 'eof'] },
    { text: '12ab', kinds: ['error', 'eof'] },
  ];
  for (const c of cases) {
    it(JSON.stringify(c.text), () => assert.deepEqual(scan(c.text).tokens.map((t) => t.kind), c.kinds));
  }
  it('unescapes strings', () => {
    assert.equal(scan('"a\\"b\\u0041\\x42\\n"').tokens[0]!.value, 'a"bAB\n');
  });
});

describe('parser', () => {
  const errorCases: { name: string; text: string; errors: number; items: number }[] = [
    { name: 'valid packet', text: 'packet p: CreateAgentSession { hAgent = 7 }', errors: 0, items: 1 },
    { name: 'missing = gives one error and keeps the next field', text: 'packet p: X {\n a 1\n b = 2\n}', errors: 1, items: 1 },
    { name: 'missing } before the next packet', text: 'packet a: X { f = 1\npacket b: X { g = 2 }', errors: 1, items: 2 },
    { name: 'garbage between items', text: 'packet a: X { }\n%%%\npacket b: X { }', errors: 1, items: 2 },
    { name: 'unterminated hex block', text: 'decode { 93 00', errors: 1, items: 1 },
    { name: 'definition with range and attributes', text: 'request R = 5 { a: offset<wstr>? @align(2) Reserved2..Reserved13: ignored }', errors: 0, items: 1 },
    { name: 'const table', text: 'flags F { A = 1, B = 2 }', errors: 0, items: 1 },
    { name: 'unknown keyword', text: 'pakcet p: X { }', errors: 1, items: 0 },
  ];
  for (const c of errorCases) {
    it(c.name, () => {
      const f = parse('file:///t', c.text);
      assert.equal(f.errors.length, c.errors, JSON.stringify(f.errors));
      assert.equal(f.items.length, c.items);
    });
  }
  it('deep nesting is an error, not a stack overflow', () => {
    const f = parse('file:///t', 'packet p: X { a = ' + '{ b = '.repeat(5000));
    assert.ok(f.errors.length >= 1);
  });
});

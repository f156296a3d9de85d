/**
 * Text inputs for the language: random strings, mutations of valid files, huge tokens, deep
 * nesting, unterminated blocks, strings and comments, and imports (cycles, escapes, depth).
 */
import fc from 'fast-check';
import { seedTexts } from './env.js';

/** Pieces of the language, so random text often gets past the scanner into the parser. */
const TOKENS = [
  'import', 'const', 'flags', 'type', 'request', 'response', 'struct', 'template', 'packet', 'decode', 'switch', 'case',
  'hex', 'raw', 'null', 'size', 'offset', '<', '>', 'wstr', 'str', 'guid', 'bytes', '[', ']', '{', '}', '(', ')', ':', '=',
  '|', '?', '@', ',', ';', '.', '..', '@align(2)', '@min(16)', '@room', '@trailing', '@keep', '@oneOf(1, 2)', '@nonzero',
  '@section("2.2.4.1.3.11")', '@vardata(8)', 'u8', 'u16', 'u32', 'zero', 'ignored', 'total', 'varsize', 'CreateAgentSession',
  'LINECALLPARAMS', 'LINEDIALPARAMS', 'TAPI32_MSG', 'ASYNCEVENTMSG', 'MakeCall', 'lpCallParams', 'dwTotalSize', 'padTo',
  'varData', 'Req_Func', 'x', 'y', '0', '1', '-1', '0x', '0xFFFFFFFF', '0x1_0000_0000', '4294967296', '99999999999999999999',
  '"', '"s"', '"\\u12"', '"\\x4', '"\\q"', '"\uD83D\uDE00"', '"\uD800"', '{6B29FC40-CA47-1067-B31D-00DD010662DA}', '{6B29FC40-',
  '//', '///', '/*', '*/', '\n', '\r\n', ' ', '\t', '\u0000', '\uFEFF', '\u2028', '\\', '`', '#', 'é', '😀',
];

/** A string of language tokens with random separators. */
const tokenSoup = fc
  .array(fc.tuple(fc.constantFrom(...TOKENS), fc.constantFrom(' ', '\n', '', '  ', '\t')), { maxLength: 120 })
  .map((parts) => parts.map(([t, s]) => t + s).join(''));

/** A random edit of a text. */
const edit = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), s: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 8 })) }),
  fc.record({ op: fc.constant('dup' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swapchar' as const), at: fc.nat(), c: fc.constantFrom('{', '}', '"', '/', '*', '=', ':', '<', '>', 'x', '\n', '@', '|', '(', ')') }),
);
type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

function applyEdit(text: string, e: Edit): string {
  const at = text.length ? e.at % (text.length + 1) : 0;
  switch (e.op) {
    case 'delete':
      return text.slice(0, at) + text.slice(at + e.len);
    case 'insert':
      return text.slice(0, at) + e.s + text.slice(at);
    case 'dup':
      return text.slice(0, at) + text.slice(at, at + e.len) + text.slice(at);
    case 'truncate':
      return text.slice(0, at);
    case 'swapchar':
      return text.slice(0, at) + e.c + text.slice(at + 1);
  }
}

/** A valid file (or a window of one, to keep cases fast) with a few random edits. */
const mutated = fc
  .tuple(fc.nat({ max: Math.max(0, seedTexts.length - 1) }), fc.nat(), fc.integer({ min: 200, max: 4000 }), fc.boolean(), fc.array(edit, { minLength: 1, maxLength: 8 }))
  .map(([i, from, len, whole, edits]) => {
    const src = seedTexts[i] ?? '';
    let t = whole ? src : src.slice(from % (src.length + 1), (from % (src.length + 1)) + len);
    for (const e of edits) t = applyEdit(t, e);
    return t;
  });

/** Huge tokens: identifiers, numbers, strings, hex bodies, comments of 100k+ characters. */
const huge = fc
  .tuple(fc.constantFrom('ident', 'number', 'hexnum', 'string', 'hexbody', 'comment', 'doc', 'or', 'fields', 'packets', 'flagsList'), fc.integer({ min: 10_000, max: 200_000 }))
  .map(([kind, n]) => {
    switch (kind) {
      case 'ident':
        return `packet p: ${'A'.repeat(n)} { ${'b'.repeat(n)} = 1 }`;
      case 'number':
        return `packet p: CreateAgentSession { lpContext = ${'9'.repeat(n)} }`;
      case 'hexnum':
        return `packet p: CreateAgentSession { lpContext = 0x${'f'.repeat(n)} }`;
      case 'string':
        return `packet p: CreateAgentSession { lpszAgentPIN = "${'\\u00e9x'.repeat(n / 7)}" }`;
      case 'hexbody':
        return `decode { ${'00 '.repeat(n / 3)} }\npacket p: CreateAgentSession { lpGroupID = hex { ${'ab'.repeat(n / 2)} } }`;
      case 'comment':
        return `/* ${'*'.repeat(n)} */ ${'// x\n'.repeat(n / 5)}`;
      case 'doc':
        return `${'/// doc\n'.repeat(n / 8)}const T { A = 1 }`;
      case 'or':
        return `packet p: CreateAgentSession { lpContext = ${Array.from({ length: n / 10 }, () => '1').join(' | ')} }`;
      case 'fields':
        return `struct S { ${Array.from({ length: n / 20 }, (_, i) => `f${i}: u32`).join('\n')} }`;
      case 'packets':
        return Array.from({ length: n / 200 }, (_, i) => `packet p${i}: CreateAgentSession { lpszAgentPIN = "x" lpGroupID = null }`).join('\n');
      default:
        return `flags F { ${Array.from({ length: n / 20 }, (_, i) => `F${i} = ${1 << i % 31}`).join('\n')} }`;
    }
  });

/** Deep nesting in every place braces, parentheses or angle brackets can go. */
const deep = fc
  .tuple(fc.constantFrom('{', 'value', 'struct', 'switch', 'attr', 'offset', 'decode', 'hex', 'mixed'), fc.integer({ min: 10, max: 50_000 }), fc.boolean())
  .map(([kind, n, close]) => {
    const c = (s: string): string => (close ? s : '');
    switch (kind) {
      case '{':
        return '{'.repeat(n) + c('}'.repeat(n));
      case 'value':
        return `packet p: MakeCall { lpCallParams = ${'{ DialParams = '.repeat(n)}1${c(' }'.repeat(n))} }`;
      case 'struct':
        return `struct S { ${'x: u32 '.repeat(3)}${'{'.repeat(n)}${c('}'.repeat(n))} }`;
      case 'switch':
        return `struct S { sel: u32\n ${'switch sel { case 1 { '.repeat(Math.min(n, 5000))}a: u32${c(' } }'.repeat(Math.min(n, 5000)))} }`;
      case 'attr':
        return `struct S { a: u32 ${'@min('.repeat(n)}1${c(')'.repeat(n))} }`;
      case 'offset':
        return `struct S { a: ${'offset<'.repeat(n)}wstr${c('>'.repeat(n))} }`;
      case 'decode':
        return `decode ${'decode '.repeat(n)}{ 00 }`;
      case 'hex':
        return `packet p: CreateAgentSession { lpGroupID = ${'hex { '.repeat(n)}${c('}'.repeat(n))} }`;
      default:
        return Array.from({ length: n }, (_, i) => '{[(<"/*'[i % 7]).join('');
    }
  });

/** Constructs left open at the end of the file. */
const unterminated = fc.constantFrom(
  'packet p: CreateAgentSession {',
  'packet p: CreateAgentSession { lpszAgentPIN = "abc',
  'packet p: CreateAgentSession { lpszAgentPIN = "abc\\',
  'packet p: CreateAgentSession { lpGroupID = hex { 01 02',
  'packet p: CreateAgentSession { lpGroupID = {6B29FC40-CA47',
  '/* never closed',
  '/// doc at the end',
  'decode {',
  'decode CreateAgentSession { 93 00 00',
  'decode',
  'struct S { a: offset<',
  'struct S { a: bytes[',
  'struct S { switch a { case 1 {',
  'request R = ',
  'flags F { A = 1 |',
  '@section("2.2',
  'import "',
  'import',
  'packet p: CreateAgentSession { lpContext = raw',
  'packet p: MakeCall { lpCallParams = { DialParams = {',
);

/** Imports: cycles, self-imports, deep chains, escapes and absolute paths. */
const imports = fc
  .array(
    fc.constantFrom(
      'a.tapipkt', 'b.tapipkt', 'self.tapipkt', 'sub/c.tapipkt', 'deep0.tapipkt', 'missing.tapipkt', '../x.tapipkt', '../../../etc/passwd',
      '/etc/passwd', 'C:\\Windows\\win.ini', 'file:///etc/passwd', 'http://example.invalid/x', '\\\\server\\share', 'sub/../../x', './././a.tapipkt',
      'sub/./../b.tapipkt', '', '.', '..', 'fuzz.tapipkt', 'sub//c.tapipkt', 'a.tapipkt\u0000', '%2e%2e/x',
    ),
    { maxLength: 6 },
  )
  .map((ps) => ps.map((p) => `import ${JSON.stringify(p)}`).join('\n') + '\npacket p: CreateAgentSession { lpGroupID = null }\n');

/** Any text the language service may be handed. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 300 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
  { weight: 5, arbitrary: tokenSoup },
  { weight: 8, arbitrary: mutated },
  { weight: 1, arbitrary: huge },
  { weight: 2, arbitrary: deep },
  { weight: 2, arbitrary: unterminated.chain((u) => fc.constantFrom(u, u + '\n', 'const T { A = 1 }\n' + u)) },
  { weight: 2, arbitrary: imports },
  { weight: 2, arbitrary: fc.tuple(tokenSoup, mutated, fc.string({ maxLength: 50 })).map((p) => p.join('\n')) },
);

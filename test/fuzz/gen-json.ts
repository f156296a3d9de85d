/**
 * JSON requests for the CLI: valid ones with one field broken (wrong type, unknown name,
 * out-of-range number, malformed GUID or hex, huge string), random JSON, and broken JSON text.
 */
import fc from 'fast-check';
import { allLayouts } from './env.js';
import { requestFor } from './gen-values.js';

const BIG = 'A'.repeat(1 << 20);

const badValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    -1, -0x80000001, 0x100000000, 2 ** 53, 1e308, -1e308, 0.5, Number.MAX_SAFE_INTEGER, '0x', '0x1_0', '0xFFFFFFFFF', '-0x1', '99999999999999999999',
    'NOT_A_CONSTANT', '', ' ', 'A|', '|', 'LINEERR_INVALPARAM|', '{6B29FC40-CA47-1067-B31D-00DD010662D}', '{6B29FC40CA471067B31D00DD010662DA}',
    '{zzzzzzzz-CA47-1067-B31D-00DD010662DA}', true, false, [], [[]], [{}], [null], ['NOPE'], [1.5], {}, { raw: 'x' }, { raw: -5 }, { raw: 2 ** 40 },
    { raw: null }, { raw: {} }, { hex: 'abc' }, { hex: 'zz' }, { hex: 5 }, { hex: null }, { hex: '0x0x' }, { raw: 1, hex: '00' }, { nested: { deeper: 1 } },
    '\uD800', '\u0000', BIG, { hex: 'ab'.repeat(1 << 19) }, { hex: 'a' + 'b'.repeat(1 << 19) },
  ),
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ maxLength: 60 }),
  fc.double(),
  fc.integer(),
);

/** A catalog request with one field set to something bad, or an unknown field. */
const brokenField = fc
  .tuple(requestFor(allLayouts), fc.nat(), badValue, fc.boolean(), fc.string({ maxLength: 20 }))
  .map(([req, pick, v, unknown, name]) => {
    const keys = Object.keys(req.fields);
    const names = keys.length ? keys : ['x'];
    const k = unknown ? name || 'nope' : names[pick % names.length]!;
    return { ...req, fields: { ...req.fields, [k]: v } } as unknown;
  });

/** A request whose top-level keys are wrong. */
const brokenTop = fc
  .tuple(requestFor(allLayouts), fc.constantFrom('packet', 'request', 'fields', 'varData', 'padTo', 'extra'), badValue)
  .map(([req, key, v]) => ({ ...req, [key]: v }) as unknown);

/** Deeply nested JSON text (built as text: JSON.stringify itself would overflow). */
const deepJson = fc
  .tuple(fc.integer({ min: 1, max: 20_000 }), fc.constantFrom('lpCallParams', 'DialParams', 'x'))
  .map(([n, k]) => `{"packet":"MakeCall","fields":${`{"${k}":`.repeat(n)}{}${'}'.repeat(n)}}`);

/** JSON text for `encode --json -` / `--jsonl` lines. */
export const jsonText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: brokenField.map((v) => JSON.stringify(v)) },
  { weight: 3, arbitrary: brokenTop.map((v) => JSON.stringify(v)) },
  { weight: 2, arbitrary: requestFor(allLayouts).map((v) => JSON.stringify(v)) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 1, arbitrary: deepJson },
  { weight: 2, arbitrary: fc.tuple(brokenField.map((v) => JSON.stringify(v)), fc.nat()).map(([s, n]) => s.slice(0, n % (s.length + 1))) },
  { weight: 1, arbitrary: fc.string({ maxLength: 100 }) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\n', '{', '[', 'null', '[]', '"x"', '1e999', '{"packet":"CreateAgentSession","fields":{"lpGroupID":"' + 'x'.repeat(5000) + '"}}') },
);

/** Hex text for `decode --hex` / `--jsonl` lines. */
export const hexText: fc.Arbitrary<string> = fc.oneof(
  fc.uint8Array({ maxLength: 120 }).map((b) => Buffer.from(b).toString('hex')),
  fc.string({ maxLength: 80 }),
  fc.stringMatching(/^[0-9a-fA-F :,x-]{0,200}$/),
);

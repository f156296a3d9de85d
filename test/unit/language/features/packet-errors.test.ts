// A packet with any error in its declaration (a syntax slip included) does not encode: the
// service says so once (PacketEncoding.errors, the CodeLens info), and the CLI uses that answer.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { encodeFile } from '../../../../src/cli/encode.js';
import { open } from './helpers.js';

// The scenario: `hAgent = 7` lost its name. The parser skips the line, so the checker
// alone would encode the rest (76 bytes) as if nothing happened.
const SLIP = `packet broken: CreateAgentSession {
  dwRequestID = 0
  lpContext = 0x1234
  hLine = 0x00010002
  = 7
  lpszAgentPIN = "4711"
  lpGroupID = null
}
packet fine: CreateAgentSession { hAgent = 7 lpGroupID = null }
`;

describe('errors in a packet\'s span', () => {
  it('a syntax error inside a packet takes its bytes, spans and request away and is counted', () => {
    const { s, uri } = open(SLIP);
    const [broken, fine] = s.getPackets(uri);
    assert.equal(broken!.bytes, undefined);
    assert.equal(broken!.request, undefined);
    assert.deepEqual(broken!.spans, []);
    assert.equal(broken!.errors.length, 1);
    assert.equal(broken!.errors[0]!.code, 'TP1001');
    assert.equal(broken!.errors[0]!.range.start.line, 4);
    assert.ok(fine!.bytes && fine!.errors.length === 0, 'the other packet still encodes');
    assert.equal(s.encodeNamed(uri, 'broken')!.bytes, undefined);
  });
  it('the CodeLens of the broken packet shows its error count and first line, not a size', () => {
    const { s, uri } = open(SLIP);
    const [broken, fine] = s.getCodeLenses(uri);
    assert.deepEqual({ ok: broken!.ok, size: broken!.size, errors: broken!.errors, line: broken!.firstError?.line }, { ok: false, size: undefined, errors: 1, line: 4 });
    assert.deepEqual({ ok: fine!.ok, size: fine!.size, errors: fine!.errors }, { ok: true, size: 60, errors: 0 });
  });
  it('a duplicate packet name (a document-level error on the name) also stops that packet', () => {
    const { s, uri } = open('packet a: CreateAgentSession { lpGroupID = null }\npacket a: CreateAgentSession { lpGroupID = null }\n');
    const [first, second] = s.getPackets(uri);
    assert.ok(first!.bytes);
    assert.equal(second!.bytes, undefined);
    assert.match(second!.errors[0]!.message, /already defined/);
  });
  it('a slip the parser recovers from leaves the rest of the document encodable', () => {
    const { s, uri } = open(SLIP);
    assert.equal(s.getPackets(uri).filter((p) => p.bytes).length, 1);
  });
  it('the CLI refuses exactly what the editor refuses', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tapipkt-slip-'));
    const file = join(dir, 'slip.tapipkt');
    writeFileSync(file, SLIP);
    const lines: string[] = [];
    assert.throws(() => encodeFile(file, 'broken', 'hex', (l) => lines.push(l)), /1 error; nothing encoded/);
    assert.ok(lines.some((l) => /:5:3: error: .*TP1001/.test(l)), lines.join('\n'));
    // The syntax error is in 'broken', not in 'fine': 'fine' still encodes alone.
    const out = encodeFile(file, 'fine', 'hex', () => undefined);
    assert.ok('text' in out && /^93000000/.test(out.text));
  });
});

// The compiled fast paths against the general codec: the seeded equivalence check over every
// catalog layout (generated codecs and plan interpreters), and the generated codec's own cases.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkEquivalence, planCoverage } from '../../../bench/equivalence.js';
import { builtinScope } from '../../../src/catalog/index.js';
import fc from 'fast-check';
import { decodePacket, decodeRequestFast, decodeRequestJson, encodeRequest, formatGuid, toHex } from '../../../src/codec/index.js';
import { codecOf, digits, generateCodec, guidOut, hexOut, jsonLatin1, jsonUtf16, planOf } from '../../../src/codec/fast/index.js';

const index = builtinScope();
const GUID = '{12345678-9ABC-DEF0-0123-456789ABCDEF}';

describe('fast paths', () => {
  it('every flat layout has a generated codec', () => {
    const cov = planCoverage();
    assert.ok(cov.flat > 150, `only ${cov.flat} plans`);
    assert.equal(cov.generated, cov.flat);
  });

  for (const generated of [true, false]) {
    it(`${generated ? 'generated codecs' : 'plan interpreters'} give the general path's bytes, issues, requests and spans`, () => {
      const { cases, failures } = checkEquivalence(3, { generated });
      assert.ok(cases > 1000, `only ${cases} cases`);
      assert.deepEqual(failures, []);
    });
  }

  it('the generated encoder writes CreateAgentSession as the worked example lays it out', () => {
    const plan = planOf(index.layout('CreateAgentSession')!)!;
    const codec = codecOf(plan)!;
    const bytes = codec.encode({ dwRequestID: 1, hLine: 0x10001, lpszAgentPIN: '4711', lpGroupID: GUID }, index.constant);
    assert.ok(bytes);
    assert.equal(codec.clean, true);
    assert.equal(bytes.length, 60 + 12 + 16);
    assert.equal(toHex(bytes.subarray(0, 4)), '93000000'); // Req_Func 147
    assert.equal(toHex(bytes.subarray(24, 28)), '00000000'); // lpszAgentPIN at VarData 0
    assert.equal(toHex(bytes.subarray(32, 40)), '0c00000010000000'); // lpGroupID at 12, dwSize 16
    assert.equal(toHex(bytes.subarray(60, 72)), '340037003100310000000000'); // "4711", NUL, pad
    assert.equal(toHex(bytes.subarray(72)), '78563412bc9af0de0123456789abcdef'); // MS-DTYP GUID layout
    assert.deepEqual(decodeRequestFast(index, bytes), decodePacket(index, bytes).request);
    assert.deepEqual(codec.decode(bytes), { dwRequestID: 1, lpContext: 0, hLine: 0x10001, hAgent: 0, lpszAgentPIN: '4711', dwWorkingAddressID: 0, lpGroupID: GUID, lphAgentSessionContext: 0, Reserved2: 0, Reserved3: 0, Reserved4: 0, Reserved5: 0 });
  });

  it('the generated codec gives up where the general path must answer', () => {
    const codec = codecOf(planOf(index.layout('CreateAgentSession')!)!)!;
    const c = index.constant;
    assert.equal(codec.encode({ lpGroupID: GUID, NoSuchField: 1 }, c), undefined); // unknown name
    assert.equal(codec.encode({ lpGroupID: 'not a guid' }, c), undefined);
    assert.equal(codec.encode({ lpGroupID: GUID, dwRequestID: 1.5 }, c), undefined);
    assert.equal(codec.encode({ lpGroupID: GUID, dwRequestID: 0x100000000 }, c), undefined);
    assert.equal(codec.encode({ lpGroupID: GUID, lpszAgentPIN: { raw: 4 } }, c), undefined);
    const good = codec.encode({ lpGroupID: GUID }, c)!;
    assert.equal(codec.decode(good.subarray(0, good.length - 4)), undefined); // truncated
    const odd = Uint8Array.from(good);
    odd[36] = 15; // dwSize that disagrees with the GUID
    assert.equal(codec.decode(odd), undefined);
    const padded = codec.encode({ lpszAgentPIN: '4711', lpGroupID: GUID }, c)!;
    padded[70] = 1; // the padding after the PIN's NUL must be zero
    assert.equal(codec.decode(padded), undefined);
    // ...and the general path still decodes them losslessly.
    for (const b of [odd, padded]) assert.equal(toHex(encodeRequest(index, decodePacket(index, b).request).bytes!), toHex(b));
  });

  it('field names are data, never code', () => {
    const L = index.layout('CreateAgentSession')!;
    const evil = { ...L, name: 'Evil', fields: L.fields.map((f) => (f.name === 'hAgent' ? { ...f, name: '"]; throw new Error("injected"); //' } : f)) };
    const plan = planOf(evil)!;
    const codec = generateCodec(plan)!;
    const bytes = codec.encode({ '"]; throw new Error("injected"); //': 7, lpGroupID: GUID }, index.constant)!;
    assert.equal(bytes[20], 7);
    assert.equal(codec.decode(bytes)!['"]; throw new Error("injected"); //'], 7);
  });
});

describe('JSON written straight from packet bytes', () => {
  const utf16le = (s: string): Uint8Array => {
    const b = new Uint8Array(s.length * 2);
    for (let i = 0; i < s.length; i++) {
      b[2 * i] = s.charCodeAt(i) & 255;
      b[2 * i + 1] = s.charCodeAt(i) >> 8;
    }
    return b;
  };
  const text = (out: Uint8Array, end: number): string => Buffer.from(out.subarray(0, end)).toString('utf8');
  const out = new Uint8Array(1 << 16);

  it('strings are escaped exactly as JSON.stringify escapes them', () => {
    const tricky = ['', 'plain', 'q"uote', 'back\\slash', '\u0000\u0001\b\t\n\u000b\f\r\u001f', '\u007f\u0080\u00ff\u0100\u07ff\u0800\uffff', '\u2028\u2029', '\ud83d\ude00', '\ud800', 'x\udc00y', '\ud800\ud800', '\udbff'];
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...tricky), fc.string({ unit: 'binary' }), fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) })), (s) => {
        const b = utf16le(s);
        assert.equal(text(out, jsonUtf16(out, 0, b, 0, b.length)), JSON.stringify(s).slice(1, -1));
        const latin = Array.from(s, (c) => String.fromCharCode(c.charCodeAt(0) & 255)).join('');
        const lb = Uint8Array.from(latin, (c) => c.charCodeAt(0));
        assert.equal(text(out, jsonLatin1(out, 0, lb, 0, lb.length)), JSON.stringify(latin).slice(1, -1));
      }),
      { numRuns: 2000 },
    );
  });

  it('numbers, hex and GUIDs as JSON.stringify, toHex and formatGuid write them', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.uint8Array({ minLength: 16, maxLength: 40 }), (n, b) => {
        assert.equal(text(out, digits(out, 0, n)), JSON.stringify(n));
        assert.equal(text(out, hexOut(out, 0, b, 3, b.length)), toHex(b.subarray(3)));
        assert.equal(text(out, guidOut(out, 0, b, 0)), formatGuid(b, 0));
      }),
      { numRuns: 2000 },
    );
  });

  it('a whole request: the text of JSON.stringify(decodePacket(...).request), PIN escapes included', () => {
    const codec = codecOf(planOf(index.layout('CreateAgentSession')!)!)!;
    const sink = { at: 5, reserve: (n: number): Uint8Array => (assert.ok(n > 76 && n < out.length), out) };
    for (const pin of ['4711', 'a"b\\c', '\u0001\u001f', '\ud83d\ude00\ud800', '\u00e9\u4e2d']) {
      const bytes = codec.encode({ lpszAgentPIN: pin, lpGroupID: GUID, hLine: 4294967295, dwRequestID: 10 }, index.constant)!;
      const end = decodeRequestJson(index, bytes, sink);
      assert.equal(Buffer.from(out.subarray(5, end)).toString('utf8'), JSON.stringify(decodePacket(index, bytes).request));
    }
    const bad = codec.encode({ lpGroupID: GUID }, index.constant)!.subarray(0, 60);
    assert.equal(decodeRequestJson(index, bad, sink), -1);
  });
});

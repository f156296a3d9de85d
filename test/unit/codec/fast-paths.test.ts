// The compiled fast paths against the general codec: the seeded equivalence check over every
// catalog layout (generated codecs and plan interpreters), and the generated codec's own cases.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkEquivalence, planCoverage } from '../../../bench/equivalence.js';
import { builtinScope } from '../../../src/catalog/index.js';
import { decodePacket, decodeRequestFast, encodeRequest, toHex } from '../../../src/codec/index.js';
import { codecOf, generateCodec } from '../../../src/codec/plan-gen.js';
import { planOf } from '../../../src/codec/plan.js';

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

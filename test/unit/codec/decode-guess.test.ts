// Decode's layout guess (issue 11): any 40 bytes or more decode and re-encode to the same
// bytes, through JSON and through .tapipkt text; the completions that share Msg 0x0C are told
// apart by fit; a TotalSize that disagrees with the length is said.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodePacket, type DecodeOutcome, encodeRequest, parseHex, toHex } from '../../../src/codec/index.js';
import { index, serviceWith } from '../helpers.js';
import { guessCases, words } from './guess-cases.js';

const bytes = (hex: string): Uint8Array => (parseHex(hex) as { bytes: Uint8Array }).bytes;
const errors = (d: DecodeOutcome): string[] => d.issues.filter((i) => i.severity === 'error').map((i) => `${i.code} ${i.message}`);

/** Decode, then encode the JSON (as a script would get it): the same bytes, no errors. */
function roundTrip(b: Uint8Array, what: string): DecodeOutcome {
  const d = decodePacket(index, b);
  assert.deepEqual(errors(d), [], `${what}: decode reports an error`);
  assert.ok(d.request.packet, `${what}: no packet`);
  const e = encodeRequest(index, JSON.parse(JSON.stringify(d.request)));
  assert.ok(e.bytes, `${what}: the decoded request does not encode: ${e.issues.map((i) => i.message).join('; ')}`);
  assert.equal(toHex(e.bytes), toHex(b), `${what}: decode then encode differs (${JSON.stringify(d.request).slice(0, 300)})`);
  return d;
}

/** Decode to .tapipkt text, parse it back, encode: the same bytes, no errors. */
const { s: svc } = serviceWith('');
function textRoundTrip(b: Uint8Array, what: string, offsets = false): string {
  const r = svc.decodeToText(b, { offsets });
  assert.ok(r.text, `${what}: no text`);
  svc.update('file:///w/decoded.tapipkt', r.text);
  const errs = svc.getDiagnostics('file:///w/decoded.tapipkt').filter((d) => d.severity === 'error');
  assert.deepEqual(errs.map((d) => d.message), [], `${what}: the decoded text has errors:\n${r.text}`);
  const p = svc.getPackets('file:///w/decoded.tapipkt')[0];
  assert.equal(p?.bytes && toHex(p.bytes), toHex(b), `${what}: text round trip differs:\n${r.text}`);
  return r.text;
}

// The exact buffers of issue 11.
const ISSUE = {
  reqFunc40: '28000000110000000000000000000000ee0000000000000005000000320000800000000000000000',
  zeroTotal: '000000000000000000000000000000000c0000000000000000000000000000000000000000000000',
  makeCallReply: '340000000000000000000000000000000c0000000000000005000000000000000100020000000000000000000000000000000000',
  wrongTotal: 'ff0000000000000000000000000000000c0000000000000005000000000000000100020000000000000000000000000000000000',
  // `tapipkt encode examples/create-agent-session.tapipkt | cut -c1-96`: the request cut to 48 bytes.
  truncated: '93000000000000000000000034120000020001000700000000000000000000000c000000100000004200000000000000',
};

describe('decode: issue 11 regressions', () => {
  it('TotalSize 40 read as Req_Func 40 no longer fails: the event template takes it', () => {
    const d = roundTrip(bytes(ISSUE.reqFunc40), 'reqFunc40');
    assert.equal(d.layout?.name, 'ASYNCEVENTMSG');
    assert.match(d.chosenBy!, /Req_Func = 40 .* does not fit/);
    textRoundTrip(bytes(ISSUE.reqFunc40), 'reqFunc40');
  });

  it('all zero with Msg 0x0C: LINE_REPLY with its TotalSize pinned, and a warning that says so', () => {
    const d = roundTrip(bytes(ISSUE.zeroTotal), 'zeroTotal');
    assert.equal(d.layout?.name, 'LINE_REPLY');
    const w = d.issues.find((i) => i.code === 'TP3001');
    assert.equal(w?.path, 'TotalSize');
    assert.equal(w?.offset, 0);
    textRoundTrip(bytes(ISSUE.zeroTotal), 'zeroTotal');
  });

  it('a 52-byte completion decodes as MakeCallReply with hCall named, and names the others that fit', () => {
    const d = roundTrip(bytes(ISSUE.makeCallReply), 'makeCallReply');
    assert.equal(d.layout?.name, 'MakeCallReply');
    assert.equal(d.request.fields?.['hCall'], 0x00020001);
    assert.equal(d.request.fields?.['dwRequestId'], 5);
    assert.equal(d.request.padTo, undefined);
    const alt = d.issues.find((i) => i.code === 'TP2106');
    assert.equal(alt?.severity, 'info');
    for (const n of ['PickUpReply', 'UnParkReply', 'ForwardReply', 'CompleteTransferReply', 'PrepareAddToConferenceReply', 'SetUpTransferReply']) assert.match(alt!.message, new RegExp(`\\b${n}\\b`));
    assert.doesNotMatch(alt!.message, /LINE_REPLY|SetUpConferenceReply/); // they fit less well
    assert.match(alt!.message, /--as NAME/);
    assert.match(textRoundTrip(bytes(ISSUE.makeCallReply), 'makeCallReply'), /\n {2}hCall = 0x00020001\n/);
  });

  it('a TotalSize that disagrees with the length is a warning with a code, not a silent bare template', () => {
    const d = roundTrip(bytes(ISSUE.wrongTotal), 'wrongTotal');
    assert.equal(d.layout?.name, 'MakeCallReply');
    const w = d.issues.find((i) => i.code === 'TP3001');
    assert.equal(w?.severity, 'warning');
    assert.equal(w?.path, 'Totalsize');
    assert.match(w!.message, /255 disagrees with the length of the packet \(52 bytes\)/);
    assert.match(d.chosenBy!, /TotalSize = 255 is not the length \(52\)/);
    textRoundTrip(bytes(ISSUE.wrongTotal), 'wrongTotal');
  });

  it('a request cut short decodes, with the layout it did not fit named', () => {
    const d = roundTrip(bytes(ISSUE.truncated), 'truncated');
    assert.match(d.chosenBy!, /Req_Func = 147 \(CreateAgentSession\) does not fit 48 bytes/);
    assert.ok(d.issues.some((i) => i.severity === 'warning' && i.code === 'TP2101' && /as CreateAgentSession/.test(i.message)));
    textRoundTrip(bytes(ISSUE.truncated), 'truncated');
  });

  it('a request cut inside its VarData stays that request, the rest kept as varData', () => {
    const full = encodeRequest(index, { packet: 'CreateAgentSession', fields: { lpszAgentPIN: '4711', lpGroupID: '{6B29FC40-CA47-1067-B31D-00DD010662DA}' } }).bytes!;
    const d = roundTrip(full.slice(0, 80), 'cut to 80');
    assert.equal(d.layout?.name, 'CreateAgentSession');
    assert.ok(d.request.varData);
  });
});

describe('decode: the completions that share Msg 0x0C', () => {
  it('each size picks the layout whose fixed part it fills: 40 LINE_REPLY, 52 MakeCallReply, 72 SetUpConferenceReply', () => {
    for (const [n, name] of [[40, 'LINE_REPLY'], [52, 'MakeCallReply'], [72, 'SetUpConferenceReply']] as const) {
      const d = roundTrip(words(n, { 0: n, 16: 0x0c }), `${n} bytes`);
      assert.equal(d.layout?.name, name, `${n} bytes`);
      assert.equal(d.request.padTo, undefined);
      assert.equal(d.request.varData, undefined);
    }
  });

  it('a dwSize that gives the VarData length picks a completion that carries VarData', () => {
    const d = roundTrip(words(48, { 0: 48, 16: 0x0c, 36: 8 }, (o) => (o >= 40 ? 0x41414141 : 0)), '48 bytes, dwSize 8');
    assert.equal(d.layout?.name, 'AgentSpecificReply'); // the first of the twelve that share the shape
    assert.equal(d.request.fields?.['dwSize'], undefined, 'dwSize is computed, not pinned');
    assert.match(d.issues.find((i) => i.code === 'TP2106')!.message, /CreateAgentReply/);
  });

  it('--as picks another layout of the same bytes', () => {
    const d = decodePacket(index, bytes(ISSUE.makeCallReply), { as: 'PickUpReply' });
    assert.equal(d.layout?.name, 'PickUpReply');
    assert.equal(d.request.fields?.['hCall'], 0x00020001);
    assert.equal(toHex(encodeRequest(index, d.request).bytes!), ISSUE.makeCallReply);
  });
});

describe('decode: a property aimed at the guess', () => {
  const cases = guessCases();

  it(`every Req_Func and Msg, TotalSize collisions, Msg 0x0C at 40..300 bytes, truncations (${cases.length} buffers): decode then encode is the identity`, () => {
    assert.ok(cases.length > 5000);
    for (const c of cases) roundTrip(c.bytes, c.what);
  });

  it('without the search for equal fits (batch, library): the same layout and the same request for every buffer', () => {
    for (const c of cases) {
      const full = decodePacket(index, c.bytes, { spans: false });
      const quick = decodePacket(index, c.bytes, { spans: false, alternatives: false });
      assert.equal(quick.layout?.name, full.layout?.name, c.what);
      assert.deepEqual(quick.request, full.request, c.what);
      assert.deepEqual(quick.issues.filter((i) => i.severity !== 'info').map((i) => i.code), full.issues.filter((i) => i.severity !== 'info').map((i) => i.code), c.what);
    }
  });

  it('the same through .tapipkt text, with and without --offsets comments (every 17th buffer)', () => {
    for (let i = 0; i < cases.length; i += 17) textRoundTrip(cases[i]!.bytes, cases[i]!.what, i % 2 === 0);
  });

  it('random bytes of 40 to 400 bytes, and random words under known headers', () => {
    const header = fc.tuple(fc.nat({ max: 90 }), fc.constantFrom(0x0c, 0x11, 0, 2, 0x93, 0x28), fc.constantFrom(0x0c, 0x11, 0, 0x10, 0xee), fc.boolean(), fc.nat({ max: 0xffffffff }))
      .map(([k, first, msg, lengthAtZero, fill]) => words(40 + k * 4 + (fill % 4), { 0: lengthAtZero ? 40 + k * 4 + (fill % 4) : first, 16: msg }, (o) => (Math.imul(fill, o + 1) >>> 0) % 300));
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ minLength: 40, maxLength: 400 }), header), (b) => {
        roundTrip(b, toHex(b));
      }),
      { numRuns: 400, seed: 11 },
    );
  });
});

// Sessions (DESIGN.md "Sessions"): the syntax, the checks (one code each), the plan and its
// bindings, the editor features over a session, and reply decoding.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeReply, encodeRequest, readU32le, toHex } from '../../../src/codec/index.js';
import { parse } from '../../../src/language/index.js';
import { index, serviceWith } from '../helpers.js';
import { at, open } from './features/helpers.js';
import { analysisOf } from '../../../src/language/service-internals.js';

const INIT = 'init: Initialize { dwFriendlyNameOffset = "LAB-PC" dwModuleNameOffset = "LAB-PC" dwAPIVersion = 0x00020002 }';
const OPEN = 'open: Open { hLineApp = init.hLineApp dwDeviceID = 0 dwNegotiatedVersion = 0x00020002 dwPrivileges = LINECALLPRIVILEGE_NONE pCallParams = null lNeededSize = 1024 }';
const POC = `session poc {\n  attach { pszMachine = "LAB-PC" }\n  ${INIT}\n  ${OPEN}\n}\n`;
const session = (...steps: string[]): string => `session s {\n  ${steps.join('\n  ')}\n}\n`;

function codes(text: string): string[] {
  const { s, uri } = serviceWith(text);
  return [...new Set(s.getDiagnostics(uri).filter((d) => d.severity !== 'info').map((d) => d.code))].sort();
}

describe('session syntax', () => {
  it('parses attach, steps, STEP.FIELD references and lNeededSize without errors', () => {
    const f = parse('file:///w/a.tapipkt', POC);
    assert.deepEqual(f.errors, []);
    const s = f.items[0]!;
    assert.equal(s.kind, 'session');
    if (s.kind !== 'session') return;
    assert.equal(s.name.text, 'poc');
    assert.deepEqual(s.attach?.body.map((a) => a.name.text), ['pszMachine']);
    assert.deepEqual(s.steps.map((x) => [x.name.text, x.type?.text]), [['init', 'Initialize'], ['open', 'Open']]);
    const ref = s.steps[1]!.body[0]!.value;
    assert.equal(ref.kind, 'ref');
    if (ref.kind === 'ref') assert.deepEqual([ref.step.text, ref.field.text], ['init', 'hLineApp']);
  });
  it('decode reply NAME { hex }: the reply keyword, the name, and the hex body', () => {
    const f = parse('file:///w/a.tapipkt', 'decode reply init { 00 01 }\ndecode Open { 36 00 }\n');
    assert.deepEqual(f.errors, []);
    const [a, b] = f.items;
    assert.ok(a?.kind === 'decode' && a.reply?.text === 'reply' && a.as?.text === 'init' && a.hex?.text.trim() === '00 01');
    assert.ok(b?.kind === 'decode' && !b.reply && b.as?.text === 'Open');
  });
  it('a session missing its closing brace is one error and the next item still parses', () => {
    const f = parse('file:///w/a.tapipkt', `session s {\n  ${INIT}\npacket p: Close { hLine = 1 }\n`);
    assert.equal(f.errors.length, 1);
    assert.deepEqual(f.items.map((i) => i.kind), ['session', 'packet']);
  });
});

describe('session checks', () => {
  const cases: { name: string; text: string; codes: string[] }[] = [
    { name: 'a valid session has no diagnostics', text: POC, codes: [] },
    { name: 'unknown step', text: session(INIT, OPEN.replace('init.hLineApp', 'inti.hLineApp')), codes: ['TP1401'] },
    { name: 'unknown field of that step\'s layout', text: session(INIT, OPEN.replace('init.hLineApp', 'init.hLine')), codes: ['TP1402'] },
    { name: 'a later step', text: session(OPEN, INIT), codes: ['TP1403'] },
    { name: 'the step itself (a cycle)', text: session(INIT, OPEN.replace('init.hLineApp', 'open.hLine')), codes: ['TP1403'] },
    { name: 'a field the server does not fill in warns', text: session(INIT, OPEN.replace('init.hLineApp', 'init.dwAPIVersion')), codes: ['TP1404'] },
    { name: 'Ack_ReturnValue of any step is fine', text: session(INIT, OPEN.replace('init.hLineApp', 'init.Ack_ReturnValue')), codes: [] },
    { name: 'STEP.FIELD inside a nested structure value (a top-level u32 binds fine)', text: session(INIT, 'cb: TUISPIDLLCallback { dwParamsInOffset = hex { 01 02 03 } Reserved2 = init.hLineApp }', 'mk: MakeCall { lpszDestAddress = "1" lpCallParams = { dwBearerMode = init.hLineApp } }'), codes: ['TP1407'] },
    { name: 'unknown attach value', text: `session s {\n  attach { pszMachin = "X" }\n  ${INIT}\n}`, codes: ['TP1406'] },
    { name: 'missing attach value', text: `session s {\n  attach { lProcessID = }\n  ${INIT}\n}`, codes: ['TP1001', 'TP1406'] },
    { name: 'attach value of the wrong kind', text: `session s {\n  attach { pszMachine = 5 }\n  ${INIT}\n}`, codes: ['TP1406'] },
    { name: 'duplicate step names', text: session(INIT, INIT), codes: ['TP1104'] },
    { name: 'lNeededSize below the packet\'s length', text: session(INIT.replace('dwAPIVersion', 'lNeededSize = 8 dwAPIVersion')), codes: ['TP2004'] },
    { name: 'STEP.FIELD outside a session', text: 'packet p: Open { hLineApp = init.hLineApp pCallParams = null dwPrivileges = 1 dwNegotiatedVersion = 0x00020002 }', codes: ['TP1407'] },
    { name: 'a step must be a request', text: session('ev: LINE_REPLY { }'), codes: ['TP1107'] },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(codes(c.text), [...c.codes].sort()));
  }
  it('a bound field wider or narrower than 4 bytes: TP1405', () => {
    const text = `request R = 200 { a: u16 b: u16 Reserved2..Reserved13: ignored }\n${session(INIT, 'r: R { a = init.hLineApp }')}`;
    assert.deepEqual(codes(text), ['TP1405']);
  });
  it('the warning for an echoed field names the field and says the reply echoes it', () => {
    const { s, uri } = serviceWith(session(INIT, OPEN.replace('init.hLineApp', 'init.dwAPIVersion')));
    const d = s.getDiagnostics(uri).find((x) => x.code === 'TP1404');
    assert.equal(d?.severity, 'warning');
    assert.match(d?.message ?? '', /Initialize\.dwAPIVersion.*echoes/);
  });
});

describe('session plan', () => {
  it('bound fields encode as 0 and become {at, from: {step, at}}; lNeededSize defaults to the length', () => {
    const { s, uri } = serviceWith(POC);
    const r = s.sessionPlan(uri);
    assert.ok('plan' in r, JSON.stringify(r));
    const { plan, tables } = r;
    assert.deepEqual(plan.attach, { lProcessID: 0xffffffff, pszDomainUser: '', pszMachine: 'LAB-PC' });
    const [init, op] = plan.steps;
    // Each step's hex is exactly the packet with the same values (a bound field as 0).
    const want = (req: object): string => toHex(encodeRequest(index, req).bytes!);
    assert.equal(init!.hex, want({ packet: 'Initialize', fields: { dwFriendlyNameOffset: 'LAB-PC', dwModuleNameOffset: 'LAB-PC', dwAPIVersion: 0x00020002 } }));
    assert.equal(init!.lNeededSize, init!.hex.length / 2);
    assert.equal(op!.hex, want({ packet: 'Open', fields: { hLineApp: 0, dwDeviceID: 0, dwNegotiatedVersion: 0x00020002, dwPrivileges: 1, pCallParams: null } }));
    assert.equal(op!.lNeededSize, 1024);
    assert.deepEqual(op!.bindings, [{ at: 8, from: { step: 'init', at: 8 } }]);
    assert.equal(readU32le(Uint8Array.from(Buffer.from(op!.hex, 'hex')), 8), 0);
    assert.deepEqual(tables['Open']?.slice(0, 5), [
      { name: 'Ack_ReturnValue', offset: 0, size: 4 }, { name: 'Reserved1', offset: 4, size: 4 }, { name: 'hLineApp', offset: 8, size: 4 },
      { name: 'dwDeviceID', offset: 12, size: 4 }, { name: 'hLine', offset: 16, size: 4 },
    ]);
    assert.deepEqual(Object.keys(tables).sort(), ['Initialize', 'Open']);
  });
  it('no plan for a file with errors, no session, an unknown one, or several without a name', () => {
    const errs = (text: string, name?: string): string => {
      const { s, uri } = serviceWith(text);
      const r = s.sessionPlan(uri, name);
      assert.ok('errors' in r);
      return r.errors.join('\n');
    };
    assert.match(errs(session(OPEN, INIT)), /1 error.*\n.*TP1403/);
    assert.match(errs('packet p: Close { hLine = 1 }'), /no session/);
    assert.match(errs(POC, 'nope'), /no session 'nope'.*poc/);
    assert.match(errs(POC + POC.replace('poc', 'two')), /2 sessions \(poc, two\): name one/);
    const { s, uri } = serviceWith(POC + POC.replace('poc', 'two'));
    assert.ok('plan' in s.sessionPlan(uri, 'two'));
  });
});

describe('session editor features', () => {
  it('hover on init.hLineApp says which reply bytes it reads', () => {
    const d = open(POC);
    const h = d.s.getHover(d.uri, at(d.text, 'init.hLineApp', 6))?.markdown ?? '';
    assert.match(h, /reply bytes 8\.\.11 \(4 bytes\) of step init \(Initialize\)/);
    assert.match(h, /Filled in by the server/);
    assert.match(h, /patched into this step's request at bytes 8\.\.11/);
  });
  it('hover on an out-field, in a packet and in a step, says the server fills it', () => {
    const p = open('packet p: Open { hLineApp = 1 pCallParams = null dwPrivileges = 1 dwNegotiatedVersion = 0x00020002 }');
    assert.match(p.s.getHover(p.uri, at(p.text, 'hLineApp', 1))?.markdown ?? '', /^(?![\s\S]*Filled in by the server: the buffer)/);
    const q = open('packet p: Open { hLine = 1 hLineApp = 1 pCallParams = null dwPrivileges = 1 dwNegotiatedVersion = 0x00020002 }');
    assert.match(q.s.getHover(q.uri, at(q.text, 'hLine =', 1))?.markdown ?? '', /Filled in by the server: the buffer ClientRequest returns/);
    const d = open(POC);
    assert.match(d.s.getHover(d.uri, at(d.text, 'dwAPIVersion', 1))?.markdown ?? '', /\*\*dwAPIVersion\*\*.*Initialize/);
  });
  it('go to definition: STEP of STEP.FIELD to the step, FIELD to the catalog field', () => {
    const d = open(POC);
    const step = d.s.getDefinition(d.uri, at(d.text, 'init.hLineApp', 1));
    assert.deepEqual(step.map((l) => [l.uri, d.text.slice(l.range.start, l.range.end)]), [[d.uri, 'init']]);
    assert.equal(step[0]?.range.start, d.text.indexOf('init:'));
    const field = d.s.getDefinition(d.uri, at(d.text, 'init.hLineApp', 7));
    assert.equal(field.length, 1);
    assert.match(field[0]!.uri, /^tapipkt-catalog:/);
  });
  it('quick fixes: a misspelt step, reply field or attach value changes to the suggestion', () => {
    const d = open(`session s {\n  attach { pszMachin = "X" }\n  ${INIT}\n  ${OPEN.replace('init.hLineApp', 'inti.hLineAp')}\n}`);
    const titles = d.s.getCodeActions(d.uri, { start: 0, end: d.text.length }).map((x) => x.title);
    assert.ok(titles.includes('Change to pszMachine') && titles.includes('Change to init'), titles.join(', '));
    const e = open(session(INIT, OPEN.replace('init.hLineApp', 'init.hLineAp')));
    assert.deepEqual(e.s.getCodeActions(e.uri, { start: 0, end: e.text.length }).map((x) => x.title), ['Change to hLineApp']);
  });
  it('inlay hints: where a binding reads, and a step\'s computed values and size', () => {
    const d = open(POC);
    const labels = d.s.getInlayHints(d.uri, { start: 0, end: d.text.length }).map((h) => h.label);
    assert.ok(labels.includes(' ← init reply @8'), labels.join(' | '));
    assert.ok(labels.some((l) => /^ 92 B/.test(l)) && labels.some((l) => /^ 60 B/.test(l)), labels.join(' | '));
  });
  it('the outline shows the session and its steps', () => {
    const d = open(POC);
    const syms = d.s.getDocumentSymbols(d.uri);
    assert.equal(syms[0]?.kind, 'session');
    assert.equal(syms[0]?.name, 'poc');
    assert.deepEqual(syms[0]?.children.map((c) => [c.name, c.kind, c.detail]), [['attach', 'field', undefined], ['init', 'step', 'Initialize'], ['open', 'step', 'Open']]);
  });
  it('one export lens per session, ok only when it can be exported', () => {
    const d = open(POC);
    assert.deepEqual(d.s.getSessionLenses(d.uri).map((l) => [l.session, l.steps, l.ok]), [['poc', 2, true]]);
    const e = open(session(OPEN, INIT));
    assert.deepEqual(e.s.getSessionLenses(e.uri).map((l) => l.ok), [false]);
  });
  it('completion after STEP. lists that step\'s reply fields, server-filled first', () => {
    const d = open(`session s {\n  ${INIT}\n  open: Open { hLineApp = init. }\n}`);
    const items = d.s.getCompletions(d.uri, at(d.text, 'init. }', 5));
    const sorted = [...items].sort((x, y) => (x.sortText ?? '').localeCompare(y.sortText ?? ''));
    assert.deepEqual(sorted.slice(0, 3).map((c) => c.label), ['Ack_ReturnValue', 'hLineApp', 'dwNumDevs']);
  });
  it('completion in a step body offers the layout\'s fields and lNeededSize', () => {
    const d = open(`session s {\n  open: Open {  }\n}`);
    const labels = d.s.getCompletions(d.uri, at(d.text, '{  }', 2)).map((c) => c.label);
    assert.ok(labels.includes('hLineApp') && labels.includes('lNeededSize'), labels.join(','));
  });
});

describe('replies', () => {
  const sent = encodeRequest(index, { packet: 'Open', fields: { hLineApp: 0x10005, dwDeviceID: 0, dwNegotiatedVersion: 0x00020002, dwPrivileges: 1, pCallParams: null } }).bytes!;
  const reply = Uint8Array.from(sent);
  reply.set([0, 0, 0, 0], 0); // Ack_ReturnValue = 0
  reply.set([0x07, 0x00, 0x02, 0x00], 16); // hLine, filled in by the server

  it('decodeReply is lossless and does not complain about byte 0 or the out-fields', () => {
    const r = decodeReply(index, reply, 'Open');
    assert.deepEqual(r.reply, { to: 'Open', Ack_ReturnValue: 0 });
    assert.equal(r.request.fields?.['hLine'], 0x20007);
    assert.deepEqual(r.issues.filter((i) => i.severity !== 'info'), []);
    assert.equal(toHex(encodeRequest(index, r.request).bytes!), toHex(reply));
  });
  it('a reply to an unknown layout or to a response is an error', () => {
    assert.equal(decodeReply(index, reply, 'Nope').issues[0]?.code, 'TP2001');
    assert.equal(decodeReply(index, reply, 'LINE_REPLY').issues[0]?.code, 'TP2001');
  });
  it('decode reply STEP in a session file decodes by that step\'s layout', () => {
    const { s, uri } = serviceWith(`${POC}decode reply open { ${toHex(reply)} }\n`);
    const a = analysisOf(s, uri);
    assert.equal(a.decodes[0]?.outcome?.layout?.name, 'Open');
    assert.deepEqual(a.decodes[0]?.reply, { to: 'Open', Ack_ReturnValue: 0, step: 'open' });
    assert.deepEqual(codes(`${POC}decode reply open { ${toHex(reply)} }\n`), []);
    assert.deepEqual(codes(`${POC}decode reply nope { ${toHex(reply)} }\n`), ['TP1401']);
    // Without `reply`, the same bytes warn (Req_Func 0 is not Open's).
    assert.ok(codes(`decode Open { ${toHex(reply)} }\n`).includes('TP3002'));
  });
  it('hover on byte 0 of a reply block names Ack_ReturnValue', () => {
    const d = open(`${POC}decode reply open { ${toHex(reply)} }\n`);
    const h = d.s.getHover(d.uri, at(d.text, `{ ${toHex(reply)}`, 2))?.markdown ?? '';
    assert.match(h, /\*\*Ack_ReturnValue\*\*/);
    assert.match(h, /reply to step open, Open/);
  });
});

describe('GetAsyncEvents replies', () => {
  // Two events: a 52-byte LINE_REPLY completion for request id 5, and a LINE_CALLSTATE.
  const reply52 = encodeRequest(index, { packet: 'MakeCallReply', fields: { InitContext: 1, Msg: 12, dwRequestId: 5, hCall: 0x30009, lphCallContext: 0x77 } }).bytes!;
  const state = encodeRequest(index, { packet: 'LINE_CALLSTATE', fields: { hCall: 0x30009, Param1: 4 } }).bytes!;
  const ev = toHex(reply52) + toHex(state);
  const n = ev.length / 2;
  const buf = encodeRequest(index, { packet: 'GetAsyncEvents', fields: { Req_Func: 0, dwTotalBufferSize: 256, dwNeededBufferSize: n, dwUsedBufferSize: n }, varData: { hex: ev } }).bytes!;

  it('decodes the ASYNCEVENTMSG records in VarData, each by its Msg, and stays lossless', () => {
    const r = decodeReply(index, buf, 'GetAsyncEvents');
    // Without a session, a shared Msg is read by fit, and the other layouts that fit are named.
    assert.deepEqual(r.events?.map((e) => [e.at, e.size, e.outcome.layout?.name]), [[60, 52, 'MakeCallReply'], [112, 40, 'LINE_CALLSTATE']]);
    assert.ok(r.issues.some((i) => i.path.startsWith('events[0]') && /PickUpReply/.test(i.message)), JSON.stringify(r.issues));
    assert.equal(toHex(encodeRequest(index, r.request).bytes!), toHex(buf));
    assert.equal(toHex(encodeRequest(index, r.events![1]!.outcome.request).bytes!), toHex(state));
  });
  it('a LINE_REPLY answering a session step\'s dwRequestID is decoded with that request\'s Reply layout', () => {
    // PickUp's completion is as long as MakeCall's: only the session tells them apart.
    const text = `session s {\n  pk: PickUp { dwRequestID = 5 hLine = 1 lpszDestAddress = "100" lpszGroupID = null }\n  ev: GetAsyncEvents { dwTotalBufferSize = 256 }\n}\ndecode reply ev { ${toHex(buf)} }\n`;
    const { s, uri } = serviceWith(text);
    const block = analysisOf(s, uri).decodes[0]!;
    assert.deepEqual(block.events?.map((e) => e.outcome.layout?.name), ['PickUpReply', 'LINE_CALLSTATE']);
    assert.equal(toHex(encodeRequest(index, block.events![0]!.outcome.request).bytes!), toHex(reply52));
    const info = s.getDiagnostics(uri).filter((d) => d.severity === 'info').map((d) => d.message);
    assert.ok(info.some((m) => /event 1 \(bytes 60\.\.111\): PickUpReply .*step pk \(PickUp\)/.test(m)), info.join('\n'));
    const d = open(text);
    const h = d.s.getHover(d.uri, at(d.text, toHex(buf).slice(0, 2 * 92), 2 * 92))?.markdown ?? '';
    assert.match(h, /event 1 \(bytes 60\.\.111\), PickUpReply/);
  });
  it('a record whose TotalSize runs past the events is reported, not read', () => {
    const bad = Uint8Array.from(buf);
    bad.set([0xff, 0, 0, 0], 60);
    const r = decodeReply(index, bad, 'GetAsyncEvents');
    assert.equal(r.events?.length, 0);
    assert.ok(r.issues.some((i) => i.code === 'TP2101' && /TotalSize 255/.test(i.message)));
  });
});

// renderImpacketScript and replyTables as pure functions (the run against a live endpoint is
// test/unit/export/impacket-standin.test.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinScope } from '../../../src/catalog/index.js';
import { ACK_FIELD, pythonString, renderImpacketScript, replyTables, type SessionPlan } from '../../../src/language/index.js';

const PLAN: SessionPlan = {
  session: 's',
  attach: { lProcessID: 0xffffffff, pszDomainUser: '', pszMachine: 'LAB' },
  steps: [
    { name: 'init', packet: 'Initialize', hex: '2f000000' + '00'.repeat(56), lNeededSize: 60, bindings: [] },
    { name: 'open', packet: 'Open', hex: '36000000' + '00'.repeat(56), lNeededSize: 1024, bindings: [{ at: 8, from: { step: 'init', at: 8 } }] },
  ],
};

describe('pythonString', () => {
  const cases: [string, string][] = [
    ['abc', "'abc'"],
    ["it's", "'it\\'s'"],
    ['a\\b', "'a\\\\b'"],
    ['"""', `'"""'`],
    ['line\nnext', "'line\\x0anext'"],
    ['\0', "'\\x00'"],
    ['é', "'\\xe9'"],
    ['\u2028', "'\\u2028'"],
    ['\u{1F4DE}', "'\\U0001f4de'"],
    ['\udc00', "'\\udc00'"],
  ];
  for (const [text, literal] of cases) it(`writes ${JSON.stringify(text)} as ${literal}`, () => assert.equal(pythonString(text), literal));
  it('leaves only printable ASCII in the literal', () => {
    let all = '';
    for (let c = 0; c < 0x300; c++) all += String.fromCharCode(c);
    assert.match(pythonString(all), /^[\x20-\x7e]*$/);
  });
});

describe('replyTables', () => {
  it("names byte 0 Ack_ReturnValue and keeps the catalog's offsets", () => {
    const t = replyTables(builtinScope(), ['Initialize', 'Open']);
    assert.deepEqual(t.Initialize![0], { name: ACK_FIELD, offset: 0, size: 4 });
    assert.deepEqual(t.Initialize!.find((f) => f.name === 'hLineApp'), { name: 'hLineApp', offset: 8, size: 4 });
    assert.deepEqual(t.Open!.find((f) => f.name === 'hLine'), { name: 'hLine', offset: 16, size: 4 });
    assert.equal(t.Open!.some((f) => f.name === 'Req_Func'), false);
  });
  it('answers to section numbers and leaves unknown names out', () => {
    const t = replyTables(builtinScope(), ['2.2.4.1.3.11', 'NoSuchPacket']);
    assert.deepEqual(Object.keys(t), ['2.2.4.1.3.11']);
    assert.equal(t['2.2.4.1.3.11']!.find((f) => f.name === 'lpGroupID')?.offset, 32);
  });
});

describe('renderImpacketScript', () => {
  const script = renderImpacketScript(PLAN, replyTables(builtinScope(), ['Initialize', 'Open']));
  it('binds to the tapsrv interface of MS-TRP 1.9 and calls opnums 0, 1, 2', () => {
    assert.match(script, /TAPSRV_UUID = \('2F5F6520-CA46-1067-B319-00DD010662DA', '1\.0'\)/);
    assert.match(script, /OP_CLIENT_ATTACH, OP_CLIENT_REQUEST, OP_CLIENT_DETACH = 0, 1, 2/);
  });
  it('embeds the plan: steps in order, lNeededSize, bindings, the attach values', () => {
    assert.match(script, /'name': 'init',[\s\S]*'name': 'open',/);
    assert.match(script, /'lNeededSize': 1024,/);
    assert.match(script, /'bindings': \[\{'at': 8, 'from': \{'step': 'init', 'at': 8\}\}\],/);
    assert.match(script, /'attach': \{'lProcessID': 0xFFFFFFFF, 'pszDomainUser': '', 'pszMachine': 'LAB'\}/);
  });
  it('embeds only the tables of the packets the steps use', () => {
    const t = replyTables(builtinScope(), ['Initialize', 'Open', 'CreateAgentSession']);
    const s = renderImpacketScript({ ...PLAN, steps: PLAN.steps.slice(0, 1) }, t);
    assert.match(s, /^ {4}'Initialize': \[$/m);
    assert.doesNotMatch(s, /'Open': \[/);
    assert.doesNotMatch(s, /'CreateAgentSession': \[/);
  });
  it('writes long hex one 32-byte line at a time', () => {
    assert.match(script, /'hex': \(\n {16}'2f0{62}'\n {16}'0{56}'\n {12}\),/);
  });
  it('has the fixed command line of DESIGN.md', () => {
    for (const opt of ["'-u'", "'-p'", "'-d'", "'--hashes'", "'-k'", "'--auth-level'", "'--json'"]) assert.ok(script.includes(`p.add_argument(${opt}`), opt);
    assert.match(script, /AUTH_LEVELS = \('none', 'connect', 'call', 'packet', 'integrity', 'privacy'\)/);
  });
  it('warns that it sends real packets', () => assert.match(script, /WARNING: this sends real packets to a real server/));
  it('is deterministic', () => assert.equal(renderImpacketScript(PLAN, replyTables(builtinScope(), ['Initialize', 'Open'])), script));
});

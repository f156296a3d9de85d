// The shared "what to say" helpers: closest names in any case, requests outside MS-TRP, and
// numbers written on offset fields.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../../src/catalog/index.js';
import { closest, offsetNumberMessage, REQUESTS_OUTSIDE_MS_TRP, unknownPacketMessage } from '../../../src/codec/index.js';

const names = builtinCatalog.layouts.map((l) => l.name);

describe('hints', () => {
  it('closest: a name that differs only in case comes first, even beside a nearer-looking one', () => {
    assert.equal(closest('GetUIDLLName', names)[0], 'GetUIDllName');
    assert.equal(closest('createagentsession', names)[0], 'CreateAgentSession');
    assert.deepEqual(closest('ab', ['AB', 'ac', 'xyz']), ['AB', 'ac']);
    assert.deepEqual(closest('Zzzzzzzzzz', names), []);
  });
  it('the requests outside MS-TRP are neither catalog names nor catalog Req_Funcs', () => {
    const reqFuncs = new Set(builtinCatalog.layouts.filter((l) => l.kind === 'request').map((l) => l.reqFunc));
    const lower = new Set(names.map((n) => n.toLowerCase()));
    for (const [name, n] of REQUESTS_OUTSIDE_MS_TRP) {
      assert.ok(!reqFuncs.has(n), `${name} = ${n} is a catalog Req_Func`);
      assert.ok(!lower.has(name), name);
    }
    assert.equal(REQUESTS_OUTSIDE_MS_TRP.get('trequestmakecall'), 121);
  });
  it('unknownPacketMessage: suggestion, known outside request (any case), generic hint, or nothing', () => {
    const u = unknownPacketMessage('GetUIDLLName', names, 'text');
    assert.equal(u.message, "unknown packet type 'GetUIDLLName'; did you mean GetUIDllName?");
    assert.equal(u.suggestions[0], 'GetUIDllName');
    assert.match(unknownPacketMessage('trequestmakecall', names, 'json', 'packet').message, /Req_Func 121\); send it as the bare template: \{"request": 121,/);
    assert.match(unknownPacketMessage('LRegisterRequestRecipient', names, 'text').message, /Req_Func 61\).*TAPI32_MSG \{ Req_Func = 61 /);
    assert.match(unknownPacketMessage('Qqqqqqqqqq', names, 'as', 'packet').message, /--as TAPI32_MSG$/);
    assert.equal(unknownPacketMessage('9.9.9', names, 'json', 'packet').message, "unknown packet '9.9.9'");
  });
  it('offsetNumberMessage names the item each target takes, null, and the pin in the right syntax', () => {
    assert.match(offsetNumberMessage('a', { kind: 'wstr' }, '0xFFFF_FFFF', 'text'), /a string in quotes.*TAPI_NO_DATA, which is what 0xFFFF_FFFF means.*raw 0xFFFF_FFFF/);
    assert.match(offsetNumberMessage('a', { kind: 'guid' }, '-1', 'text'), /a GUID.*which is what -1 means/);
    assert.match(offsetNumberMessage('a', { kind: 'bytes' }, '4', 'json'), /\{"hex": "\.\.\."\}.*\(TAPI_NO_DATA\), or \{"raw": 4\}/);
    assert.match(offsetNumberMessage('a', { kind: 'struct', layout: 'LINECALLPARAMS' }, '0', 'text'), /the LINECALLPARAMS fields in \{ \.\.\. \}/);
  });
});

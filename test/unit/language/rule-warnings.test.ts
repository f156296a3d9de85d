// Issue 12 item 9: a rule warning stays visible while another error exists in the same packet,
// unless that error makes the rule meaningless (the warned field, the item it measures, or
// the field a typo meant).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serviceWith } from '../helpers.js';

function codesOf(text: string): string[] {
  const { s, uri } = serviceWith(text);
  return s.getDiagnostics(uri).map((d) => `${d.range.start.line + 1}:${d.severity}:${d.code}`);
}

const GUID = '{6B29FC40-CA47-1067-B31D-00DD010662DA}';

describe('rule warnings in a packet that has an error', () => {
  it('a misspelt field elsewhere leaves the dwSize warnings visible', () => {
    const codes = codesOf(`packet p: CreateAgentSession {\n  hAgnet = 7\n  lpGroupID = ${GUID}\n  dwSize = 8\n}`);
    assert.deepEqual(codes, ['2:error:TP1102', '4:warning:TP3001', '4:warning:TP3008']);
  });
  it('a bad value elsewhere leaves a rule warning visible', () => {
    const codes = codesOf('packet b: Open {\n  dwPrivileges = LINECALLPRIVILEGE_OWNER\n  dwNegotiatedVersion = 5\n  dwMediaModes = "x"\n}');
    assert.deepEqual(codes.sort(), ['3:warning:TP3009', '4:error:TP1107']);
  });
  it('an error inside a nested value leaves a warning outside it visible', () => {
    const codes = codesOf('packet d: Open {\n  dwPrivileges = LINECALLPRIVILEGE_OWNER\n  dwNegotiatedVersion = 0x00020000\n  pCallParams = { dwMediaMode = "x" }\n  dwAsciiCallParamsCodePage = 5\n}');
    assert.deepEqual(codes.sort(), ['4:error:TP1107', '5:warning:TP3002']);
  });
  it('no warning once the packet has no error: the same as before', () => {
    const codes = codesOf(`packet p: CreateAgentSession {\n  hAgent = 7\n  lpGroupID = ${GUID}\n  dwSize = 8\n}`);
    assert.deepEqual(codes, ['4:warning:TP3001', '4:warning:TP3008']);
  });
});

describe('rule warnings an error makes meaningless are left out', () => {
  it('the size of an item whose value has an error', () => {
    assert.deepEqual(codesOf('packet q: CreateAgentSession {\n  hAgent = 7\n  lpGroupID = 5\n  dwSize = 8\n}'), ['3:error:TP1107']);
  });
  it('the size of a missing item', () => {
    assert.deepEqual(codesOf('packet r: CreateAgentSession {\n  hAgent = 7\n  dwSize = 8\n}'), ['1:error:TP1106']);
  });
  it('a field set twice', () => {
    assert.deepEqual(codesOf(`packet s: CreateAgentSession {\n  lpGroupID = ${GUID}\n  dwSize = 8\n  dwSize = 9\n}`), ['4:error:TP1104']);
  });
  it('the field a misspelt name meant (absent, so zero)', () => {
    assert.deepEqual(codesOf('packet a: Open {\n  dwPrivilges = LINECALLPRIVILEGE_OWNER\n  dwNegotiatedVersion = 0x00020000\n}'), ['2:error:TP1102']);
  });
  it('a pinned offset while an item with an error left VarData', () => {
    // lpszAgentPIN pinned at VarData's start, which lost the bad GUID item: nothing to judge it against.
    assert.deepEqual(codesOf('packet o: CreateAgentSession {\n  lpszAgentPIN = raw 0\n  lpGroupID = "x"\n}'), ['3:error:TP1107']);
    // With VarData intact the same pin is judged, whatever else is wrong.
    assert.deepEqual(codesOf(`packet o: CreateAgentSession {\n  lpszAgentPIN = raw 0\n  lpGroupID = ${GUID}\n  hAgnet = 1\n}`), ['4:error:TP1102', '2:warning:TP3006']);
  });
});

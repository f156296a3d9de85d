// The CLI as someone with only the README meets it (issue 11): `catalog NAME`, encode of files
// that are broken, empty or binary, numbers on offset fields, "did you mean" in any case,
// requests outside MS-TRP, padTo below the packet's size, and non-zero `ignored` fields.
// Run as a user runs it: `node dist/cli.js ...` (built by pretest).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../../src/catalog/index.js';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'dist', 'cli.js');
const dir = mkdtempSync(join(tmpdir(), 'tapipkt-newcomer-'));

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, input, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function file(name: string, content: string | Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

/** Bad input: exit 2, nothing on stdout. */
function refused(r: ReturnType<typeof run>): void {
  assert.equal(r.code, 2, r.err);
  assert.equal(r.out, '');
}

describe('catalog NAME', { skip: !existsSync(cli) && 'dist/cli.js is not built (npm run build)' }, () => {
  it('prints one layout as the hover shows it: offsets, sizes, declared types, rules', () => {
    const r = run(['catalog', 'CreateAgentSession']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^CreateAgentSession \(request, Req_Func 147, MS-TRP 2\.2\.4\.1\.3\.11, 60 bytes fixed \+ VarData\)/);
    assert.match(r.out, /\n\s+0\s+4\s+Req_Func\s+u32 = 0x93\n/);
    assert.match(r.out, /\n\s+4\s+4\s+Reserved1\s+zero\n/);
    assert.match(r.out, /\n\s+24\s+4\s+lpszAgentPIN\s+offset<wstr>\? @align\(2\)\n/);
    assert.match(r.out, /\n\s+36\s+4\s+dwSize\s+size of lpGroupID @min\(16\)\n/);
    assert.match(r.out, /\n\s+44\s+4\s+Reserved2\s+ignored\n/);
    assert.match(r.out, /dwSize: computed: the byte length of lpGroupID's item; at least 16/);
    assert.match(r.out, /Reserved2: padding the server ignores/);
  });
  it('takes a name in any case, or a section number', () => {
    const want = run(['catalog', 'GetUIDllName']).out;
    assert.match(want, /dwObjectType\s+TUISPIDLL_OBJECT_Constants/);
    assert.equal(run(['catalog', 'getuidllname']).out, want);
    assert.equal(run(['catalog', '2.2.4.1.7.9']).out, want);
  });
  it('a response shows its fixed Msg; a structure its fields', () => {
    assert.match(run(['catalog', 'LINE_REPLY']).out, /Msg\s+u32 = 0xC/);
    assert.match(run(['catalog', 'LINECALLPARAMS']).out, /\n\s+32\s+16\s+DialParams\s+LINEDIALPARAMS\n/);
  });
  it('an unknown name: exit 2, one line with the closest name', () => {
    const r = run(['catalog', 'CreateAgentSesion']);
    refused(r);
    assert.match(r.err, /^tapipkt: unknown layout 'CreateAgentSesion'; did you mean CreateAgentSession\?\n$/);
  });
  it('--skeleton prints a packet that encode accepts as it stands, with no warning', () => {
    for (const name of ['CreateAgentSession', 'GetUIDllName', 'LINECALLPARAMS', 'TAPI32_MSG', 'LINE_REPLY', 'LINEPROXYREQUEST']) {
      const s = run(['catalog', name, '--skeleton']);
      assert.equal(s.code, 0, s.err);
      assert.match(s.out, new RegExp(`^packet p: ${name} \\{\\n`));
      const e = run(['encode', file(`${name}.tapipkt`, s.out)]);
      assert.equal(e.code, 0, `${name}: ${e.err}`);
      assert.equal(e.err, '', name);
      assert.match(e.out, /^[0-9a-f]+\n$/);
    }
  });
  it('--skeleton lists the fields the encoder fills as comments', () => {
    const s = run(['catalog', 'CreateAgentSession', '--skeleton']).out;
    assert.match(s, /\n {2}lpszAgentPIN = ""\s+\/\/ offset<wstr>\? @align\(2\); null = absent; raw N pins the offset\n/);
    assert.match(s, /\n {2}lpGroupID = \{00000000-0000-0000-0000-000000000000\}/);
    assert.match(s, /\/\/ {3}dwSize: size of lpGroupID @min\(16\)\n/);
    assert.match(s, /\/\/ {3}Req_Func: u32 = 0x93\n/);
  });
  it('--json: one entry with the contract keys unchanged, plus the hover facts in new keys', () => {
    const all = JSON.parse(run(['catalog', '--json']).out) as Record<string, unknown>[];
    const one = JSON.parse(run(['catalog', 'createagentsession', '--json']).out) as Record<string, unknown> & { fields: Record<string, unknown>[] };
    assert.deepEqual(one, all.find((e) => e['name'] === 'CreateAgentSession'));
    assert.deepEqual(Object.keys(one).slice(0, 6), ['name', 'kind', 'section', 'reqFunc', 'fixedSize', 'fields']);
    const pin = one.fields.find((f) => f['name'] === 'lpszAgentPIN')!;
    assert.deepEqual(Object.keys(pin).slice(0, 4), ['name', 'offset', 'size', 'type']);
    assert.deepEqual([pin['offset'], pin['size'], pin['type']], [24, 4, 'offset<wstr>?']);
    assert.equal(pin['declared'], 'offset<wstr>? @align(2)');
    assert.equal(pin['optional'], true);
    assert.equal(pin['computed'], true);
    assert.deepEqual((pin['rules'] as { kind: string; n: number }[]).map((r) => [r.kind, r.n]), [['align', 2]]);
    const r1 = one.fields.find((f) => f['name'] === 'Reserved1')!;
    assert.deepEqual([r1['type'], r1['declared'], r1['role']], ['u32', 'zero', 'zero']);
    assert.equal(one.fields.find((f) => f['name'] === 'Req_Func')!['fixed'], 147);
    assert.equal(one.fields.find((f) => f['name'] === 'Reserved2')!['role'], 'ignored');
    assert.equal(one['hasVarData'], true);
    const sk = JSON.parse(run(['catalog', 'CreateAgentSession', '--json', '--skeleton']).out) as { skeleton: string };
    assert.equal(sk.skeleton, run(['catalog', 'CreateAgentSession', '--skeleton']).out);
  });
  it('every entry of catalog --json keeps the contract keys first, in order', () => {
    const all = JSON.parse(run(['catalog', '--json']).out) as Record<string, unknown>[];
    assert.equal(all.length, builtinCatalog.layouts.length);
    for (const e of all) {
      const keys = Object.keys(e).filter((k) => ['name', 'kind', 'section', 'reqFunc', 'msg', 'fixedSize', 'fields'].includes(k));
      assert.deepEqual(Object.keys(e).slice(0, keys.length), keys, String(e['name']));
      for (const f of e['fields'] as Record<string, unknown>[]) assert.deepEqual(Object.keys(f).slice(0, 4), ['name', 'offset', 'size', 'type']);
    }
  });
  it('--skeleton without a NAME, or NAME with --constants: exit 2', () => {
    refused(run(['catalog', '--skeleton']));
    refused(run(['catalog', 'GetUIDllName', '--constants']));
  });
});

describe('encode of a file that is broken, empty or not text', { skip: !existsSync(cli) && 'dist/cli.js is not built' }, () => {
  it('a syntax error that leaves no packet is printed as check prints it, not "no packet to encode"', () => {
    const f = file('typo.tapipkt', 'pakcet p: GetUIDllName {\n  dwObjectID = 1\n}\n');
    const c = run(['check', f]);
    const r = run(['encode', f]);
    refused(r);
    const lines = r.err.trimEnd().split('\n');
    assert.equal(lines[0], c.err.trimEnd());
    assert.match(lines[0]!, /typo\.tapipkt:1:1: error: .*'pakcet'.* \[TP1001\]$/);
    assert.match(lines[1]!, /^tapipkt: .*typo\.tapipkt: 1 error; nothing encoded$/);
    assert.doesNotMatch(r.err, /no packet to encode/);
  });
  it('a missing colon: the error, then the count', () => {
    const r = run(['encode', file('colon.tapipkt', 'packet p GetUIDllName {\n}\n')]);
    refused(r);
    assert.match(r.err, /colon\.tapipkt:1:10: error: expected ':'.* \[TP1001\]\ntapipkt: .*: 1 error; nothing encoded\n$/);
  });
  it('an empty file: "FILE is empty"', () => {
    for (const content of ['', '\n  \n']) {
      const f = file('empty.tapipkt', content);
      const r = run(['encode', f]);
      refused(r);
      assert.equal(r.err, `tapipkt: ${f} is empty\n`);
    }
  });
  it('a binary file: "FILE is not text", for encode and check', () => {
    const f = file('packet.bin', new Uint8Array([0x93, 0, 0, 0, 0xff, 0xfe, 0x00, 0x01]));
    const r = run(['encode', f]);
    refused(r);
    assert.match(r.err, new RegExp(`^tapipkt: ${f.replace(/[.]/g, '\\.')} is not text \\(to decode a binary packet: tapipkt decode .*\\)\n$`));
    const c = run(['check', f]);
    assert.equal(c.code, 2);
    assert.match(c.err, /is not text/);
    const latin1 = file('latin1.tapipkt', new Uint8Array([0x70, 0x61, 0xe9, 0x0a]));
    assert.match(run(['encode', latin1]).err, /is not text/);
  });
  it('a file with comments only still says there is no packet, and how to write one', () => {
    const r = run(['encode', file('comments.tapipkt', '// nothing here yet\n')]);
    refused(r);
    assert.match(r.err, /no packet to encode \(a packet is written: packet NAME: TYPE \{ FIELD = VALUE \.\.\. \}\)/);
  });
});

describe('numbers on offset fields explain null and raw N', { skip: !existsSync(cli) && 'dist/cli.js is not built' }, () => {
  it('.tapipkt: 0xFFFFFFFF is TAPI_NO_DATA (null); 0 is a pin (raw 0)', () => {
    const f = file('offsets.tapipkt', 'packet a: GetUIDllName {\n  dwProviderFilenameOffset = 0xFFFFFFFF\n}\npacket b: TUISPIDLLCallback {\n  dwParamsInOffset = 0\n}\n');
    const r = run(['check', f]);
    assert.equal(r.code, 1);
    const [a, b] = r.err.trimEnd().split('\n');
    assert.match(a!, /:2:30: error: dwProviderFilenameOffset is an offset .*a string in quotes.*null for an absent item \(TAPI_NO_DATA, which is what 0xFFFFFFFF means\), or raw 0xFFFFFFFF .* \[TP1107\]$/);
    assert.match(b!, /:5:22: error: dwParamsInOffset is an offset .*hex \{ \.\.\. \}.*null for an absent item \(TAPI_NO_DATA\), or raw 0 to write 0 into the offset field as is \[TP1107\]$/);
  });
  it('the two fixes it names both encode', () => {
    const f = file('offsets-fixed.tapipkt', 'packet a: GetUIDllName {\n  dwProviderFilenameOffset = null\n}\npacket b: TUISPIDLLCallback {\n  dwParamsInOffset = raw 0\n}\n');
    const r = run(['encode', f]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out.split('\n').length, 3);
  });
  it('JSON: the same explanation with null and {"raw": N}', () => {
    const r = run(['encode', '--json', '-'], JSON.stringify({ packet: 'GetUIDllName', fields: { dwProviderFilenameOffset: 4294967295 } }));
    refused(r);
    assert.match(r.err, /null for an absent item \(TAPI_NO_DATA, which is what 4294967295 means\), or \{"raw": 4294967295\} .* \[TP2003\]\n$/);
  });
});

describe('did you mean, in any case; requests outside MS-TRP', { skip: !existsSync(cli) && 'dist/cli.js is not built' }, () => {
  it('a packet type in the wrong case suggests the right one (text, JSON, --as)', () => {
    const t = run(['check', file('case.tapipkt', 'packet p: GetUIDLLName {\n}\n')]);
    assert.match(t.err, /unknown packet type 'GetUIDLLName'; did you mean GetUIDllName\? \[TP1101\]/);
    const j = run(['encode', '--json', '-'], '{"packet": "getuidllname"}');
    refused(j);
    assert.match(j.err, /unknown packet 'getuidllname'; did you mean GetUIDllName\? \[TP2001\]/);
    const d = run(['decode', '--as', 'getuidllname', '--hex', '01'.padEnd(120, '0')]);
    refused(d);
    assert.match(d.err, /did you mean GetUIDllName\?/);
  });
  it('TRequestMakeCall (not in MS-TRP) points at TAPI32_MSG with Req_Func 121, and that form encodes', () => {
    const t = run(['check', file('trmc.tapipkt', 'packet p: TRequestMakeCall {\n}\n')]);
    assert.match(t.err, /MS-TRP does not define TRequestMakeCall \(public PoCs send it as Req_Func 121\); send it as the bare template: packet p: TAPI32_MSG \{ Req_Func = 121 {2}Param1 = \.\.\. \} \[TP1101\]/);
    const j = run(['encode', '--json', '-'], '{"packet": "TRequestMakeCall"}');
    assert.match(j.err, /\{"request": 121, "fields": \{"Param1": \.\.\.\}\}/);
    const e = run(['encode', file('trmc-ok.tapipkt', 'packet p: TAPI32_MSG {\n  Req_Func = 121\n  Param1 = 5\n}\n')]);
    assert.equal(e.code, 0, e.err);
    assert.equal(e.out, `79000000000000000500000${'0'.repeat(120 - 23)}\n`);
  });
  it('another unknown name with no close match gets the generic template hint', () => {
    const t = run(['check', file('other.tapipkt', 'packet p: XyzzyFrobnicate {\n}\n')]);
    assert.match(t.err, /unknown packet type 'XyzzyFrobnicate' \(`tapipkt catalog` lists them\); for a request MS-TRP does not define, send it as the bare template: packet p: TAPI32_MSG \{ Req_Func = N/);
  });
});

describe('padTo below the size, and ignored fields that are not zero', { skip: !existsSync(cli) && 'dist/cli.js is not built' }, () => {
  it('padTo smaller than the packet: a TP2012 warning from text and from JSON; the bytes are not cut', () => {
    const t = run(['encode', file('pad.tapipkt', 'packet p: GetUIDllName {\n  dwObjectID = 1\n  padTo = 8\n}\n')]);
    assert.equal(t.code, 0, t.err);
    assert.equal(t.out.trim().length, 120);
    assert.match(t.err, /pad\.tapipkt:3:11: warning: padTo 8 is smaller than the packet \(60 bytes\): nothing is padded and nothing is cut \[TP2012\]/);
    const j = run(['encode', '--json', '-'], JSON.stringify({ packet: 'GetUIDllName', fields: { dwObjectID: 1 }, padTo: 8 }));
    assert.equal(j.code, 0, j.err);
    assert.equal(j.out, t.out);
    assert.match(j.err, /<stdin>:1:1: warning: padTo: padTo 8 is smaller .* \[TP2012\]/);
    assert.equal(run(['encode', '--json', '-'], JSON.stringify({ packet: 'GetUIDllName', padTo: 60 })).err, '', 'padTo equal to the size is silent');
  });
  it('a non-zero `ignored` field: the server ignores it (TP3012); a non-zero `zero` field: must be zero (TP3003)', () => {
    const t = run(['encode', file('ign.tapipkt', 'packet p: CreateAgentSession {\n  lpszAgentPIN = "1"\n  lpGroupID = {6B29FC40-CA47-1067-B31D-00DD010662DA}\n  Reserved4 = 5\n  Reserved1 = 1\n}\n')]);
    assert.equal(t.code, 0, t.err);
    assert.match(t.err, /:4:15: warning: Reserved4 is 0x00000005; the server ignores this field, so the value is sent but has no effect \[TP3012\]/);
    assert.doesNotMatch(t.err, /Reserved4 must be zero/);
    assert.match(t.err, /:5:15: warning: Reserved1 must be zero; it is 0x00000001 .*\[TP3003\]/);
    const j = run(['encode', '--json', '-'], JSON.stringify({ packet: 'CreateAgentSession', fields: { lpszAgentPIN: '1', lpGroupID: '{6B29FC40-CA47-1067-B31D-00DD010662DA}', Reserved4: 5 } }));
    assert.equal(j.code, 0, j.err);
    assert.match(j.err, /warning: Reserved4: Reserved4 is 0x00000005; the server ignores this field.* \(byte 52\) \[TP3012\]/);
  });
});

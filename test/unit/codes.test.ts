// Every declared code is emitted: one small input per code, run through the public entry points
// (JSON encode, bytes decode, the language service), and the enums walked so that a code
// declared but emitted by nothing fails here. The server-rule codes (TP3xxx) are the rule
// table's; rules.test.ts breaks every rule and sees its code, and this test does it once per code.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinCatalog, builtinScope } from '../../src/catalog/index.js';
import {
  breakRule, CatalogIndex, Code, type CodecIssue, encodeLayout, type Layout, layoutRulesOf, RULES, rulesOf, tryDecodeBytes, tryEncodeJson,
} from '../../src/lib.js';
import { createLanguageServiceCore, DiagCode } from '../../src/language/index.js';

const GUID = '{6B29FC40-CA47-1067-B31D-00DD010662DA}';
const index = builtinScope();
const emitted = new Map<string, string>();

function saw(how: string, codes: Iterable<string>): void {
  for (const c of codes) if (!emitted.has(c)) emitted.set(c, how);
}
const of = (issues: readonly CodecIssue[]): string[] => issues.map((i) => i.code);

/** Diagnostics of `text` (main.tapipkt) and of the `files` readable beside it. */
function diagnose(text: string, files: Record<string, string> = {}): string[] {
  const s = createLanguageServiceCore({ catalog: builtinCatalog, host: { readFile: (u: string) => files[u], rootOf: () => 'file:///w' } });
  s.update('file:///w/main.tapipkt', text);
  return ['file:///w/main.tapipkt', ...Object.keys(files)].flatMap((u) => s.getDiagnostics(u).map((d) => d.code));
}

const INIT = 'init: Initialize { dwFriendlyNameOffset = "LAB-PC" dwModuleNameOffset = "LAB-PC" dwAPIVersion = 0x00020002 }';
const OPEN = 'open: Open { hLineApp = init.hLineApp dwDeviceID = 0 dwNegotiatedVersion = 0x00020002 dwPrivileges = LINECALLPRIVILEGE_NONE pCallParams = null lNeededSize = 1024 }';
const session = (...steps: string[]): string => `session s {\n  ${steps.join('\n  ')}\n}\n`;

/** Inputs for the language's codes. */
const TEXT: Record<string, string> = {
  syntax: 'packet p: CreateAgentSession {',
  token: 'packet p: CreateAgentSession { hAgent = 1 ` }',
  deep: `packet p: CreateAgentSession { lpGroupID = ${'raw '.repeat(70)}1 }`,
  unknownType: 'packet p: CreateAgentSesion { }',
  unknownField: `packet p: CreateAgentSession { hAgnet = 1 lpGroupID = ${GUID} }`,
  unknownConstant: 'packet p: LINE_REPLY { dwParam2 = LINEERR_INVALPARM }',
  duplicate: `packet p: CreateAgentSession { hAgent = 1 hAgent = 2 lpGroupID = ${GUID} }`,
  outOfRange: `packet p: CreateAgentSession { hAgent = 0x1_0000_0000 lpGroupID = ${GUID} }`,
  missing: 'packet p: CreateAgentSession { hAgent = 1 }',
  mismatch: `packet p: CreateAgentSession { hAgent = "7" lpGroupID = ${GUID} }`,
  badDefinition: 'struct S { a: bytes[0] }',
  unknownAttribute: 'struct S { a: u32 @nope }',
  badHex: `packet p: CreateAgentSession { lpGroupID = ${GUID} varData = hex { 0 } }`,
  decode: 'decode { 0c000000 }',
  importMissing: 'import "nope.tapipkt"',
  importOutside: 'import "../etc/passwd"',
  importCycle: 'import "main.tapipkt"',
  unknownStep: session(OPEN.replace('init.hLineApp', 'inti.hLineApp')),
  unknownStepField: session(INIT, OPEN.replace('init.hLineApp', 'init.hLine')),
  stepOrder: session(OPEN, INIT),
  notFilled: session(INIT, OPEN.replace('init.hLineApp', 'init.dwAPIVersion')),
  bindWidth: `request R = 200 { a: u16 b: u16 Reserved2..Reserved13: ignored }\n${session(INIT, 'r: R { a = init.hLineApp }')}`,
  badAttach: `session s {\n  attach { pszMachin = "X" }\n  ${INIT}\n}`,
  refOutside: 'packet p: Open { hLineApp = init.hLineApp pCallParams = null dwPrivileges = 1 dwNegotiatedVersion = 0x00020002 }',
};

describe('every declared code is emitted', () => {
  it('the language, from text', () => {
    for (const [how, text] of Object.entries(TEXT)) saw(`text ${how}`, diagnose(text));
    saw('text import depth', diagnose('import "f0.tapipkt"', Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`file:///w/f${i}.tapipkt`, `import "f${i + 1}.tapipkt"`]))));
    saw('text too large', diagnose(' '.repeat(16 * 1024 * 1024 + 1)));
  });

  it('the codec, from JSON and bytes', () => {
    const cas = (fields: Record<string, unknown>, extra: Record<string, unknown> = {}): string[] => of(tryEncodeJson({ packet: 'CreateAgentSession', fields: { lpGroupID: GUID, ...fields }, ...extra }).issues);
    saw('json unknown packet', of(tryEncodeJson({ packet: 'Nope' }).issues));
    saw('json unknown field', cas({ nope: 1 }));
    saw('json bad value', cas({ hAgent: 1.5 }));
    saw('json out of range', cas({ hAgent: 2 ** 32 }));
    saw('json unknown constant', cas({ hAgent: 'NOPE_NOPE' }));
    saw('json missing item', of(tryEncodeJson({ packet: 'CreateAgentSession', fields: {} }).issues));
    saw('json bad hex', cas({}, { varData: { hex: 'zz' } }));
    saw('json bad guid', cas({ lpGroupID: 'nope' }));
    saw('json too large', cas({}, { padTo: 16 * 1024 * 1024 + 1 }));
    saw('json padTo below size', cas({}, { padTo: 4 }));
    // Only structures have fixed byte arrays (LINEAGENTCAPS ...): encoded as a layout.
    const withBytes = index.data.layouts.find((L) => L.fields.some((f) => f.type.kind === 'bytes'))!;
    const bf = withBytes.fields.find((f) => f.type.kind === 'bytes')!;
    saw('layout wrong length', of(encodeLayout(index, withBytes, { [bf.name]: { hex: '00' } }).issues));
    // Nesting past the limit needs a structure that holds itself (no catalog structure nests that deep).
    const Self: Layout = { name: 'Self', kind: 'structure', fixedSize: 8, hasVarData: true, fields: [
      { name: 'dwTotalSize', type: { kind: 'total' }, offset: 0, size: 4 },
      { name: 'dwNext', type: { kind: 'offset', target: { kind: 'struct', layout: 'Self' }, optional: true }, offset: 4, size: 4 },
    ] };
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 20; i++) deep = { dwNext: deep };
    const ctx = new CatalogIndex({ layouts: [Self], tables: [] });
    saw('json too deep', of(encodeLayout(ctx, Self, deep as never).issues));
    // Lists: a pinned count that disagrees with dwSize; a byte size that is not whole entries.
    saw('json list count disagrees', of(tryEncodeJson({ packet: 'GenerateTone', fields: { dwToneMode: 'LINETONEMODE_CUSTOM', dwNumTones: { raw: 3 }, lpTones: [{ dwFrequency: 1 }] } }).issues));
    saw('json list partial entry', of(tryEncodeJson({ packet: 'MonitorTones', fields: { lpToneList: { hex: '0102030405' } } }).issues));
    saw('bytes truncated', of(tryDecodeBytes(new Uint8Array(10)).issues));
    // 52-byte completions read as several layouts alike (guess.ts): the info names the others.
    const reply = tryEncodeJson({ packet: 'LINE_REPLY', fields: {} }).bytes!;
    saw('bytes guessed', of(tryDecodeBytes(reply).issues));
  });

  it('the server rules, each broken alone (the rule table)', () => {
    const L = index.layout('CreateAgentSession')!;
    const req = { packet: L.name, fields: { lpszAgentPIN: 'Ab', lpGroupID: GUID } };
    for (const f of L.fields) {
      for (const rule of rulesOf(L, f)) {
        const bad = breakRule(index, { layout: L, field: f, rule }, req);
        if (!bad) continue;
        const enc = tryEncodeJson(bad);
        saw(`rule ${rule.kind}`, of(enc.issues));
        if (enc.bytes) saw(`rule ${rule.kind} decoded`, of(tryDecodeBytes(enc.bytes, { as: L.name }).issues));
      }
    }
    // The rest of the table, on the first catalog packet that has the rule.
    for (const kind of Object.keys(RULES)) {
      if ([...emitted.keys()].includes(RULES[kind as keyof typeof RULES].code)) continue;
      for (const P of index.data.layouts) {
        if (P.kind !== 'request' && P.kind !== 'response') continue;
        const sites = [...P.fields.flatMap((f) => rulesOf(P, f).map((rule) => ({ field: f, rule }))), ...layoutRulesOf(P).map((rule) => ({ rule }))].filter((s) => s.rule.kind === kind);
        const bad = sites.length ? breakRule(index, { layout: P, ...sites[0]! }, { packet: P.name, fields: {} }) : undefined;
        const enc = bad && tryEncodeJson(bad);
        if (enc?.issues.some((i) => i.code === RULES[kind as keyof typeof RULES].code)) {
          saw(`rule ${kind} on ${P.name}`, of(enc.issues));
          break;
        }
      }
    }
  });

  it('every code of Code and DiagCode was seen above (retire a code that nothing emits)', () => {
    const declared = [...new Set([...Object.values(Code), ...Object.values(DiagCode)])].sort();
    assert.deepEqual(declared.filter((c) => !emitted.has(c)), []);
  });

  it('the check can fail: a code nothing emits is reported', () => {
    assert.equal(emitted.has('TP2103'), false);
    assert.deepEqual(['TP2103'].filter((c) => !emitted.has(c)), ['TP2103']);
  });
});

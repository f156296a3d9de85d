// The limits of README "Safety": each is enforced, with a stable code and a clear message.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../src/catalog/index.js';
import { encodeJsonText } from '../../src/cli/encode.js';
import { UsageError } from '../../src/cli/io.js';
import { CatalogIndex, Code, decodePacket, encodeLayout, encodeRequest, LIMITS, type Layout } from '../../src/codec/index.js';
import { createLanguageServiceCore, DiagCode, LANGUAGE_LIMITS, MAX_NESTING, parse, resolveImport } from '../../src/language/index.js';
import { analysisOf } from '../../src/language/service-internals.js';

const index = new CatalogIndex({ layouts: builtinCatalog.layouts, tables: builtinCatalog.tables });
const ROOT = 'file:///ws';

function serviceOver(files: Record<string, string>) {
  return createLanguageServiceCore({ catalog: builtinCatalog, host: { readFile: (u) => files[u], rootOf: () => ROOT } });
}

/** The first request with an @room field (an output buffer size), whatever the catalog holds. */
function roomLayout(): { L: Layout; field: string } {
  for (const L of builtinCatalog.layouts) {
    if (L.kind !== 'request') continue;
    const f = L.fields.find((x) => x.rules?.some((r) => r.kind === 'room'));
    if (f) return { L, field: f.name };
  }
  throw new Error('no request with an @room field in the catalog');
}

describe('limits: packet size', () => {
  it(`padTo over ${LIMITS.maxPacketSize} bytes is TooLarge`, () => {
    const r = encodeRequest(index, { packet: 'CreateAgentSession', fields: { lpGroupID: null }, padTo: LIMITS.maxPacketSize + 1 });
    assert.equal(r.bytes, undefined);
    assert.equal(r.issues[0]?.code, Code.TooLarge);
    assert.match(r.issues[0]!.message, /16777216-byte limit/);
  });

  it('padTo up to the limit is built', () => {
    const r = encodeRequest(index, { packet: 'CreateAgentSession', fields: { lpGroupID: null }, padTo: LIMITS.maxPacketSize });
    assert.equal(r.bytes?.length, LIMITS.maxPacketSize);
  });

  it('a huge blob is TooLarge, not an out-of-memory', () => {
    const big = { hex: '00'.repeat(LIMITS.maxPacketSize / 2 + 8) };
    const r = encodeRequest(index, { packet: 'CreateAgentSession', fields: { lpszAgentPIN: null, lpGroupID: big } });
    // One blob of 8 MiB fits; two do not.
    assert.ok(r.bytes);
    const L = index.layout('LINECALLPARAMS')!;
    const two = encodeLayout(index, L, { dwUserUserInfoOffset: big, dwHighLevelCompOffset: big });
    assert.equal(two.bytes, undefined);
    assert.equal(two.issues[0]?.code, Code.TooLarge);
  });

  it('an @room value past the packet limit (0xFFFFFFFF) is not zero-filled: a small packet and a warning', () => {
    const { L, field } = roomLayout();
    const r = encodeRequest(index, { packet: L.name, fields: { [field]: 0xffffffff } });
    assert.ok(r.bytes);
    assert.ok(r.bytes.length < 4096, `${r.bytes.length} bytes`);
    assert.ok(r.issues.some((i) => i.severity === 'warning' && i.path === field));
    const back = decodePacket(index, r.bytes, { as: L.name });
    assert.deepEqual(encodeRequest(index, back.request).bytes, r.bytes);
  });

  it('an @room value within the limit is zero-filled', () => {
    const { L, field } = roomLayout();
    const r = encodeRequest(index, { packet: L.name, fields: { [field]: 1 << 20 } });
    assert.ok(r.bytes && r.bytes.length >= (1 << 20) + L.fixedSize);
  });

  it(`decoding more than ${LIMITS.maxPacketSize} bytes is a located TooLarge error`, () => {
    const out = decodePacket(index, new Uint8Array(LIMITS.maxPacketSize + 1));
    assert.equal(out.request.packet, undefined);
    assert.equal(out.issues[0]?.code, Code.TooLarge);
    assert.equal(out.issues[0]?.offset, 0);
  });

  it('the CLI turns TooLarge into one usage line', () => {
    const text = JSON.stringify({ packet: 'CreateAgentSession', fields: { lpGroupID: null }, padTo: 1e12 });
    assert.throws(() => encodeJsonText(text, 'hex', () => {}), (e: unknown) => e instanceof UsageError && /padTo/.test(e.message) && !e.message.includes('\n'));
  });
});

describe('limits: nesting depth', () => {
  it(`the parser stops values nested deeper than ${MAX_NESTING} with TooDeep`, () => {
    const n = 100_000;
    const f = parse('file:///x.tapipkt', `packet p: MakeCall { lpCallParams = ${'{ a = '.repeat(n)}1${' }'.repeat(n)} }`);
    assert.deepEqual(f.errors.map((e) => e.code), [DiagCode.TooDeep]);
    assert.match(f.errors[0]!.message, /nest deeper than 64 levels/);
  });

  it('unclosed braces by the hundred thousand are errors, not a stack overflow', () => {
    assert.ok(parse('file:///x.tapipkt', '{'.repeat(100_000)).errors.length >= 1);
  });

  it(`the codec stops structures nested deeper than ${LIMITS.maxDepth} with TooDeep`, () => {
    // A layout that holds itself inline: only a hand-made (or hostile) catalog can say this.
    const self: Layout = { name: 'SELF', kind: 'structure', fields: [{ name: 'inner', type: { kind: 'inline', layout: 'SELF' }, offset: 0, size: 4 }], fixedSize: 4, hasVarData: false };
    const ctx = new CatalogIndex({ layouts: [self], tables: [] });
    let v: Record<string, unknown> = {};
    for (let i = 0; i < 40; i++) v = { inner: v };
    const r = encodeLayout(ctx, self, v as never);
    assert.equal(r.bytes, undefined);
    assert.equal(r.issues[0]?.code, Code.TooDeep);
    assert.match(r.issues[0]!.message, /deeper than 16 levels/);
    const d = decodePacket(ctx, new Uint8Array(64), { as: 'SELF' });
    assert.ok(d.issues.some((i) => i.code === Code.TooDeep));
  });

  it('an offset to a structure that points back at itself ends (depth-bounded)', () => {
    const self: Layout = {
      name: 'LOOP', kind: 'structure', fixedSize: 8, hasVarData: true,
      fields: [
        { name: 'dwTotalSize', type: { kind: 'total' }, offset: 0, size: 4 },
        { name: 'next', type: { kind: 'offset', target: { kind: 'struct', layout: 'LOOP' }, optional: true }, offset: 4, size: 4 },
      ],
    };
    const ctx = new CatalogIndex({ layouts: [self], tables: [] });
    // next = 0: the structure at offset 0 of itself, again and again.
    const bytes = Uint8Array.from([8, 0, 0, 0, 0, 0, 0, 0]);
    const t0 = performance.now();
    const d = decodePacket(ctx, bytes, { as: 'LOOP' });
    assert.ok(performance.now() - t0 < 2000);
    assert.ok(d.request.packet);
  });
});

describe('limits: language service', () => {
  it(`a document over ${LANGUAGE_LIMITS.maxFileSize} characters is one FileTooLarge error, not parsed`, () => {
    const s = serviceOver({});
    const uri = `${ROOT}/big.tapipkt`;
    s.update(uri, ' '.repeat(LANGUAGE_LIMITS.maxFileSize + 1));
    const d = s.getDiagnostics(uri);
    assert.deepEqual(d.map((x) => x.code), [DiagCode.FileTooLarge]);
    assert.match(d[0]!.message, /up to 16777216/);
  });

  it(`imports deeper than ${LANGUAGE_LIMITS.maxImportDepth} files are ImportTooDeep`, () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`${ROOT}/d${i}.tapipkt`] = `import "d${i + 1}.tapipkt"\n`;
    const s = serviceOver(files);
    const t0 = performance.now();
    const a = analysisOf(s, `${ROOT}/d0.tapipkt`);
    assert.ok(performance.now() - t0 < 2000);
    // The error sits in the file at the limit (its importer warns that it has errors).
    let cur = a;
    let depth = 0;
    while (cur.imports[0]?.analysis) {
      cur = cur.imports[0].analysis;
      depth++;
    }
    assert.equal(depth, LANGUAGE_LIMITS.maxImportDepth);
    assert.ok(cur.diagnostics.some((d) => d.code === DiagCode.ImportTooDeep));
    assert.match(cur.diagnostics[0]!.message, /imports nest deeper than 16 files/);
  });

  it('import cycles are reported, not followed', () => {
    const s = serviceOver({ [`${ROOT}/a.tapipkt`]: 'import "b.tapipkt"\n', [`${ROOT}/b.tapipkt`]: 'import "a.tapipkt"\n', [`${ROOT}/self.tapipkt`]: 'import "self.tapipkt"\n' });
    const cyc = (uri: string) => {
      const a = analysisOf(s, uri);
      const all = [...a.diagnostics, ...(a.imports[0]?.analysis?.diagnostics ?? [])];
      return all.find((d) => d.code === DiagCode.ImportCycle);
    };
    assert.match(cyc(`${ROOT}/a.tapipkt`)!.message, /import cycle: a\.tapipkt -> b\.tapipkt -> a\.tapipkt/);
    assert.match(cyc(`${ROOT}/self.tapipkt`)!.message, /import cycle: self\.tapipkt -> self\.tapipkt/);
  });

  const refused: [string, string, RegExp][] = [
    ['../x.tapipkt', `${ROOT}/main.tapipkt`, /leaves the workspace|outside the workspace/],
    ['sub/../../x.tapipkt', `${ROOT}/main.tapipkt`, /leaves the workspace|outside the workspace/],
    ['../../x.tapipkt', `${ROOT}/sub/main.tapipkt`, /leaves the workspace|outside the workspace/],
    ['..\\x.tapipkt', `${ROOT}/main.tapipkt`, /leaves the workspace|outside the workspace/],
    ['/etc/passwd', `${ROOT}/main.tapipkt`, /absolute/],
    ['\\\\server\\share\\x', `${ROOT}/main.tapipkt`, /absolute/],
    ['C:\\Windows\\win.ini', `${ROOT}/main.tapipkt`, /absolute/],
    ['c:/x.tapipkt', `${ROOT}/main.tapipkt`, /absolute/],
    ['file:///etc/passwd', `${ROOT}/main.tapipkt`, /absolute/],
    ['http://example.invalid/x', `${ROOT}/main.tapipkt`, /absolute/],
  ];
  for (const [rel, base, msg] of refused) {
    it(`import ${JSON.stringify(rel)} is refused`, () => {
      const r = resolveImport(base, rel, ROOT);
      assert.equal(r.uri, undefined);
      assert.match(r.error!, msg);
      const s = serviceOver({});
      s.update(base, `import ${JSON.stringify(rel)}\n`);
      assert.ok(s.getDiagnostics(base).some((d) => d.code === DiagCode.ImportOutside));
    });
  }

  it('imports inside the workspace resolve', () => {
    assert.equal(resolveImport(`${ROOT}/sub/main.tapipkt`, '../a.tapipkt', ROOT).uri, `${ROOT}/a.tapipkt`);
    assert.equal(resolveImport(`${ROOT}/main.tapipkt`, './sub/./c.tapipkt', ROOT).uri, `${ROOT}/sub/c.tapipkt`);
  });
});

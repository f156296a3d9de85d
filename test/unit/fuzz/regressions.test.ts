// Regression tests for bugs the fuzz targets found (test/fuzz). Each names the bug it pins.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiagCode, MAX_NESTING, parse } from '../../../src/language/index.js';
import { newService, ROOT } from '../../fuzz/env.js';
import { analysisOf } from '../../../src/language/service-internals.js';

describe('fuzz regressions: parser', () => {
  it('nested switches deeper than MAX_NESTING are one TooDeep error, not a stack overflow', () => {
    const text = 'struct S { sel: u32\n' + 'switch sel { case 1 { '.repeat(20_000) + 'a: u32';
    const f = parse('file:///x.tapipkt', text);
    assert.equal(f.errors.filter((e) => e.code === DiagCode.TooDeep).length, 1);
  });

  it('switches nested within the limit still parse', () => {
    const depth = MAX_NESTING - 1;
    const text = 'struct S { sel: u32\n' + 'switch sel { case 1 { '.repeat(depth) + 'a: u32' + ' } }'.repeat(depth) + ' }';
    assert.deepEqual(parse('file:///x.tapipkt', text).errors, []);
  });

  it("'raw raw raw ...' is one TooDeep error, not a stack overflow", () => {
    const f = parse('file:///x.tapipkt', `packet p: CreateAgentSession { lpContext = ${'raw '.repeat(100_000)}1 }`);
    assert.deepEqual(f.errors.map((e) => e.code), [DiagCode.TooDeep]);
  });

  it("'@min(@min(@min(...' is a couple of errors, not one per '@' (40,000 diagnostics and seconds of work)", () => {
    const f = parse('file:///x.tapipkt', `struct S { a: u32 ${'@min('.repeat(40_000)}1 }`);
    assert.ok(f.errors.length <= 3, `${f.errors.length} errors`);
    assert.deepEqual(parse('file:///x.tapipkt', 'struct S { a: u32 @min(@x) b: u32 @min(4) }').items.length, 1);
  });

  it('the service reports deep switches as a diagnostic', () => {
    const s = newService();
    const uri = `${ROOT}/deep-switch.tapipkt`;
    s.update(uri, 'struct S { sel: u32\n' + 'switch sel { case 1 { '.repeat(5000) + 'a: u32' + ' } }'.repeat(5000) + ' }');
    assert.ok(s.getDiagnostics(uri).some((d) => d.code === DiagCode.TooDeep));
  });
});

describe('fuzz regressions: CLI messages on huge values', () => {
  it('a huge malformed GUID or unknown constant gives one short line', async () => {
    const { encodeJsonText } = await import('../../../src/cli/encode.js');
    const { UsageError } = await import('../../../src/cli/io.js');
    const huge = 'x'.repeat(100_000) + '\nsecond line';
    assert.throws(() => encodeJsonText(JSON.stringify({ packet: huge }), 'hex', () => {}), (e: unknown) => e instanceof UsageError && e.message.length < 300 && !e.message.includes('\n'));
    for (const fields of [{ lpGroupID: huge }, { lpContext: huge }]) {
      const text = JSON.stringify({ packet: 'CreateAgentSession', fields: { lpGroupID: null, ...fields } });
      assert.throws(() => encodeJsonText(text, 'hex', () => {}), (e: unknown) => e instanceof UsageError && e.message.length < 300 && !e.message.includes('\n'));
    }
  });
});

describe('fuzz regressions: codec', () => {
  it('a trailing field left out of a structure with items decodes as left out (PHONESTATUS, LINEDEVSTATUS)', async () => {
    const { decodePacket, encodeRequest } = await import('../../../src/codec/index.js');
    const { index } = await import('../../fuzz/env.js');
    for (const L of index.catalog.layouts) {
      if (L.kind !== 'structure') continue;
      const trailing = L.fields.filter((f) => f.trailing);
      if (!trailing.length || trailing.some((f) => f.type.kind === 'offset')) continue;
      const item = L.fields.find((f) => f.type.kind === 'offset' && f.type.target.kind === 'bytes');
      if (!item) continue;
      const fields = Object.fromEntries([...trailing.map((f) => [f.name, null]), [item.name, { hex: '0102030405' }]]);
      const bytes = encodeRequest(index, { packet: L.name, fields }).bytes!;
      const out = decodePacket(index, bytes, { as: L.name });
      assert.ok(!out.issues.some((i) => i.severity === 'error'), `${L.name}: ${out.issues.map((i) => i.message).join('; ')}`);
      for (const f of trailing) assert.equal(out.request.fields?.[f.name], null, `${L.name}.${f.name}`);
      assert.deepEqual(encodeRequest(index, out.request).bytes, bytes);
    }
  });

  it('an empty blob at the end of a structure is not "outside" it', async () => {
    const { decodePacket, encodeRequest } = await import('../../../src/codec/index.js');
    const { index } = await import('../../fuzz/env.js');
    const r = encodeRequest(index, { packet: 'LINECALLPARAMS', fields: { dwDevSpecificOffset: { hex: '' } } });
    assert.deepEqual(r.issues.filter((i) => i.severity !== 'info'), []);
    const out = decodePacket(index, r.bytes!, { as: 'LINECALLPARAMS' });
    assert.deepEqual(out.issues.filter((i) => i.severity !== 'info'), []);
  });
});

describe('fuzz regressions: memory', () => {
  it('editing a document does not keep every old analysis alive (the fuzz run ran out of heap)', async () => {
    const { setFlagsFromString } = await import('node:v8');
    const { runInNewContext } = await import('node:vm');
    setFlagsFromString('--expose_gc');
    const gc = runInNewContext('gc') as () => void;
    const s = newService();
    const uri = `${ROOT}/leak.tapipkt`;
    const refs: WeakRef<object>[] = [];
    for (let i = 0; i < 30; i++) {
      s.update(uri, `const A { X = 1 }\n// edit ${i}\nconst T${i} { Y${i} = ${i} }\n`);
      refs.push(new WeakRef(analysisOf(s, uri)));
    }
    await new Promise((r) => setImmediate(r));
    gc();
    const alive = refs.filter((r) => r.deref() !== undefined).length;
    assert.ok(alive <= 2, `${alive} of 30 analyses still alive`);
  });
});

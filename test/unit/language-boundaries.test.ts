// Issue 13, items 3 and 4: the extension, the CLI and the library see the language only through
// its index and the declared `LanguageService`; inside the language, one bridge calls the codec's
// encode and decode entry points, and a pinned packet is encoded no more often than it must be.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { resolveLocal, tsFiles } from './source-files.js';
import { builtinCatalog } from '../../src/catalog/index.js';
import { createLanguageService as libService } from '../../src/lib.js';
import { createLanguageService, createLanguageServiceCore, type LanguageService, type LanguageServiceCore } from '../../src/language/index.js';
import { codecCalls } from '../../src/language/codec-bridge.js';
import { analysisOf } from '../../src/language/service-internals.js';

const root = join(__dirname, '..', '..');

/** Fails to compile unless A and B are the same type. */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const declared: [Same<ReturnType<typeof createLanguageService>, LanguageService>, Same<ReturnType<typeof createLanguageServiceCore>, LanguageServiceCore>, Same<ReturnType<typeof libService>, LanguageService>] = [true, true, true];

const files = tsFiles;

/** Relative specifiers a file imports or re-exports, with the names it takes at run time. */
function importsOf(path: string): { spec: string; names: string[] }[] {
  const text = readFileSync(path, 'utf8');
  const out: { spec: string; names: string[] }[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s+(type\s+)?([^'";]*?)\s*from\s+['"]([^'"]+)['"]/g)) {
    const names = m[1] ? [] : (/\{([^}]*)\}/.exec(m[2]!)?.[1] ?? '').split(',').map((x) => x.trim()).filter((x) => x && !x.startsWith('type ')).map((x) => x.split(/\s+as\s+/)[0]!);
    out.push({ spec: m[3]!, names });
  }
  return out;
}


/** The interface's member names, read from its declaration. */
function declaredMembers(name: string): string[] {
  const text = readFileSync(join(root, 'src', 'language', 'language-service.ts'), 'utf8');
  const start = text.indexOf(`export interface ${name} `);
  const body = text.slice(text.indexOf('{', start) + 1, text.indexOf('\n}', start));
  return [...body.matchAll(/^ {2}(\w+)\??\(/gm)].map((m) => m[1]!);
}

/** The codec's encode and decode entry points: only the bridge may call them. */
const ENTRY_POINTS = [
  'encodeLayout', 'encodeGeneral', 'encodeRequest', 'resolveRequestLayout', 'serverRuleWarnings', 'ignoredFieldWarnings',
  'decodePacket', 'decodeLayout', 'decodeReply', 'decodeAsyncEvents', 'decodeRequestFast', 'decodeRequestJson', 'guessLayout', 'breakRule', 'CatalogIndex',
];

describe('the language service is declared', () => {
  it('createLanguageService(Core) and the library return the declared interfaces (a compile-time check)', () => {
    assert.deepEqual(declared, [true, true, true]);
  });
  it('the service object has exactly the declared members: no program, no analyze', () => {
    const full = createLanguageService({ catalog: builtinCatalog });
    const core = createLanguageServiceCore({ catalog: builtinCatalog });
    const fullMembers = [...declaredMembers('LanguageServiceCore'), ...declaredMembers('LanguageService')].sort();
    assert.ok(fullMembers.includes('getText') && fullMembers.includes('getHover'), 'the declaration is read');
    assert.deepEqual(Object.keys(full).sort(), fullMembers);
    assert.deepEqual(Object.keys(core).sort(), declaredMembers('LanguageServiceCore').sort());
    assert.deepEqual(Object.keys(libService()).sort(), fullMembers);
  });
  it('extension/, src/cli and src/lib.ts import the language through src/language/index.ts only', () => {
    const language = join(root, 'src', 'language');
    const seen: string[] = [];
    for (const f of [...files(join(root, 'extension')), ...files(join(root, 'src', 'cli')), join(root, 'src', 'lib.ts')]) {
      for (const { spec } of importsOf(f)) {
        const r = resolveLocal(f, spec);
        if (!r || relative(language, r).startsWith('..')) continue;
        seen.push(relative(root, f));
        assert.equal(relative(language, r), 'index.ts', `${relative(root, f)} imports ${spec}`);
      }
    }
    assert.ok(seen.includes(join('src', 'lib.ts')) && seen.some((f) => f.startsWith('extension')), 'the walk sees language imports');
  });
  it('the service internals are not exported from the language index', () => {
    const index = readFileSync(join(root, 'src', 'language', 'index.ts'), 'utf8');
    assert.ok(!index.includes('service-internals') && !index.includes('codec-bridge'));
  });
  it('getDependencies and getDependents follow imports through other imports', () => {
    const files = new Map([
      ['file:///w/a.tapipkt', 'import "b.tapipkt"\n'],
      ['file:///w/b.tapipkt', 'import "c.tapipkt"\n'],
      ['file:///w/c.tapipkt', 'const X = 1\n'],
      ['file:///w/d.tapipkt', 'const Y = 2\n'],
    ]);
    const s = createLanguageService({ catalog: builtinCatalog, host: { readFile: (u) => files.get(u), rootOf: () => 'file:///w' } });
    assert.deepEqual(s.getDependencies('file:///w/a.tapipkt'), ['file:///w/b.tapipkt', 'file:///w/c.tapipkt']);
    assert.deepEqual(s.getDependents('file:///w/c.tapipkt', ['file:///w/a.tapipkt', 'file:///w/d.tapipkt']).sort(), ['file:///w/a.tapipkt', 'file:///w/b.tapipkt']);
    const v = s.getVersion('file:///w/a.tapipkt');
    assert.equal(s.getVersion('file:///w/a.tapipkt'), v, 'unchanged text, same version');
    s.update('file:///w/a.tapipkt', 'import "b.tapipkt"\n// edited\n');
    assert.notEqual(s.getVersion('file:///w/a.tapipkt'), v);
    assert.equal(s.getText('file:///w/a.tapipkt'), 'import "b.tapipkt"\n// edited\n');
  });
});

describe('one bridge between the language and the codec', () => {
  it('only src/language/codec-bridge.ts imports the codec entry points at run time', () => {
    const language = join(root, 'src', 'language');
    const codecIndex = join(root, 'src', 'codec', 'index.ts');
    const users = new Map<string, string[]>();
    for (const f of files(language)) {
      for (const { spec, names } of importsOf(f)) {
        if (resolveLocal(f, spec) !== codecIndex) continue;
        const used = names.filter((n) => ENTRY_POINTS.includes(n));
        if (used.length) users.set(relative(root, f), used);
      }
    }
    assert.deepEqual([...users.keys()], [join('src', 'language', 'codec-bridge.ts')], JSON.stringify([...users]));
    assert.ok(users.get(join('src', 'language', 'codec-bridge.ts'))!.includes('encodeLayout'), 'the test sees the bridge import');
  });
  it('no file outside the codec patches a method on an index instance', () => {
    // A function assigned to an instance's `layout` (what program.ts once did to a CatalogIndex).
    const patch = /\.(?:layout|constant)\s*=\s*(?:\(|function\b|[\w.]+\.bind\()/;
    assert.match('idx.layout = (n: string) => ctx.layout(n) ?? orig(n);', patch, 'the pattern can fail');
    for (const f of [...files(join(root, 'src', 'language')), ...files(join(root, 'src', 'cli'))]) {
      assert.doesNotMatch(readFileSync(f, 'utf8'), patch, relative(root, f));
    }
  });
  it('a packet with a pinned computed field is encoded once: the spans carry what the encoder would write at the pin', () => {
    const uri = 'file:///w/pin.tapipkt';
    const s = createLanguageServiceCore({ catalog: builtinCatalog });
    s.update(uri, 'packet p : CreateAgentSession {\n  lpszAgentPIN = "4711"\n  lpGroupID = {6B29FC40-CA47-1067-B31D-00DD010662DA}\n  dwSize = raw 8\n}\n');
    const before = codecCalls.encodes;
    const d = s.getDiagnostics(uri);
    const p = s.getPackets(uri)[0]!;
    assert.ok(p.spans.length > 0 && p.bytes);
    // dwSize is the 16-byte GUID's size: the pin (8) disagrees with what the encoder computes.
    assert.ok(d.some((x) => x.code === 'TP3001' && x.message.includes('the encoder would write 16')), JSON.stringify(d));
    assert.equal(codecCalls.encodes - before, 1);
    assert.equal(analysisOf(s, uri).packets[0]!.computed.get('dwSize'), 16);
  });
  it('a packet without pins is encoded once; its spans cost one more encode, only when read', () => {
    const uri = 'file:///w/plain.tapipkt';
    const s = createLanguageServiceCore({ catalog: builtinCatalog });
    s.update(uri, 'packet p : CreateAgentSession {\n  lpszAgentPIN = "4711"\n  lpGroupID = {6B29FC40-CA47-1067-B31D-00DD010662DA}\n}\n');
    const before = codecCalls.encodes;
    assert.deepEqual(s.getDiagnostics(uri).filter((x) => x.severity === 'error'), []);
    assert.equal(codecCalls.encodes - before, 1);
    assert.ok(s.getPackets(uri)[0]!.spans.length > 0);
    assert.equal(codecCalls.encodes - before, 2);
  });
  it('decoding bytes to text goes through the bridge and the program\'s one catalog index', () => {
    const s = createLanguageServiceCore({ catalog: builtinCatalog });
    const uri = 'file:///w/x.tapipkt';
    s.update(uri, 'packet p : CreateAgentSession {\n  lpszAgentPIN = "4711"\n  lpGroupID = {6B29FC40-CA47-1067-B31D-00DD010662DA}\n}\n');
    const bytes = s.getPackets(uri)[0]!.bytes!;
    const before = codecCalls.decodes;
    const out = s.decodeToText(bytes);
    assert.equal(out.layout?.name, 'CreateAgentSession');
    assert.equal(codecCalls.decodes - before, 1);
  });
});

// One registry of output formats (src/language/output.ts): the CLI's --format, the editor's
// Encode pickers and the tapipkt.encode.format setting all come from it, so adding a format is
// one entry there (and the setting's enum, which this test then demands).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ENCODE_FORMATS } from '../../../src/cli/encode.js';
import { OUTPUT_FORMAT_IDS, OUTPUT_FORMATS, TEXT_OUTPUT_FORMATS, outputFormat } from '../../../src/language/index.js';

const root = join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { enum?: string[]; enumDescriptions?: string[]; default?: string }> } };
};
const setting = pkg.contributes.configuration.properties['tapipkt.encode.format']!;
const bytes = Uint8Array.from([0x93, 0, 0, 0, 0xff]);

describe('output formats: one registry', () => {
  it('package.json tapipkt.encode.format offers exactly the registry text formats, then ask', () => {
    assert.deepEqual(setting.enum, [...TEXT_OUTPUT_FORMATS.map((f) => f.id), 'ask']);
    assert.deepEqual(setting.enumDescriptions, [...TEXT_OUTPUT_FORMATS.map((f) => f.description), 'Ask each time.']);
  });
  it('the CLI --format takes exactly the registry ids, and its help lists each one', () => {
    assert.deepEqual([...ENCODE_FORMATS], [...OUTPUT_FORMAT_IDS]);
    const main = readFileSync(join(root, 'src', 'cli', 'main.ts'), 'utf8');
    assert.match(main, /ENCODE_FORMATS\.join\('\|'\)/, 'the usage line is built from the registry');
    assert.match(main, /OUTPUT_FORMATS\.map/, 'the --format help is built from the registry');
  });
  it('the extension lists no formats of its own', () => {
    const src = readFileSync(join(root, 'extension', 'commands', 'formats.ts'), 'utf8');
    assert.match(src, /TEXT_OUTPUT_FORMATS/);
    for (const id of OUTPUT_FORMAT_IDS) assert.doesNotMatch(src, new RegExp(`['"]${id}['"]`), `formats.ts names '${id}' itself`);
  });
  it('every entry has a distinct id and label, a one-line description, and renders', () => {
    assert.equal(new Set(OUTPUT_FORMATS.map((f) => f.id)).size, OUTPUT_FORMATS.length);
    assert.equal(new Set(OUTPUT_FORMATS.map((f) => f.label)).size, OUTPUT_FORMATS.length);
    for (const f of OUTPUT_FORMATS) {
      assert.ok(f.description && !f.description.includes('\n'), f.id);
      // A picker shows "label  description": the description must not just repeat the id ("Hex hex").
      assert.notEqual(f.description.toLowerCase(), f.id);
      const out = f.render({ bytes, name: 'p1', request: { packet: 'CreateAgentSession', fields: { hAgent: 7 } } });
      assert.ok(typeof out === 'string' ? out.length > 0 : out.length === bytes.length, f.id);
    }
  });
  it('renders hex, C, Python, JSON and bin as the CLI always has', () => {
    assert.equal(outputFormat('hex')!.render({ bytes, name: 'p' }), '93000000ff\n');
    assert.match(outputFormat('c')!.render({ bytes, name: 'p1' }) as string, /unsigned char p1\[5\] = \{/);
    assert.match(outputFormat('python')!.render({ bytes, name: 'p1' }) as string, /p1 = bytes\.fromhex\(\n {4}"93000000ff"\n\)/);
    const req = { packet: 'CreateAgentSession', fields: { lpsUserUserInfo: Uint8Array.from([1, 2]) } };
    assert.equal(outputFormat('json')!.render({ bytes, name: 'p', request: req }), '{"packet":"CreateAgentSession","fields":{"lpsUserUserInfo":{"hex":"0102"}}}\n');
    assert.match(outputFormat('json')!.render({ bytes, name: 'p', request: req }, { pretty: true }) as string, /^\{\n {2}"packet"/);
    assert.deepEqual(outputFormat('bin')!.render({ bytes, name: 'p' }), bytes);
  });
});

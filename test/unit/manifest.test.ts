// The extension manifest states what the extension does and may do: activation, the commands
// and settings the README documents, honest workspace-trust capabilities, and a .vsix allow-list.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  activationEvents: string[];
  bin: Record<string, string>;
  capabilities: { untrustedWorkspaces: { supported: boolean | 'limited'; restrictedConfigurations?: string[] }; virtualWorkspaces: boolean };
  contributes: { commands: { command: string; title: string }[]; configuration: { properties: Record<string, { description?: string; markdownDescription?: string }> }; languages: { id: string; extensions: string[]; aliases: string[] }[] };
};
const readme = readFileSync(join(root, 'README.md'), 'utf8');

describe('extension manifest', () => {
  it('activates on the tapipkt language and ships the CLI as a bin', () => {
    assert.deepEqual(pkg.activationEvents, ['onLanguage:tapipkt']);
    assert.equal(pkg.bin['tapipkt'], 'dist/cli.js');
    const lang = pkg.contributes.languages.find((l) => l.id === 'tapipkt');
    assert.ok(lang?.extensions.includes('.tapipkt'));
    assert.equal(lang?.aliases[0], 'tapipkt');
  });
  it('declares the commands the README and the e2e check use', () => {
    const titles = new Map(pkg.contributes.commands.map((c) => [c.command, c.title]));
    for (const [id, title] of [['tapipkt.generateMutants', 'Generate Mutants'], ['tapipkt.encode', 'Encode'], ['tapipkt.encodeToFile', 'Encode to File'], ['tapipkt.decode', 'Decode'], ['tapipkt.showLayout', 'Show Layout']]) {
      assert.equal(titles.get(id!), title);
    }
  });
  it('every setting has a description and is documented in the README', () => {
    for (const [key, p] of Object.entries(pkg.contributes.configuration.properties)) {
      assert.ok(p.description ?? p.markdownDescription, `${key} has a description`);
      assert.ok(readme.includes(`\`${key}\``), `${key} is in the README`);
    }
  });
  it('is limited in untrusted workspaces: the test-only settings that replace dialogs are restricted', () => {
    const u = pkg.capabilities.untrustedWorkspaces;
    assert.equal(u.supported, 'limited');
    assert.deepEqual([...(u.restrictedConfigurations ?? [])].sort(), ['tapipkt.test.decodeInput', 'tapipkt.test.encodeToFilePath', 'tapipkt.test.generateMutants', 'tapipkt.test.importCapture']);
    // The code honours it: those settings are read only when the workspace is trusted, and only from user settings.
    const src = readFileSync(join(root, 'extension', 'commands', 'encode-to-file-command.ts'), 'utf8');
    assert.match(src, /if \(!vscode\.workspace\.isTrusted\) return undefined;[\s\S]*globalValue/);
  });
  it('the .vsix is an allow-list: bundle, grammar, language configuration, icon, docs', () => {
    const lines = readFileSync(join(root, '.vscodeignore'), 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
    assert.equal(lines[0], '**');
    assert.ok(lines.slice(1).every((l) => l.startsWith('!')));
    assert.ok(lines.includes('!dist/extension.js'));
  });
});

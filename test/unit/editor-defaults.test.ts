// Issue 12 item 6: in .tapipkt files every useful suggestion comes from the language service;
// VS Code's word-based suggestions (words of the document: `A, a, agents, B29FC40`) are noise,
// so the manifest turns them off for the language.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  contributes: { configurationDefaults?: Record<string, Record<string, unknown>> };
};

describe('editor defaults for the tapipkt language', () => {
  it('word-based suggestions are off', () => {
    assert.equal(pkg.contributes.configurationDefaults?.['[tapipkt]']?.['editor.wordBasedSuggestions'], 'off');
  });
});

// Every catalog layout, field and constant table carries a one-line description (hover and
// completion show it), and each layout names its MS-TRP section.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../../src/catalog/index.js';
import type { FieldDef } from '../../../src/codec/index.js';

describe('catalog descriptions', () => {
  it('every layout has a doc and a section', () => {
    assert.deepEqual(builtinCatalog.layouts.filter((l) => !l.doc || !l.section).map((l) => l.name), []);
  });
  it('every field (union arms included) has a doc', () => {
    const missing: string[] = [];
    const walk = (owner: string, fields: readonly FieldDef[]): void => {
      for (const f of fields) {
        if (f.type.kind === 'union') for (const a of f.type.variants) walk(owner, a.fields);
        else if (!f.doc) missing.push(`${owner}.${f.name}`);
      }
    };
    for (const l of builtinCatalog.layouts) walk(l.name, l.fields);
    assert.deepEqual(missing, []);
  });
  it('every constant table has a doc and a section', () => {
    assert.deepEqual(builtinCatalog.tables.filter((t) => !t.doc || !t.section).map((t) => t.name), []);
  });
});

// The `@out` marks of the catalog (fields the server fills in, which session bindings read)
// checked against the MS-TRP text: a request field whose description says the server sets it
// on completion is marked, and every mark is either such a field or listed here with a reason.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../src/catalog/index.js';
import { defaultSpecPath } from './spec-reader.js';

const haveSpec = existsSync(defaultSpecPath());

/** Wording the spec uses for a value the server writes into the request's own buffer. */
const SERVER_SETS = /On successful completion|server MUST (?:provide|set|return|fill)|is set by the server|returned by the ACD proxy|the server (?:writes|fills)/i;

/** Marked although their text does not use that wording; each says why. */
const MARKED_BY_READING: Record<string, string> = {
  'GetUIDllName.dwUIDllNameSize': 'the size of the DLL name the server writes at dwUIDllNameOffset',
  'PhoneGetRing.lpdwRingMode': 'the ring mode the phone is ringing with: a result, not an input',
  'PhoneGetRing.lpdwVolume': 'the ringer volume: a result, not an input',
};

/** Each section's text by its number (the first heading that carries it). */
function sections(text: string): Map<string, string> {
  const heads = [...text.matchAll(/^#+ .*?(\d+(?:\.\d+)+)\b/gm)].map((m) => ({ at: m.index ?? 0, num: m[1]! }));
  const out = new Map<string, string>();
  heads.forEach((h, i) => {
    if (!out.has(h.num)) out.set(h.num, text.slice(h.at, heads[i + 1]?.at ?? text.length));
  });
  return out;
}

describe('@out marks against the spec', { skip: !haveSpec && 'the MS-TRP text is not here' }, () => {
  it('every request field the server fills in is @out, and every @out is one', () => {
    const secs = sections(readFileSync(defaultSpecPath(), 'utf8'));
    const missing: string[] = [];
    const extra: string[] = [];
    let marked = 0;
    for (const L of builtinCatalog.layouts) {
      if (L.kind !== 'request' || !L.section) continue;
      const t = secs.get(L.section) ?? '';
      for (const f of L.fields) {
        const esc = f.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        const para = new RegExp(`^\\*\\*${esc} \\([^)]*\\):\\*\\*([\\s\\S]*?)(?=^\\*\\*|$(?![\\s\\S]))`, 'm').exec(t)?.[1] ?? '';
        const key = `${L.name}.${f.name}`;
        const says = SERVER_SETS.test(para);
        if (f.out) marked++;
        if (says && !f.out) missing.push(key);
        if (f.out && !says && !MARKED_BY_READING[key]) extra.push(key);
      }
    }
    assert.deepEqual(missing, [], 'fields the spec says the server sets, not marked @out');
    assert.deepEqual(extra, [], '@out fields whose text does not say the server sets them');
    assert.ok(marked >= 70, `${marked} fields marked`);
  });
});

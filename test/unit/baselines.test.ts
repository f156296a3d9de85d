// Data-driven baselines (STYLE.md): every `test/baselines/<suite>/X.tapipkt` has expected files
// beside it: `X.diag.txt` (diagnostics in the check format), `X.hex` (each packet that encodes,
// `name: hex`), `X.decoded.txt` (each decode block as text, re-encoded to check losslessness) and
// `X.plan.json` (the plan of each session that has one, as `tapipkt export --format json` prints it).
// Run with UPDATE_BASELINES=1 to rewrite them; review the diff by eye.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { toHex } from '../../src/codec/index.js';
import { serviceWith } from './helpers.js';
import { analysisOf } from '../../src/language/service-internals.js';

const root = join(__dirname, '..', 'baselines');
const update = process.env['UPDATE_BASELINES'] === '1';

function compare(path: string, actual: string): void {
  if (update) {
    writeFileSync(path, actual);
    return;
  }
  assert.ok(existsSync(path), `missing baseline ${relative(process.cwd(), path)} (run with UPDATE_BASELINES=1)`);
  assert.equal(actual, readFileSync(path, 'utf8'), `baseline ${relative(process.cwd(), path)} differs (UPDATE_BASELINES=1 rewrites it)`);
}

for (const suite of readdirSync(root)) {
  describe(`baselines/${suite}`, () => {
    for (const name of readdirSync(join(root, suite)).filter((n) => n.endsWith('.tapipkt'))) {
      it(name, () => {
        const input = join(root, suite, name);
        const text = readFileSync(input, 'utf8');
        const { s, uri } = serviceWith(text, `file:///w/${name}`);
        const rel = `${suite}/${name}`;
        const diag = s.getDiagnostics(uri).map((d) => `${rel}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity}: ${d.message} [${d.code}]`);
        compare(input.replace(/\.tapipkt$/, '.diag.txt'), diag.join('\n') + '\n');
        const packets = s.getPackets(uri).filter((p) => p.bytes);
        if (packets.length) compare(input.replace(/\.tapipkt$/, '.hex'), packets.map((p) => `${p.name}: ${toHex(p.bytes!)}`).join('\n') + '\n');
        const blocks = analysisOf(s, uri).decodes.filter((d) => d.bytes && d.outcome?.request.packet);
        if (blocks.length) {
          const texts = blocks.map((b, i) => {
            // A reply block names a session step; its bytes read as that step's layout.
            const as = b.reply ? b.reply.to : b.decl.as?.text;
            const t = s.decodeToText(b.bytes!, { ...(as !== undefined ? { as } : {}), name: `block${i + 1}` });
            // Lossless: the printed packet encodes back to exactly the block's bytes.
            const again = serviceWith(t.text, `file:///w/again-${i}.tapipkt`);
            assert.equal(toHex(again.s.getPackets(`file:///w/again-${i}.tapipkt`)[0]?.bytes ?? new Uint8Array()), toHex(b.bytes!), `block ${i + 1} of ${rel} round-trips`);
            return t.text;
          });
          compare(input.replace(/\.tapipkt$/, '.decoded.txt'), texts.join('\n'));
        }
        const plans = analysisOf(s, uri).sessions.flatMap((x) => (x.plan ? [x.plan] : []));
        if (plans.length) compare(input.replace(/\.tapipkt$/, '.plan.json'), plans.map((p) => JSON.stringify(p, null, 2)).join('\n') + '\n');
      });
    }
  });
}

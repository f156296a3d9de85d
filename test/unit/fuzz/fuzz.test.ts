// The fuzz targets of test/fuzz, in `npm test`: a fixed seed and a bounded run count each, so the
// suite is repeatable and fast. `npm run fuzz` runs the same targets for 100,000 cases each.
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TARGETS } from '../../fuzz/targets.js';

/** Fixed, so a failure here replays the same way: `npm run fuzz -- --seed 20251125 --target NAME`. */
const SEED = 20251125;
/** Runs per target (times its unitWeight); keeps the whole file well under 20 s. */
const RUNS = Number(process.env['FUZZ_UNIT_RUNS'] ?? 400);

describe('fuzz (fixed seed, bounded runs)', () => {
  for (const t of TARGETS) {
    it(`${t.name}: ${t.what}`, () => {
      fc.assert(t.property(), { seed: SEED, numRuns: Math.max(1, Math.round(RUNS * (t.unitWeight ?? 1))) });
    });
  }
});

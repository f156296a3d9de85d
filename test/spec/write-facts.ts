/**
 * `npm run spec:facts`: reads the MS-TRP text with test/spec/spec-reader.ts and writes the facts
 * the spec tests need to test/spec/facts.json (see facts.ts). Needs the spec text at
 * ../shared/spec/MS-TRP.md (or the path given as the first argument).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { FACTS_PATH, factsFromSpec, factsJson } from './facts';
import { defaultSpecPath, readSpec, readSpecDiscrepancies } from './spec-reader';

const specPath = process.argv[2] ?? defaultSpecPath();
if (!existsSync(specPath)) {
  process.stderr.write(`spec:facts: no spec text at ${specPath}; give its path as the first argument\n`);
  process.exit(2);
}
const facts = factsFromSpec(readSpec(specPath), readSpecDiscrepancies(specPath));
writeFileSync(FACTS_PATH, factsJson(facts));
process.stdout.write(`spec:facts: ${facts.layouts.length} layouts, ${facts.constants.length} constants, ${facts.rules.length} rule sets, ${facts.discrepancies.length} discrepancies -> ${FACTS_PATH}\n`);

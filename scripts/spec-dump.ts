/**
 * Print what test/spec/spec-reader.ts reads from the MS-TRP spec, as JSON.
 *
 *   npx tsx scripts/spec-dump.ts [--layouts|--constants|--rules|--discrepancies] [--spec PATH]
 *
 * With no selector, prints { layouts, constants, rules }. Output is for looking
 * at; do not commit it (descriptions are spec text).
 */
import { readSpec, readSpecDiscrepancies } from '../test/spec/spec-reader';

function main(argv: string[]): void {
  const specIdx = argv.indexOf('--spec');
  const specPath = specIdx >= 0 ? argv[specIdx + 1] : undefined;
  const known = ['--layouts', '--constants', '--rules', '--discrepancies'];
  const picked = argv.filter((a) => known.includes(a));
  const unknown = argv.filter((a, i) => a.startsWith('--') && !known.includes(a) && a !== '--spec' && argv[i - 1] !== '--spec');
  if (unknown.length > 0 || (specIdx >= 0 && specPath === undefined)) {
    process.stderr.write(`usage: npx tsx scripts/spec-dump.ts [${known.join('|')}] [--spec PATH]\n`);
    process.exitCode = 2;
    return;
  }
  const data = readSpec(specPath);
  const out: Record<string, unknown> = {};
  if (picked.length === 0 || picked.includes('--layouts')) out['layouts'] = data.layouts;
  if (picked.length === 0 || picked.includes('--constants')) out['constants'] = data.constants;
  if (picked.length === 0 || picked.includes('--rules')) out['rules'] = data.rules;
  if (picked.includes('--discrepancies')) out['discrepancies'] = readSpecDiscrepancies(specPath);
  const only = picked.length === 1 ? picked[0]?.slice(2) : undefined;
  process.stdout.write(JSON.stringify(only !== undefined ? out[only] : out, null, 2) + '\n');
}

main(process.argv.slice(2));

// Runs every `$ tapipkt ...` example of README.md verbatim, from the repository root, with
// BIN_DIR first on PATH (where `tapipkt` is installed), and compares its stdout with the lines
// the README shows under it (up to the next `$ ` line or the end of the code block). Exit 0 when
// every example exits 0 and prints exactly what the README shows; 1 otherwise, or when there is
// no example at all.
//
//   node test/readme-examples.mjs BIN_DIR
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The `$ tapipkt` examples of a Markdown text: [{line, command, output}]. */
export function readmeExamples(markdown) {
  const out = [];
  let inBlock = false;
  let current;
  markdown.split('\n').forEach((text, i) => {
    if (/^```/.test(text)) {
      inBlock = !inBlock;
      current = undefined;
      return;
    }
    if (!inBlock) return;
    if (text.startsWith('$ ')) {
      current = text.startsWith('$ tapipkt') ? { line: i + 1, command: text.slice(2), output: [] } : undefined;
      if (current) out.push(current);
    } else if (current) current.output.push(text);
  });
  return out.map((e) => ({ ...e, output: e.output.length ? e.output.join('\n') + '\n' : '' }));
}

function main(binDir) {
  if (!binDir) {
    process.stderr.write('usage: node test/readme-examples.mjs BIN_DIR\n');
    return 2;
  }
  const examples = readmeExamples(readFileSync(join(root, 'README.md'), 'utf8'));
  if (examples.length === 0) {
    process.stderr.write('README.md has no `$ tapipkt` example\n');
    return 1;
  }
  const env = { ...process.env, PATH: `${resolve(binDir)}${delimiter}${process.env.PATH ?? ''}` };
  let failed = 0;
  for (const e of examples) {
    const r = spawnSync('bash', ['-c', e.command], { cwd: root, env, encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status === 0 && r.stdout === e.output) {
      process.stdout.write(`ok   README.md:${e.line}: ${e.command.slice(0, 100)}\n`);
      continue;
    }
    failed++;
    process.stdout.write(`FAIL README.md:${e.line}: ${e.command.slice(0, 100)} (exit ${r.status})\n`);
    if (r.stderr) process.stdout.write(`  stderr: ${r.stderr.trimEnd().split('\n').join('\n  stderr: ')}\n`);
    const want = e.output.split('\n');
    const got = r.stdout.split('\n');
    const at = want.findIndex((l, i) => l !== got[i]);
    process.stdout.write(`  first difference at output line ${at + 1}:\n  README: ${JSON.stringify(want[at])}\n  actual: ${JSON.stringify(got[at])}\n`);
  }
  process.stdout.write(`${examples.length - failed}/${examples.length} README examples print what the README shows\n`);
  return failed ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv[2]);

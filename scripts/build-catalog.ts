// Compiles src/catalog/*.tapipkt into src/catalog/generated/catalog.json (fails on any error).
import { readdirSync, readFileSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { compileCatalog } from '../src/catalog/compile-catalog.js';
import { LineIndex } from '../src/language/line-index.js';

const dir = join(__dirname, '..', 'src', 'catalog');
const files = readdirSync(dir).filter((f) => f.endsWith('.tapipkt')).map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
const { data, diagnostics } = compileCatalog(files);
let errors = 0;
for (const d of diagnostics) {
  const f = files.find((x) => d.uri.endsWith('/' + x.name));
  const p = f ? new LineIndex(f.text).positionAt(d.start) : { line: 0, character: 0 };
  console.error(`src/catalog/${f?.name ?? d.uri}:${p.line + 1}:${p.character + 1}: ${d.severity}: ${d.message} [${d.code}]`);
  if (d.severity === 'error') errors++;
}
if (errors) {
  console.error(`catalog: ${errors} error(s)`);
  process.exit(1);
}
mkdirSync(join(dir, 'generated'), { recursive: true });
const out = join(dir, 'generated', 'catalog.json');
writeFileSync(out + '.tmp', JSON.stringify(data));
renameSync(out + '.tmp', out);
console.log(`catalog: ${data.layouts.length} layouts, ${data.tables.length} tables, ${data.tables.reduce((n, t) => n + t.entries.length, 0)} constants`);

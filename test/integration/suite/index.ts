/**
 * Entry of the in-editor suite (the @vscode/test-electron contract: a module exporting
 * `run()`), loaded by the extension host. Runs every bundled *.test.js beside it with mocha.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

interface MochaLike {
  addFile(file: string): void;
  loadFilesAsync(): Promise<void>;
  run(done: (failures: number) => void): void;
}

export async function run(): Promise<void> {
  // mocha 12 is ESM: from CommonJS its class is the `default` export.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require('mocha') as { default?: new (o: object) => MochaLike } & (new (o: object) => MochaLike);
  const Mocha = mod.default ?? mod;
  // TAPIPKT_IT_GREP (passed through code-server's environment) runs only the matching tests, while iterating.
  const grep = process.env['TAPIPKT_IT_GREP'];
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: 'spec', ...(grep ? { grep } : {}) });
  // Every bundled *.test.js (see build.mjs), so a new suite file needs no edit here.
  for (const f of fs.readdirSync(__dirname).filter((n) => n.endsWith('.test.js')).sort()) mocha.addFile(path.join(__dirname, f));
  await mocha.loadFilesAsync();
  await new Promise<void>((resolve, reject) => mocha.run((failures) => (failures ? reject(new Error(`${failures} test(s) failed`)) : resolve())));
}

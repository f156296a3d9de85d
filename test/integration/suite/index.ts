/**
 * Entry of the in-editor suite (the @vscode/test-electron contract: a module exporting
 * `run()`), loaded by the extension host. Runs ./suite.test.js with mocha.
 */
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
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: 'spec' });
  mocha.addFile(path.join(__dirname, 'suite.test.js'));
  mocha.addFile(path.join(__dirname, 'robustness.test.js'));
  mocha.addFile(path.join(__dirname, 'commands.test.js'));
  await mocha.loadFilesAsync();
  await new Promise<void>((resolve, reject) => mocha.run((failures) => (failures ? reject(new Error(`${failures} test(s) failed`)) : resolve())));
}

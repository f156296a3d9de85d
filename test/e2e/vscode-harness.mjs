#!/usr/bin/env node
// A stand-in "VS Code executable" for machines that cannot download VS Code: it reads
// @vscode/test-electron's argument style and runs the suite in code-server's Node extension host.
//
//   node test/e2e/vscode-harness.mjs --extensionDevelopmentPath=/abs/ext \
//        --extensionTestsPath=/abs/ext/out/test/suite/index [/abs/workspace]
//
// or from @vscode/test-electron:
//   runTests({ vscodeExecutablePath: '<repo>/test/e2e/vscode-harness.mjs', extensionDevelopmentPath,
//              extensionTestsPath, launchArgs: [workspace] })
//
// Options VS Code itself understands but that mean nothing here (--disable-extensions,
// --no-sandbox, --skip-welcome, ...) are accepted and ignored. Exit status: the suite's (0 only when
// the extension host logged "Test runner finished successfully.").
import path from 'node:path';
import { runInHostTests } from './code-server.mjs';

const dev = [];
let tests;
let workspace;
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const valueOf = (name) => {
    if (a.startsWith(`${name}=`)) return a.slice(name.length + 1);
    if (a === name) return args[++i];
    return undefined;
  };
  let v;
  if ((v = valueOf('--extensionDevelopmentPath')) !== undefined) dev.push(path.resolve(v));
  else if ((v = valueOf('--extensionTestsPath')) !== undefined) tests = path.resolve(v);
  else if (/^--(user-data-dir|extensions-dir|locale|log)$/.test(a)) i++; // flags with a separate value: ignored
  else if (a.startsWith('-')) continue; // other VS Code flags: ignored
  else if (!workspace) workspace = path.resolve(a);
}

if (!tests) {
  console.error('vscode-harness: --extensionTestsPath=<path> is required');
  process.exit(2);
}

let code;
try {
  code = await runInHostTests({ extensionDevelopmentPath: dev, extensionTestsPath: tests, workspace });
} catch (e) {
  console.error(`vscode-harness: ${e.stack || e.message}`);
  code = 1;
}
process.exit(code);

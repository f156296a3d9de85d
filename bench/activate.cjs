// Loads dist/extension.js with a stand-in `vscode` module (a proxy on which every property is a
// callable, constructible no-op returning a disposable-like proxy) and times require + activate().
// Prints {"requireMs":..,"activateMs":..} or {"error":...}. Run: node bench/activate.cjs
'use strict';
const Module = require('module');
const path = require('path');
const { performance } = require('perf_hooks');

function fake(name) {
  const fn = function () {};
  return new Proxy(fn, {
    get(_t, p) {
      if (p === 'then') return undefined; // not a thenable
      if (p === Symbol.toPrimitive) return () => 0;
      if (p === Symbol.iterator) return function* () {};
      if (p === 'length') return 0;
      return fake(`${name}.${String(p)}`);
    },
    apply() { return fake(`${name}()`); },
    construct() { return fake(`new ${name}`); },
  });
}
// A plain object holding every name @types/vscode exports (bundlers copy a module's own keys).
const dts = require('fs').readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
const vscode = {};
for (const m of dts.matchAll(/^\s{1,8}export (?:class|enum|namespace|function|const|let|var) (\w+)/gm)) vscode[m[1]] = fake(`vscode.${m[1]}`);
const load = Module._load;
Module._load = function (req, ...rest) { return req === 'vscode' ? vscode : load.call(this, req, ...rest); };

const file = path.join(__dirname, '..', 'dist', 'extension.js');
const mem = new Map();
const context = fake('context');
const ctx = new Proxy({}, {
  get(_t, p) {
    if (p === 'subscriptions') return (mem.get(p) ?? mem.set(p, []).get(p));
    if (p === 'extensionPath') return path.join(__dirname, '..');
    if (p === 'extensionUri') return fake('extensionUri');
    return context[p];
  },
});
(async () => {
  try {
    const t0 = performance.now();
    const ext = require(file);
    const t1 = performance.now();
    await ext.activate(ctx);
    const t2 = performance.now();
    console.log(JSON.stringify({ requireMs: t1 - t0, activateMs: t2 - t1, totalMs: t2 - t0 }));
  } catch (e) {
    console.log(JSON.stringify({ error: String(e && e.stack || e).split('\n').slice(0, 3).join(' | ') }));
  }
})();

// Runs a real VS Code (code-server 4.100.3, VS Code 1.100.3, Node extension host) with fresh state,
// driven by Debian's Chromium through playwright-core. Recipe and measurements: shared/vscode-host.md.
//
// The tools (code-server, playwright-core) live outside the project's package.json, in
// ${TAPIPKT_E2E_TOOLS:-<repo>/.e2e-tools}; `bash test/e2e/install-tools.sh` puts them there.
//
// Exports:
//   startCodeServer({ vsix, settings, env, label })  -> server handle ({ url, port, dir, stop(), ... })
//   launchBrowser()                                  -> { context, page, close() }
//   runInHostTests({ extensionDevelopmentPath, extensionTestsPath, workspace, timeoutMs })  -> exit code
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TOOLS = path.resolve(process.env.TAPIPKT_E2E_TOOLS || path.join(REPO, '.e2e-tools'));
export const CHROMIUM = process.env.TAPIPKT_E2E_CHROMIUM || '/usr/bin/chromium';

const CODE_SERVER_BIN = path.join(TOOLS, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

export const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'chat.commandCenter.enabled': false,
  'git.enabled': false,
  'files.hotExit': 'off',
};

function checkTools() {
  if (!fs.existsSync(CODE_SERVER_BIN) || !fs.existsSync(path.join(TOOLS, 'node_modules', 'playwright-core'))) {
    throw new Error(`code-server/playwright-core not found in ${TOOLS}: run \`bash test/e2e/install-tools.sh\` first`);
  }
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: run \`bash test/e2e/install-tools.sh\``);
}

/** playwright-core from the tools folder (an ESM import would ignore NODE_PATH). */
export function playwright() {
  checkTools();
  return createRequire(path.join(TOOLS, 'package.json'))('playwright-core');
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const live = new Set();
function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
}
process.on('exit', () => {
  for (const child of live) killGroup(child, 'SIGKILL');
});
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    for (const child of live) killGroup(child, 'SIGKILL');
    process.exit(128 + (sig === 'SIGINT' ? 2 : 15));
  });
}

function codeServerEnv(extra) {
  const env = { ...process.env, EXTENSIONS_GALLERY: '{}', CI: 'true', ...extra };
  // Keep our own Node flags (e.g. --import tsx) away from code-server's processes.
  delete env.NODE_OPTIONS;
  delete env.VSCODE_IPC_HOOK_CLI;
  return env;
}

function run(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CODE_SERVER_BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

async function waitHealthy(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) return false;
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return true;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs} ms`);
}

/**
 * Starts code-server with fresh state in a new temp dir.
 * @param {object} o
 * @param {string|string[]} [o.vsix]  .vsix file(s) to install first
 * @param {object} [o.settings]       merged over BASE_SETTINGS into User/settings.json
 * @param {object} [o.env]            extra environment for code-server
 * @param {string} [o.label]
 */
export async function startCodeServer({ vsix, settings = {}, env = {}, label = 'tapipkt-e2e' } = {}) {
  checkTools();
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), `${label}-`));
  const userDataDir = path.join(dir, 'user');
  const extensionsDir = path.join(dir, 'ext');
  const config = path.join(dir, 'empty.yaml');
  await fsp.mkdir(path.join(userDataDir, 'User'), { recursive: true });
  await fsp.mkdir(extensionsDir, { recursive: true });
  await fsp.writeFile(config, '');
  await fsp.writeFile(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...BASE_SETTINGS, ...settings }, null, 2),
  );
  const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--config', config];
  const fullEnv = codeServerEnv(env);

  for (const v of [vsix].flat().filter(Boolean)) {
    const { code, out } = await run([...common, '--install-extension', path.resolve(v)], fullEnv);
    if (code !== 0 || !/successfully installed/i.test(out)) {
      throw new Error(`installing ${v} failed (exit ${code}):\n${out}`);
    }
  }

  let lastErr = '';
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = spawn(
      process.execPath,
      [
        CODE_SERVER_BIN,
        ...common,
        '--bind-addr', `127.0.0.1:${port}`,
        '--auth', 'none',
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        '--ignore-last-opened',
      ],
      { env: fullEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    live.add(child);
    const serverLog = fs.createWriteStream(path.join(dir, `code-server-${attempt}.log`));
    let out = '';
    const onData = (d) => {
      serverLog.write(d);
      if (out.length < 20000) out += d;
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const exited = once(child, 'exit');

    if (await waitHealthy(url, child, 30000).catch((e) => (killGroup(child, 'SIGKILL'), Promise.reject(e)))) {
      let stopped = false;
      const stop = async () => {
        if (stopped) return;
        stopped = true;
        killGroup(child, 'SIGTERM');
        const t = setTimeout(() => killGroup(child, 'SIGKILL'), 3000);
        await exited;
        clearTimeout(t);
        killGroup(child, 'SIGKILL'); // leftovers of the group (extension host, pty host)
        live.delete(child);
        serverLog.end();
      };
      return {
        url,
        port,
        dir,
        userDataDir,
        extensionsDir,
        stop,
        /** Concatenated remoteexthost.log files of this run. */
        exthostLog: () => readExthostLogs(userDataDir),
        exthostLogFiles: () => findExthostLogs(userDataDir),
        /** Removes the temp state (call after stop()). */
        cleanup: () => fsp.rm(dir, { recursive: true, force: true }),
      };
    }
    live.delete(child);
    lastErr = out;
    serverLog.end();
  }
  throw new Error(`code-server exited before it was healthy (3 attempts):\n${lastErr}`);
}

export function findExthostLogs(userDataDir) {
  const logs = path.join(userDataDir, 'logs');
  const found = [];
  const walk = (d) => {
    let entries = [];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === 'remoteexthost.log' || e.name === 'exthost.log') found.push(p);
    }
  };
  walk(logs);
  return found.sort();
}

export function readExthostLogs(userDataDir) {
  return findExthostLogs(userDataDir)
    .map((f) => `==> ${f} <==\n${fs.readFileSync(f, 'utf8')}`)
    .join('\n');
}

export async function launchBrowser({ viewport = { width: 1400, height: 900 } } = {}) {
  const { chromium } = playwright();
  const profile = await fsp.mkdtemp(path.join(os.tmpdir(), 'tapipkt-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close().catch(() => {});
      await fsp.rm(profile, { recursive: true, force: true }).catch(() => {});
    },
  };
}

export function workbenchUrl(server, { folder, payload } = {}) {
  const q = [];
  if (folder) q.push(`folder=${encodeURIComponent(path.resolve(folder))}`);
  else q.push('ew=true');
  if (payload) q.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  return `${server.url}/?${q.join('&')}`;
}

// Workbench chatter that reaches codeAutomationLog on every run (shown with TAPIPKT_E2E_VERBOSE=1).
const WORKBENCH_NOISE =
  /^(Resolving connection token|Resolved connection token|Creating a socket|Ignoring fetching additional builtin extensions|\[Service Worker\]|ChatSessionStore:|Updating additional builtin extensions cache)/;
const asArray = (v) => [v].flat().filter(Boolean);
const remoteUri = (server, p) => `vscode-remote://127.0.0.1:${server.port}${path.resolve(p).split(path.sep).map(encodeURIComponent).join('/')}`;

/**
 * Runs an in-host test suite (a module exporting `run(): Promise<void>`, as for @vscode/test-electron)
 * inside code-server's Node extension host. Resolves to the exit code: 0 only when the workbench
 * reported 0 AND the extension host logged `Test runner finished successfully.`.
 */
export async function runInHostTests({
  extensionDevelopmentPath,
  extensionTestsPath,
  workspace,
  timeoutMs = 10 * 60 * 1000,
  settings = {},
  vsix,
  log = (line) => process.stdout.write(line.endsWith('\n') ? line : line + '\n'),
} = {}) {
  if (!extensionTestsPath) throw new Error('runInHostTests: extensionTestsPath is required');
  const t0 = Date.now();
  const server = await startCodeServer({ vsix, settings, label: 'tapipkt-inhost' });
  let browser;
  try {
    browser = await launchBrowser();
    const { page } = browser;
    let resolveExit;
    const exit = new Promise((r) => (resolveExit = r));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      // Extension host console output (mocha's reporter included) arrives here as console.log args.
      const text = Array.isArray(args) ? format(...args) : String(args ?? '');
      if (process.env.TAPIPKT_E2E_VERBOSE || !WORKBENCH_NOISE.test(text)) log(text);
    });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
    page.on('pageerror', (e) => log(`[page error] ${e.message}`));
    const payload = [
      ...asArray(extensionDevelopmentPath).map((p) => ['extensionDevelopmentPath', remoteUri(server, p)]),
      ['extensionTestsPath', remoteUri(server, extensionTestsPath)],
    ];
    await page.goto(workbenchUrl(server, { folder: workspace, payload }));
    let timer;
    const code = await Promise.race([
      exit,
      new Promise((r) => (timer = setTimeout(() => r('timeout'), timeoutMs))),
    ]);
    clearTimeout(timer);
    if (code === 'timeout') {
      log(`[runInHostTests] no result after ${timeoutMs} ms`);
      return 1;
    }
    if (code !== 0) return code || 1;
    // The workbench also reports 0 when the extension host died mid-run: trust 0 only with this line.
    const deadline = Date.now() + 5000;
    while (!server.exthostLog().includes('Test runner finished successfully.')) {
      if (Date.now() > deadline) {
        log('[runInHostTests] workbench reported 0, but remoteexthost.log has no "Test runner finished successfully." line: failing');
        log(server.exthostLog().split('\n').slice(-40).join('\n'));
        return 1;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return 0;
  } finally {
    await browser?.close();
    await server.stop();
    if (!process.env.TAPIPKT_E2E_KEEP) await server.cleanup();
    else log(`[runInHostTests] state kept in ${server.dir}`);
    log(`[runInHostTests] ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
}

#!/usr/bin/env node
// Issue 12, the language half, where only the UI shows it (code-server + Chromium, the
// extension loaded from this checkout as in "Debug in Extension Development Host"):
//   - Go to References (Shift+F12) on a field used once opens the peek view;
//   - Rename (F2) on a built-in name shows VS Code's inline message, no notification toast;
//   - the suggest widget after `lpContext = ` lists the number placeholders and no words of the
//     document, and a comment gets no word-based suggestions at all.
//
//   node test/e2e/language-ui.mjs          (needs the e2e tools: TAPIPKT_E2E_TOOLS, see code-server.mjs)
//
// Screenshots of every step go to test-results/e2e-language/ (look at them, not only at the exit code).
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { REPO, startCodeServer, launchBrowser, workbenchUrl } from './code-server.mjs';

const RESULTS = path.join(REPO, 'test-results', 'e2e-language');
const T = Number(process.env.TAPIPKT_E2E_TIMEOUT_MS || 20000);

const FILES = {
  'single-use.tapipkt': 'packet supportLogin: CreateAgentSession {\n  hLine = 0x00010002\n  hAgent = 7\n  lpGroupID = {6B29FC40-CA47-1067-B31D-00DD010662DA}\n}\n',
  'values.tapipkt': '// agents B29FC40 A a\npacket p: CreateAgentSession {\n  lpGroupID = null\n  lpContext = \n}\n',
};

execFileSync(process.execPath, [path.join(REPO, 'scripts', 'build.mjs')], { cwd: REPO, stdio: 'inherit' });
await fsp.rm(RESULTS, { recursive: true, force: true });
await fsp.mkdir(RESULTS, { recursive: true });
const workspace = await fsp.mkdtemp(path.join(os.tmpdir(), 'tapipkt-e2e-lang-'));
for (const [name, text] of Object.entries(FILES)) await fsp.writeFile(path.join(workspace, name), text);

let server;
let browser;
let page;
let n = 0;
let failed = false;
const shot = (name) => page.screenshot({ path: path.join(RESULTS, `${String(++n).padStart(2, '0')}-${name}.png`) });

async function step(name, fn) {
  process.stdout.write(`e2e-language: ${name} ...`);
  const t0 = Date.now();
  try {
    await fn();
    process.stdout.write(` ok (${((Date.now() - t0) / 1000).toFixed(2)} s)\n`);
    await shot(name.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 50));
  } catch (e) {
    // Each step stands alone: the others still run, so one run shows every failure.
    failed = true;
    process.stdout.write(` FAILED: ${e.message.split('\n')[0]}\n`);
    if (page) await shot(`FAILED-${name.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 40)}`).catch(() => {});
  }
}

const editor = '.editor-group-container.active .monaco-editor';

async function open(name) {
  const row = page.locator('.explorer-folders-view .monaco-list-row').filter({ hasText: name }).first();
  await row.waitFor({ state: 'visible', timeout: T });
  await row.dblclick();
  await page.locator(`.editor-group-container.active .tab.active .label-name`, { hasText: name }).waitFor({ timeout: T });
  await page.locator(`${editor} .view-lines .view-line`).first().waitFor({ timeout: T });
  // The extension has analysed the file once its CodeLens shows.
  await page.locator(`${editor} .codelens-decoration`).first().waitFor({ timeout: T });
}

/** Clicks into the word `word` (its n-th appearance as a token) in the active editor. */
async function clickWord(word, nth = 0) {
  const token = page.locator(`${editor} .view-line span span`, { hasText: new RegExp(`^${word}$`) }).nth(nth);
  await token.click();
}

async function suggestions() {
  await page.keyboard.press('Control+Space');
  const widget = page.locator('.suggest-widget.visible');
  const shown = await widget.waitFor({ timeout: 5000 }).then(() => true, () => false);
  if (!shown) return [];
  await widget.locator('.monaco-list-row').first().waitFor({ timeout: 5000 }).catch(() => {});
  return widget.locator('.monaco-list-row .label-name').allTextContents();
}

try {
  server = await startCodeServer({
    settings: { 'workbench.editor.enablePreview': false, 'editor.minimap.enabled': false, 'editor.codeLens': true },
    label: 'tapipkt-e2e-lang',
  });
  browser = await launchBrowser();
  page = browser.page;
  const payload = [['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${server.port}${REPO.split(path.sep).map(encodeURIComponent).join('/')}`]];
  await page.goto(workbenchUrl(server, { folder: workspace, payload }));
  await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60000 });

  await step('Shift+F12 on a field used once opens the peek view', async () => {
    await open('single-use.tapipkt');
    await clickWord('hAgent');
    await page.keyboard.press('Shift+F12');
    const title = page.locator('.peekview-widget .peekview-title');
    await title.waitFor({ timeout: T });
    const text = (await title.textContent()) ?? '';
    if (!/References \(2\)/.test(text)) throw new Error(`peek title: ${text}`);
    // The tree lists the catalog's declaration beside the use.
    await page.locator('.peekview-widget .monaco-list-row', { hasText: 'requests-line.tapipkt' }).first().waitFor({ timeout: T });
  });
  await page.keyboard.press('Escape');

  await step('F2 on a built-in name shows the inline refusal and no toast', async () => {
    await clickWord('CreateAgentSession');
    await page.keyboard.press('F2');
    const msg = page.locator('.monaco-editor-overlaymessage', { hasText: 'cannot be renamed' });
    await msg.waitFor({ timeout: T });
    const toasts = await page.locator('.notifications-toasts .notification-toast').allTextContents();
    if (toasts.some((t) => /rename/i.test(t))) throw new Error(`a toast: ${toasts.join(' | ')}`);
    if (await page.locator('.rename-box input:visible').count()) throw new Error('the rename box opened');
  });
  await page.keyboard.press('Escape');

  await step('the value of a plain u32 suggests number placeholders, no words', async () => {
    await open('values.tapipkt');
    await page.locator(`${editor} .view-line`, { hasText: 'lpContext' }).first().click();
    await page.keyboard.press('End');
    const labels = await suggestions();
    if (JSON.stringify(labels) !== JSON.stringify(['0x00000000', '0'])) throw new Error(`suggestions: ${labels.join(', ')}`);
  });
  await page.keyboard.press('Escape');

  await step('a comment gets no word-based suggestions', async () => {
    await page.locator(`${editor} .view-line`, { hasText: 'agents' }).first().click();
    await page.keyboard.press('End');
    await page.keyboard.type(' a');
    const labels = await suggestions();
    if (labels.length) throw new Error(`suggestions in a comment: ${labels.join(', ')}`);
  });
} catch (e) {
  failed = true;
  console.error(`e2e-language: ${e.stack || e.message}`);
} finally {
  await browser?.close();
  await server?.stop();
  if (!process.env.TAPIPKT_E2E_KEEP) {
    await server?.cleanup();
    await fsp.rm(workspace, { recursive: true, force: true });
  }
}
console.log(`e2e-language: ${failed ? 'FAILED' : 'passed'}; screenshots in ${path.relative(REPO, RESULTS)}/`);
process.exit(failed ? 1 : 0);

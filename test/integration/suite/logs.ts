/**
 * The extension's log files ("tapipkt" LogOutputChannel): `<logs>/<session>/exthost*\/tapipkt.tapipkt/tapipkt.log`
 * under code-server's user data folder (next to its session socket) or test-electron's: where the
 * in-host tests look for logged failures.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export function logFiles(): string[] {
  const roots = [
    process.env['CODE_SERVER_SESSION_SOCKET'] ? path.dirname(process.env['CODE_SERVER_SESSION_SOCKET']) : '',
    path.join(process.env['VSCODE_CWD'] ?? process.cwd(), '.vscode-test', 'user-data'),
  ].filter((r) => r !== '');
  const out: string[] = [];
  for (const root of roots) {
    const logs = path.join(root, 'logs');
    if (!fs.existsSync(logs)) continue;
    for (const session of fs.readdirSync(logs)) {
      const dir = path.join(logs, session);
      if (!fs.statSync(dir).isDirectory()) continue;
      for (const host of fs.readdirSync(dir).filter((n) => n.startsWith('exthost'))) {
        const f = path.join(dir, host, 'tapipkt.tapipkt', 'tapipkt.log');
        if (fs.existsSync(f)) out.push(f);
      }
    }
  }
  return out;
}

/** The text of every log file, or undefined when there is none. */
export function logText(): string | undefined {
  const texts = logFiles().map((f) => fs.readFileSync(f, 'utf8'));
  return texts.length ? texts.join('\n') : undefined;
}

// A fresh temp copy of test/integration/fixtures for each run (the suite writes files into it).
import fsp from 'node:fs/promises';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export async function prepareWorkspace() {
  const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
  const path = await fsp.mkdtemp(join(os.tmpdir(), 'tapipkt-it-ws-'));
  await fsp.cp(fixtures, path, { recursive: true });
  return { path, remove: () => (process.env.TAPIPKT_E2E_KEEP ? Promise.resolve() : fsp.rm(path, { recursive: true, force: true })) };
}

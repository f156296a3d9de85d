/**
 * `tapipkt.generateMutants` (palette and packet CodeLens): asks a mode (valid, break, raw, or
 * all three) and a count, writes the mutants of the packet as JSON lines (the CLI's `tapipkt
 * mutate` lines) to a `.jsonl` beside the file, and says how many it wrote per mode and per
 * rule. `tapipkt.test.generateMutants` ("MODE COUNT", user settings, trusted workspace)
 * answers both questions for automated tests. Returns the file's URI, for tests.
 */
import * as vscode from 'vscode';
import { builtinScope } from '../../src/catalog/index.js';
import { createMutator, MUTATION_MODES, type MutationMode } from '../../src/codec/index.js';
import type { TapipktContext } from '../context.js';
import { writeAtomically, testSetting } from './encode-to-file-command.js';
import { baseName, packetTarget } from './packet-target.js';

/** The most mutants one command writes (the CLI streams any number; the editor holds them in memory). */
const MAX_COUNT = 100_000;

async function askMode(ext: TapipktContext): Promise<{ modes: MutationMode[]; count: number } | undefined> {
  const fixed = testSetting(ext, 'test.generateMutants');
  if (fixed !== undefined) {
    const [mode, count] = fixed.split(/\s+/);
    const modes = mode === 'all' ? [...MUTATION_MODES] : MUTATION_MODES.filter((m) => m === mode);
    return modes.length ? { modes, count: Math.min(MAX_COUNT, Math.max(1, Number(count) || 100)) } : undefined;
  }
  const pick = await vscode.window.showQuickPick(
    [
      { label: 'valid', description: 'break no server rule; every offset and size recomputed', modes: ['valid'] as MutationMode[] },
      { label: 'break', description: 'each breaks exactly one server rule (its code named)', modes: ['break'] as MutationMode[] },
      { label: 'raw', description: "break the layout's own offsets, sizes, NULs and length", modes: ['raw'] as MutationMode[] },
      { label: 'all three', description: 'the count for each mode', modes: [...MUTATION_MODES] },
    ],
    { title: 'tapipkt: which mutants?' },
  );
  if (!pick) return undefined;
  const text = await vscode.window.showInputBox({
    title: 'tapipkt: how many mutants?',
    value: '100',
    validateInput: (v) => (/^[0-9]+$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= MAX_COUNT ? undefined : `a whole number from 1 to ${MAX_COUNT}`),
  });
  if (text === undefined) return undefined;
  return { modes: pick.modes, count: Number(text.trim()) };
}

export function registerMutantsCommand(ext: TapipktContext): void {
  ext.own(
    vscode.commands.registerCommand(
      'tapipkt.generateMutants',
      ext.guard('Generate Mutants', async (uri?: unknown, name?: unknown): Promise<vscode.Uri | undefined> => {
        const t = await packetTarget(ext, uri, name);
        if (!t || !t.packet.request) return undefined;
        const ask = await askMode(ext);
        if (!ask) return undefined;
        const lines: string[] = [];
        const perRule = new Map<string, number>();
        const perMode: string[] = [];
        const notes: string[] = [];
        for (const mode of ask.modes) {
          const m = createMutator(builtinScope(), t.packet.request, mode);
          if ('error' in m) {
            notes.push(`${mode}: ${m.error.message}`);
            continue;
          }
          notes.push(...m.notes);
          let n = 0;
          for (const x of m.run({ count: ask.count })) {
            lines.push(JSON.stringify(x));
            n++;
            if (x.mutation.rule) perRule.set(`${x.mutation.field} ${x.mutation.rule}`, (perRule.get(`${x.mutation.field} ${x.mutation.rule}`) ?? 0) + 1);
          }
          perMode.push(`${n} ${mode}`);
        }
        if (lines.length === 0) {
          void vscode.window.showWarningMessage(`tapipkt: no mutants of '${t.packet.name}': ${notes.join('; ')}`);
          return undefined;
        }
        const stem = baseName(t.doc).replace(/\.tapipkt$/i, '');
        const dir = t.doc.isUntitled ? vscode.workspace.workspaceFolders?.[0]?.uri : vscode.Uri.joinPath(t.doc.uri, '..');
        if (!dir) {
          void vscode.window.showWarningMessage('tapipkt: save the file first: the mutants are written beside it.');
          return undefined;
        }
        const target = vscode.Uri.joinPath(dir, `${stem}-${t.packet.name}-mutants.jsonl`);
        await writeAtomically(target, new TextEncoder().encode(lines.join('\n') + '\n'));
        const rules = [...perRule].map(([r, n]) => `${r} x${n}`).join(', ');
        ext.log.info(`mutants of ${t.packet.name} -> ${target.fsPath}: ${perMode.join(', ')}${rules ? `; per rule: ${rules}` : ''}${notes.length ? `; ${notes.join('; ')}` : ''}`);
        void vscode.window.showInformationMessage(
          `tapipkt: wrote ${perMode.join(', ')} mutants of '${t.packet.name}' to ${target.path.slice(target.path.lastIndexOf('/') + 1)}${rules ? ` (per rule: ${rules})` : ''}`,
        );
        return target;
      }),
    ),
  );
}

/**
 * A small argument parser: flags with values (`--format hex`, `--format=hex`, `-o out`),
 * boolean flags, and positionals. Unknown flags are errors, reported by the caller.
 */
export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string | true>;
  unknown: string[];
}

/** Parses argv given which flags take a value and which are booleans. */
export function parseArgs(argv: readonly string[], valued: readonly string[], booleans: readonly string[]): ParsedArgs | { error: string } {
  const flags = new Map<string, string | true>();
  const positionals: string[] = [];
  const unknown: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-' || !a.startsWith('-')) {
      positionals.push(a);
      continue;
    }
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    if (valued.includes(name)) {
      const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined) return { error: `${name} needs a value` };
      flags.set(name, v);
    } else if (booleans.includes(name) && eq < 0) flags.set(name, true);
    else unknown.push(a);
  }
  return { positionals, flags, unknown };
}

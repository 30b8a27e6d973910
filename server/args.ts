/** Parsed command line: positional words and `--flag value` / `--flag` options (repeatable). */
export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string[]>;
}

/** Parses `--name value`, `--name=value` and bare `--name` (true); `booleans` never take a value. */
export function parseArgs(argv: string[], booleans: ReadonlySet<string>): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string[]>();
  const add = (name: string, value: string) => flags.set(name, [...(flags.get(name) ?? []), value]);
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    if (eq > 0) {
      add(arg.slice(2, eq), arg.slice(eq + 1));
    } else if (booleans.has(arg.slice(2))) {
      add(arg.slice(2), 'true');
    } else {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new Error(`${arg} needs a value`);
      add(arg.slice(2), value);
      i += 1;
    }
  }
  return { positional, flags };
}

/** The last value given for a flag, or undefined. */
export function flag(args: ParsedArgs, name: string): string | undefined {
  const values = args.flags.get(name);
  return values?.[values.length - 1];
}

/** Parsed command line of `npm run bench`. */
export interface RunOptions {
  size: 'tiny' | 'default';
  only: string[] | null;
  seed: number;
  jsonOut: string | null;
  /** `--<bench>.<param> N` overrides, keyed "bench.param". */
  overrides: Map<string, number>;
  keepWorkDir: boolean;
  /** `--cap-minutes N`: a benchmark's time cap instead of the size's (a million-row seed on a loaded machine). */
  capMinutes: number | null;
}

export const USAGE = `usage: npm run bench -- [--size tiny|default] [--tiny] [--only a,b] [--seed N]
                        [--json-out FILE] [--<bench>.<param> N ...] [--keep] [--cap-minutes N]
benchmarks: fanout, send, ingest, catchup, search, open, streams, renderer, memory,
            search-server, fanout-cluster
e.g. npm run bench -- --only fanout,send --fanout.clients 200`;

/** Parses argv (without node and script); throws with a usage hint on anything unknown. */
export function parseArgs(argv: string[]): RunOptions {
  const options: RunOptions = {
    size: 'default',
    only: null,
    seed: 42,
    jsonOut: null,
    overrides: new Map(),
    keepWorkDir: false,
    capMinutes: null,
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      i += 1;
      return next;
    };
    if (flag === '--tiny') options.size = 'tiny';
    else if (flag === '--keep') options.keepWorkDir = true;
    else if (flag === '--size') {
      const size = value();
      if (size !== 'tiny' && size !== 'default') throw new Error(`--size must be tiny or default\n${USAGE}`);
      options.size = size;
    } else if (flag === '--only')
      options.only = value()
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    else if (flag === '--seed') options.seed = Number(value());
    else if (flag === '--json-out') options.jsonOut = value();
    else if (flag === '--cap-minutes') {
      const minutes = Number(value());
      if (!(minutes > 0)) throw new Error(`--cap-minutes needs a positive number\n${USAGE}`);
      options.capMinutes = minutes;
    } else if (flag === '--help' || flag === '-h') throw new Error(USAGE);
    else if (/^--[a-z][a-z-]*\.[a-zA-Z]+$/.test(flag)) {
      const n = Number(value());
      if (!Number.isFinite(n)) throw new Error(`${flag} needs a number`);
      options.overrides.set(flag.slice(2), n);
    } else throw new Error(`unknown option ${arg}\n${USAGE}`);
  }
  if (!Number.isInteger(options.seed)) throw new Error('--seed must be an integer');
  return options;
}

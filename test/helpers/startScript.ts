// Runs `npm start` (scripts/start.mjs) as a child process and watches what it prints.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');

/** A running start script: everything it printed so far, its exit, and a way to wait for a line. */
export interface StartRun {
  child: ChildProcessWithoutNullStreams;
  output(): string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** Resolves with the first match of `pattern` in the output; rejects if the script exits first or after timeoutMs. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Kills the script if it still runs (SIGKILL): for `finally` blocks. */
  kill(): void;
}

/** Starts scripts/start.mjs with `env` and `args`. */
export function runStartScript(env: NodeJS.ProcessEnv, args: string[] = []): StartRun {
  const child = spawn(process.execPath, [join(root, 'scripts/start.mjs'), ...args], {
    cwd: root,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return {
    child,
    output: () => output,
    exited,
    async waitFor(pattern, timeoutMs = 150_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const match = pattern.exec(output);
        if (match) return match;
        if (Date.now() > until || child.exitCode !== null)
          throw new Error(`no ${String(pattern)} in the output of npm start:\n${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    kill: () => {
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/*
 * Load generators and servers under test run in their own processes so the figure of one is not
 * the event loop of another, and so RSS can be read per process. Parent and worker talk over the
 * fork IPC channel with a tiny request/reply protocol.
 */

interface Reply {
  replyTo: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

const live = new Set<ChildProcess>();

/** A worker process started by `startWorker`. */
export interface Worker {
  pid: number;
  /** Sends a command and resolves with the worker's reply (rejects on its error or exit). */
  call<T = unknown>(command: string, args?: unknown, timeoutMs?: number): Promise<T>;
  /** Kills the worker and waits for it to exit. */
  stop(): Promise<void>;
}

/** Starts bench/workers/<name>.ts under tsx with the fork IPC channel. */
export async function startWorker(
  name: string,
  options: { execArgv?: string[]; env?: NodeJS.ProcessEnv } = {},
): Promise<Worker> {
  const file = fileURLToPath(new URL(`../workers/${name}.ts`, import.meta.url));
  // BENCH_PROFILE_DIR=<dir> writes a V8 CPU profile of every worker (see docs/performance.md).
  const profile = process.env.BENCH_PROFILE_DIR
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
    : [];
  const child = fork(file, [], {
    execArgv: ['--import', 'tsx', ...profile, ...(options.execArgv ?? [])],
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  live.add(child);
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let exited = false;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = true;
      live.delete(child);
      for (const p of pending.values()) p.reject(new Error(`worker ${name} exited (${code ?? signal})`));
      pending.clear();
      resolve();
    });
  });
  child.on('message', (message: Reply) => {
    const waiter = pending.get(message.replyTo);
    if (!waiter) return;
    pending.delete(message.replyTo);
    if (message.ok) waiter.resolve(message.result);
    else waiter.reject(new Error(`${name}: ${message.error ?? 'failed'}`));
  });
  const worker: Worker = {
    pid: child.pid!,
    call<T>(command: string, args?: unknown, timeoutMs = 120_000): Promise<T> {
      if (exited) return Promise.reject(new Error(`worker ${name} has exited`));
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${name}.${command} timed out after ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, {
          resolve: (v) => {
            clearTimeout(timer);
            resolve(v as T);
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        });
        child.send({ id, command, args });
      });
    },
    async stop(): Promise<void> {
      // A clean exit first (so --cpu-prof can write its profile), then the hard way.
      if (!exited) child.send({ id: 0, command: 'exit' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
      await exitPromise;
      clearTimeout(timer);
    },
  };
  await worker.call('ready', undefined, 30_000);
  return worker;
}

/** Kills every worker still running (on a benchmark's failure or timeout, and at exit). */
export async function stopAllWorkers(): Promise<void> {
  const waits = [...live].map(
    (child) =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  );
  await Promise.all(waits);
}

process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

type Handler = (args: never) => unknown;

/** Worker side: answers the parent's commands with these handlers (plus the built-in `ready`). */
export function serveCommands(handlers: Record<string, Handler>): void {
  if (!process.send) throw new Error('a bench worker must be started with fork()');
  // Parent gone (killed or crashed): do not linger holding sockets.
  process.on('disconnect', () => process.exit(0));
  process.on('message', (message: { id: number; command: string; args: unknown }) => {
    const reply = (body: Omit<Reply, 'replyTo'>): void => {
      process.send?.({ replyTo: message.id, ...body });
    };
    if (message.command === 'ready') return reply({ ok: true });
    if (message.command === 'exit') return process.exit(0);
    const handler = handlers[message.command];
    if (!handler) return reply({ ok: false, error: `unknown command ${message.command}` });
    Promise.resolve()
      .then(() => handler(message.args as never))
      .then(
        (result) => reply({ ok: true, result }),
        (error: unknown) => reply({ ok: false, error: error instanceof Error ? error.message : String(error) }),
      );
  });
}

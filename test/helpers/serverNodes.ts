// Server nodes as real processes (`npm run server`), for tests of several nodes on one database.
import { spawn, type ChildProcess } from 'node:child_process';
import type { TestStorage } from './storage';

/** One running server process. */
export interface ServerNode {
  url: string;
  port: number;
  child: ChildProcess;
}

/** Starts `npm run server` on the storage and resolves once it listens (`--demo` seeds it first). */
export function startServerNode(
  storage: TestStorage,
  options: { demo?: boolean; args?: readonly string[] } = {},
): Promise<ServerNode> {
  const args = [
    ...['--import', 'tsx', 'server/cli.ts', '--port', '0', ...storage.cliArgs, '--log-level', 'error'],
    ...(options.args ?? []),
  ];
  const child = spawn(process.execPath, options.demo ? [...args, '--demo'] : args, {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(out);
      if (match) resolve({ url: match[1]!, port: Number(match[2]), child });
    });
    child.once('exit', (code) => reject(new Error(`server node exited early with ${code}`)));
  });
}

/** Stops a node (SIGTERM, or SIGKILL for a crash) and resolves once the process has exited. */
export function stopServerNode(node: ServerNode, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  return new Promise((resolve) => {
    if (node.child.exitCode !== null || node.child.signalCode !== null) return resolve();
    node.child.once('exit', () => resolve());
    node.child.kill(signal);
  });
}

// The browser host from the command line (used by `npm start` and by hand):
//   node --import tsx main/browserHost/cli.ts --data <dir> [--port 0] [--server-url http://127.0.0.1:4600]
// Prints the one URL (with its per-launch token) to open in a browser.
import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import { DEMO_ACCOUNTS } from '../../shared/domain/demo';
import { DEFAULT_SERVER_PORT } from '../../shared/protocol/limits';
import { startBrowserHost } from './host';

const root = resolve(import.meta.dirname, '..', '..');
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    data: { type: 'string', default: join(root, '.tributary-dev', 'browser-host') },
    'server-url': { type: 'string', default: `http://127.0.0.1:${DEFAULT_SERVER_PORT}` },
    renderer: { type: 'string', default: join(root, 'dist', 'renderer') },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, got ${values.port}`);
  process.exit(2);
}

const host = await startBrowserHost({
  port,
  rendererDir: values.renderer,
  dataDir: values.data,
  defaults: { serverUrl: values['server-url'], demoAccounts: [...DEMO_ACCOUNTS] },
});
console.log(`Tributary browser host: open ${host.url}`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await host.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

// The browser host from the command line (used by `npm start` and by hand):
//   node --import tsx main/browserHost/cli.ts --data <dir> [--port N] [--server-url http://127.0.0.1:4600]
//     [--downloads <dir>]  (where compliance exports are saved; default ~/Downloads)
// Prints the one URL (with its token) to open in a browser. Without --port it listens where the last
// launch from this data folder did (else 4610, else any free port), with the same token and page
// sessions, so restarting it signs nobody out and open tabs reconnect.
import { parseArgs } from 'node:util';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEMO_ACCOUNTS } from '../../shared/domain/demo';
import { DEFAULT_SERVER_PORT } from '../../shared/protocol/limits';
import { startBrowserHost } from './host';
import { browserHostLogFile, browserHostLogger } from './log';

/** The port a browser host tries first when neither --port nor an earlier launch says otherwise. */
export const DEFAULT_BROWSER_HOST_PORT = 4610;

const root = resolve(import.meta.dirname, '..', '..');
const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    data: { type: 'string', default: join(root, '.tributary-dev', 'browser-host') },
    'server-url': { type: 'string', default: `http://127.0.0.1:${DEFAULT_SERVER_PORT}` },
    renderer: { type: 'string', default: join(root, 'dist', 'renderer') },
    downloads: { type: 'string', default: join(homedir(), 'Downloads') },
  },
});

const port = values.port === undefined ? undefined : Number(values.port);
if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
  console.error(`--port must be a port number, got ${values.port}`);
  process.exit(2);
}

const logFile = browserHostLogFile(values.data);
const logger = browserHostLogger(logFile);
const host = await startBrowserHost({
  ...(port === undefined ? { preferredPort: DEFAULT_BROWSER_HOST_PORT } : { port }),
  rendererDir: values.renderer,
  dataDir: values.data,
  defaults: { serverUrl: values['server-url'], demoAccounts: [...DEMO_ACCOUNTS] },
  logger,
  about: { logsFolder: join(values.data, 'logs') },
  downloadsDir: values.downloads,
});
console.log(`Tributary browser host: open ${host.url}`);
console.log(`(logs in ${logFile})`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await host.close();
  logger.info('browser host stopped');
  logger.flush();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

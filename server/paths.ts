import { homedir } from 'node:os';
import { join } from 'node:path';

/** The OS per-user app-data folder + Tributary/server: where the server keeps its data by default. */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Tributary', 'server');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Tributary', 'server');
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'Tributary', 'server');
}

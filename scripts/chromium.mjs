// Finds a Chromium for Playwright: CHROMIUM_PATH, Debian's /usr/bin/chromium, or (on machines with
// internet) Playwright's own download, signalled by returning undefined.
import { existsSync } from 'node:fs';

/**
 * Flags for headless Chromium on our machines: as root (no sandbox), without a GPU, and without the
 * background networking that a closed network refuses many times a second.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  return CANDIDATES.find((p) => existsSync(p)) ?? undefined;
}

export const CHROMIUM_HINT =
  'No Chromium found: install it (Debian/Ubuntu: `sudo apt-get install chromium`), set CHROMIUM_PATH, or run `npx playwright install chromium` where the internet is reachable.';

// `npm start` end to end on a machine without Electron's binary (like ours): it builds if needed,
// starts the demo server, says in one line that it falls back to the browser host, prints a URL that
// serves the app, and Ctrl+C stops everything.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runStartScript } from '../helpers/startScript';

const HOST_URL = /open (http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43})/;

it('starts server + browser host, serves the app, and stops cleanly on SIGINT', { timeout: 180_000 }, async () => {
  const appData = mkdtempSync(join(tmpdir(), 'tributary-start-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TRIBUTARY_APPDATA: appData,
    // an empty desktop cache: whatever an earlier `npm start` installed on this machine is not used
    TRIBUTARY_DESKTOP_CACHE: join(appData, 'desktop'),
    // No download attempt from a test: tests reach nothing beyond this machine.
    ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
  };
  delete env.ELECTRON_OVERRIDE_DIST_PATH;
  delete env.TRIBUTARY_BROWSER_HOST;
  const run = runStartScript(env);
  try {
    const hostUrl = (await run.waitFor(HOST_URL))[1]!;
    const fallbackLines = run
      .output()
      .split('\n')
      .filter((l) => l.includes('browser host') && !l.includes('http'));
    expect(fallbackLines).toEqual([
      "Electron's binary is not installed and ELECTRON_SKIP_BINARY_DOWNLOAD=1 skips its download; opening the browser host instead.",
    ]);
    const serverUrl = /Starting the Tributary server on (http:\/\/127\.0\.0\.1:\d+)/.exec(run.output())?.[1];
    expect(serverUrl).toBeDefined();
    expect((await fetch(`${serverUrl}/api/health`)).status).toBe(200);
    // the launch URL trades its token for a page-session cookie and redirects to the page
    const launch = await fetch(hostUrl, { redirect: 'manual' });
    expect(launch.status).toBe(303);
    const pageUrl = new URL(launch.headers.get('location') ?? '', hostUrl);
    const cookie = (launch.headers.get('set-cookie') ?? '').split(';')[0]!;
    const page = await fetch(pageUrl, { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    expect(existsSync(join(appData, 'server'))).toBe(true);
    expect(existsSync(join(appData, 'browser-host'))).toBe(true);

    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    // Both children are gone: neither the server nor the host answers any more.
    await expect(fetch(`${serverUrl}/api/health`)).rejects.toThrow();
    await expect(fetch(hostUrl)).rejects.toThrow();
  } finally {
    run.kill();
    rmSync(appData, { recursive: true, force: true });
  }
});

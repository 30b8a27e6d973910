// `npm start` end to end on a machine without Electron's binary (like ours): it builds if needed,
// starts the demo server, says in one line that it falls back to the browser host, prints a URL that
// serves the app, and Ctrl+C stops everything.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');

it('starts server + browser host, serves the app, and stops cleanly on SIGINT', { timeout: 180_000 }, async () => {
  // Where Electron's binary is installed, the browser host is asked for explicitly (a test never starts Electron).
  const electronInstalled = existsSync(join(root, 'node_modules/electron/path.txt'));
  const appData = mkdtempSync(join(tmpdir(), 'tributary-start-'));
  const child = spawn(process.execPath, [join(root, 'scripts/start.mjs')], {
    cwd: root,
    // No download attempt from a test: tests reach nothing beyond this machine.
    env: {
      ...process.env,
      TRIBUTARY_APPDATA: appData,
      ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
      ...(electronInstalled ? { TRIBUTARY_BROWSER_HOST: '1' } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  try {
    const until = Date.now() + 150_000;
    let hostUrl: string | undefined;
    while (!hostUrl) {
      if (Date.now() > until || child.exitCode !== null) throw new Error(`no host URL; output:\n${output}`);
      hostUrl = /open (http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43})/.exec(output)?.[1];
      await new Promise((r) => setTimeout(r, 100));
    }
    const fallbackLines = output.split('\n').filter((l) => l.includes('browser host') && !l.includes('http'));
    expect(fallbackLines).toEqual([
      electronInstalled
        ? 'Opening the browser host (asked for with --browser-host).'
        : "Electron's binary is not installed and cannot be downloaded now (it needs the internet); opening the browser host instead.",
    ]);
    const serverUrl = /Starting the Tributary server on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
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

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    // Both children are gone: neither the server nor the host answers any more.
    await expect(fetch(`${serverUrl}/api/health`)).rejects.toThrow();
    await expect(fetch(hostUrl)).rejects.toThrow();
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(appData, { recursive: true, force: true });
  }
});

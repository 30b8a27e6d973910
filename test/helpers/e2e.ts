// E2E fixture: a real sync server (demo org, temp folder, cheap scrypt) and real browser hosts serving
// the built renderer (dist/renderer), plus page helpers that drive the UI the way a user does. One
// environment per spec file; the server can be stopped and restarted on the same port and data. Each
// signed-in user gets a browser host of their own (a laptop of their own: one data folder, one core).
// Server and hosts log to files in the environment's folder, which logs.spec.ts reads.
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServer, type RunningServer } from '../../server/app';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../shared/domain/demo';
import { startBrowserHost, type BrowserHost } from '../../main/browserHost/index';
import { browserHostLogFile, browserHostLogger } from '../../main/browserHost/log';
import { createClientCore } from '../../main/core/index';
import { connect, login as httpLogin, request, type ClientSocket } from './server';

const ROOT = resolve(import.meta.dirname, '..', '..');
export const SCREENSHOT_DIR = join(ROOT, 'test-results', 'screenshots');
const TEST_SCRYPT_COST = 1024;

/** One spec file's world: server + browser host in temp folders. */
export interface E2EEnv {
  serverUrl: string;
  serverPort: number;
  hostUrl: string;
  /** The first browser host (a spec's own extra hosts come from `newHost`). */
  host: BrowserHost;
  /** Starts another browser host with a data folder of its own (another user's laptop). */
  newHost(): Promise<BrowserHost>;
  /** Stops a host and starts it again on the same data folder (an app restart on the same laptop). */
  restartHost(host: BrowserHost): Promise<BrowserHost>;
  /** The log files the server and every host wrote so far. */
  logFiles(): string[];
  server(): RunningServer;
  /** Stops the server (clients see it as offline). */
  stopServer(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  restartServer(): Promise<void>;
  close(): Promise<void>;
}

async function launchServer(dataDir: string, port: number): Promise<RunningServer> {
  // every request logged: what the log check reads for tokens, passwords and bodies
  const logFile = join(dataDir, '..', 'server.log');
  return startServer({ dataDir, port, demo: true, logLevel: 'debug', logFile, scryptCost: TEST_SCRYPT_COST });
}

/**
 * One server and browser host for the whole spec file: registers the file's beforeAll/afterAll and
 * returns the environment's getter (valid inside tests).
 */
export function useE2EEnv(): () => E2EEnv {
  let env: E2EEnv | undefined;
  test.beforeAll(async () => {
    env = await startE2E();
  });
  test.afterAll(async () => {
    await env?.close();
  });
  return () => {
    if (!env) throw new Error('the E2E environment is not started (use it inside a test)');
    return env;
  };
}

/** Starts a server on a free port and a browser host in front of the built renderer. */
export async function startE2E(): Promise<E2EEnv> {
  const root = mkdtempSync(join(tmpdir(), 'tributary-e2e-'));
  const serverDir = join(root, 'server');
  mkdirSync(serverDir);
  let server: RunningServer | null = await launchServer(serverDir, 0);
  const port = server.port;
  const serverUrl = server.url;
  const hostDirs: string[] = [];
  const live = new Set<BrowserHost>();
  const launchHost = async (dataDir: string, port?: number): Promise<BrowserHost> => {
    const h = await startBrowserHost({
      ...(port === undefined ? {} : { port }),
      rendererDir: join(ROOT, 'dist', 'renderer'),
      dataDir,
      defaults: { serverUrl, demoAccounts: [...DEMO_ACCOUNTS] },
      logger: browserHostLogger(browserHostLogFile(dataDir)),
      about: { logsFolder: join(dataDir, 'logs') },
      // Short reconnect delays so "the server is back" shows within a test's patience.
      createCore: (options) => createClientCore({ ...options, reconnect: { minDelayMs: 100, maxDelayMs: 1000 } }),
    });
    live.add(h);
    return h;
  };
  const newHost = async (): Promise<BrowserHost> => {
    const dir = join(root, `host-${hostDirs.length}`);
    hostDirs.push(dir);
    return launchHost(dir, 0);
  };
  const host = await newHost();
  return {
    serverUrl,
    serverPort: port,
    hostUrl: host.url,
    host,
    newHost,
    async restartHost(h) {
      await h.close();
      live.delete(h);
      // same data folder and, as the CLI does, the port of the last launch
      return launchHost(join(h.coreDataDir, '..'));
    },
    logFiles: () => [join(root, 'server.log'), ...hostDirs.map((d) => browserHostLogFile(d))],
    server() {
      if (!server) throw new Error('the server is stopped');
      return server;
    },
    async stopServer() {
      await server?.close();
      server = null;
    },
    async restartServer() {
      if (server) return;
      server = await launchServer(serverDir, port);
    },
    async close() {
      await Promise.all([...live].map((h) => h.close()));
      await server?.close();
      server = null;
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A signed-in user in their own browser context, with a browser host (data folder, core) of their own. */
export interface AppUser {
  context: BrowserContext;
  page: Page;
  email: string;
  host: BrowserHost;
  /** Uncaught page errors so far (a healthy app has none). */
  errors: string[];
}

/**
 * Opens the app in a fresh context and records page errors so tests can assert there were none. The
 * app speaks the browser's language: specs read English text, so English unless a spec asks otherwise.
 */
export async function openApp(
  browser: Browser,
  env: E2EEnv,
  { locale = 'en-US', host = env.host }: { locale?: string; host?: BrowserHost } = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(host.url);
  return { context, page, errors };
}

/**
 * Records every CSP violation of the context's pages from their first script on, as `directive
 * blockedURI` in `window.__csp` (call before the page loads).
 */
export async function recordCspViolations(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI}`));
  });
}

/** The CSP violations recorded in this page so far (see recordCspViolations). */
export function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => [...(window as unknown as { __csp: string[] }).__csp]);
}

/** Fills the login form like a user and waits for the result (the sidebar, or an error). */
export async function submitLogin(page: Page, email: string, password: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Sign in' });
  await expect(form).toBeVisible();
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password').fill(password);
  await form.getByRole('button', { name: 'Sign in' }).click();
}

/** Opens the app on a new browser host and signs in as a demo user; resolves once the streams show. */
export async function signIn(browser: Browser, env: E2EEnv, email: string): Promise<AppUser> {
  const host = await env.newHost();
  const { context, page, errors } = await openApp(browser, env, { host });
  await submitLogin(page, email, DEMO_PASSWORD);
  await expect(page.getByRole('navigation', { name: 'Streams' })).toBeVisible();
  await expect(page.getByTestId('stream-item').first()).toBeVisible();
  return { context, page, email, errors, host };
}

/** The sidebar button of a stream (its accessible name starts with the stream's name). */
export function streamButton(page: Page, name: string) {
  return page
    .getByTestId('stream-item')
    .filter({ has: page.locator('.stream-name', { hasText: new RegExp(`^${name}$`) }) });
}

/** Selects a stream and waits until its view is shown. */
export async function openStream(page: Page, name: string): Promise<void> {
  await streamButton(page, name).click();
  await expect(page.getByTestId('stream-title')).toContainText(name);
}

/** Types into the selected stream's composer and presses Enter. */
export async function sendMessage(page: Page, streamName: string, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: `Message ${streamName}` });
  await box.fill(text);
  await box.press('Enter');
}

/** The message rows of the main list whose body contains `text`. */
export function messageWith(page: Page, text: string) {
  return page.getByTestId('stream-view').getByTestId('message-item').filter({ hasText: text });
}

/** Saves a screenshot under test-results/screenshots for people to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}

/** A raw socket.io client of the server (no app in between), for counting what the server holds. */
export async function rawClient(
  env: E2EEnv,
  email: string,
): Promise<{
  socket: ClientSocket;
  streamId(name: string): Promise<string>;
  bodies(streamId: string): Promise<string[]>;
  close(): void;
}> {
  const session = await httpLogin(env.serverUrl, email, DEMO_PASSWORD);
  const socket = await connect(env.serverUrl, session.token);
  return {
    socket,
    async streamId(name) {
      const hello = await request(socket, 'hello', {});
      if (!hello.ok) throw new Error(`hello failed: ${hello.error.code}`);
      const stream = hello.streams.find((s) => s.name === name);
      if (!stream) throw new Error(`no stream ${name}`);
      return stream.id;
    },
    async bodies(streamId) {
      const out: string[] = [];
      let after = 0;
      for (;;) {
        const page = await request(socket, 'sync', { streamId, afterSeq: after, limit: 500 });
        if (!page.ok) throw new Error(`sync failed: ${page.error.code}`);
        for (const event of page.events) {
          if (event.type === 'message:created' && event.message) out.push(event.message.body);
          after = event.seq;
        }
        if (!page.hasMore) return out;
      }
    },
    close() {
      socket.close();
    },
  };
}

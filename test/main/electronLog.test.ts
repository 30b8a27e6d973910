// The desktop app's log files (main/electron/log.ts) through the real electron-log, with `electron`
// mocked (for our modules and for electron-log's own require, see fakeElectron.ts): lines land in the
// logs folder, the file rotates by size keeping one previous file, secret fields never reach a line,
// no page can write lines, and main-process failures and refused IPC calls are logged as short facts.
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { DEMO_PASSWORD } from '../../shared/index';
import { createClientCore } from '../../main/core/index';
import { FakeWebContents, fakeIpcMain } from './fakeElectron';

vi.mock('electron', async () => (await import('./fakeElectron')).fakeElectron);

const ELECTRON_LOG_CHANNEL = '__ELECTRON_LOG__';
const { MAIN_LOG_FILE, logMainProcessErrors, setUpDesktopLog } = await import('../../main/electron/log');
const { registerIpcHandlers } = await import('../../main/electron/ipc');

const folder = mkdtempSync(join(tmpdir(), 'tributary-electron-log-'));
const file = join(folder, MAIN_LOG_FILE);
const oldFile = join(folder, 'main.old.log');
const MAX_BYTES = 4096;
let logger: ReturnType<typeof setUpDesktopLog>;

function lines(path = file): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

/** Both files: a long line may have filled main.log, so the next write rotated it. */
function allLines(): string {
  return lines(oldFile) + lines(file);
}

beforeAll(() => {
  // electron-log registered its renderer channel when it loaded
  expect(fakeIpcMain.listeners.listenerCount(ELECTRON_LOG_CHANNEL)).toBe(1);
  expect(fakeIpcMain.handlers.has(ELECTRON_LOG_CHANNEL)).toBe(true);
  logger = setUpDesktopLog(fakeIpcMain as unknown as IpcMain, { folder, maxBytes: MAX_BYTES });
});

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('the desktop log files', () => {
  it('writes info and above to main.log in the logs folder, and no page may add lines', () => {
    expect(logger.file).toBe(file);
    expect(fakeIpcMain.listeners.listenerCount(ELECTRON_LOG_CHANNEL)).toBe(0);
    expect(fakeIpcMain.handlers.has(ELECTRON_LOG_CHANNEL)).toBe(false);
    logger.info('sync connected', { accountId: 'acct-1' });
    logger.warn('outbox item refused', { code: 'FORBIDDEN' });
    logger.error('cache integrity check failed', { error: 'database disk image is malformed' });
    const text = lines();
    expect(text).toMatch(/\[info\]\s+sync connected .*acct-1/);
    expect(text).toMatch(/\[warn\]\s+outbox item refused .*FORBIDDEN/);
    expect(text).toMatch(/\[error\]\s+cache integrity check failed .*malformed/);
    // 0600: the lines are nobody else's business on a shared machine
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('redacts every secret field at any depth, with the keys the server and the browser host use', () => {
    const secrets = {
      token: 'tok-SENTINEL-1',
      password: 'pw-SENTINEL-2',
      newPassword: 'pw-SENTINEL-3',
      body: 'body-SENTINEL-4',
      authorization: 'Bearer SENTINEL-5',
      cookie: 'tributary_host=SENTINEL-6',
      auth: { token: 'SENTINEL-7' },
    };
    logger.info('login attempt', { email: 'alice@acme.test', ...secrets });
    logger.warn('request failed', { request: { headers: { authorization: 'Bearer SENTINEL-8' }, body: 'SENTINEL-9' } });
    logger.error('send failed', { items: [{ message: { body: 'SENTINEL-10' } }] });
    const text = lines();
    expect(text).toContain('login attempt');
    expect(text).toContain('alice@acme.test');
    expect(text).toContain('[redacted]');
    expect(text).not.toMatch(/SENTINEL/);
  });

  it('rotates by size: the full file becomes main.old.log, and only the newest two files are kept', () => {
    const line = `filler ${'x'.repeat(200)}`;
    for (let i = 0; i < 30; i += 1) logger.info(line, { i });
    expect(existsSync(oldFile)).toBe(true);
    expect(statSync(file).size).toBeLessThanOrEqual(MAX_BYTES + 512);
    const beforeRotation = lines(oldFile);
    for (let i = 0; i < 30; i += 1) logger.info(line, { i: 100 + i });
    // the previous file was replaced by a newer one, not added to: still two files
    expect(readdirSync(folder).sort()).toEqual(['main.log', 'main.old.log']);
    expect(lines(oldFile)).not.toBe(beforeRotation);
    expect(lines(oldFile)).toMatch(/i: 1\d\d/);
    logger.info('after rotation sentinel');
    expect(lines()).toContain('after rotation sentinel');
  });

  it('logs uncaught exceptions, dead renderers and helper processes as facts', () => {
    const proc = new EventEmitter();
    const app = new EventEmitter();
    logMainProcessErrors(proc, app as unknown as Parameters<typeof logMainProcessErrors>[1], logger);
    proc.emit('uncaughtExceptionMonitor', new TypeError('cannot read properties of null'), 'uncaughtException');
    app.emit('render-process-gone', {}, {}, { reason: 'crashed', exitCode: 139 });
    app.emit('child-process-gone', {}, { type: 'GPU', reason: 'oom', exitCode: 1 });
    const text = allLines();
    expect(text).toMatch(
      /\[error\]\s+uncaught exception in the main process .*TypeError: cannot read properties of null/,
    );
    expect(text).toMatch(/\[error\]\s+a renderer process is gone .*crashed.*139/);
    expect(text).toMatch(/\[error\]\s+a helper process is gone .*GPU.*oom/);
  });

  it('logs refused IPC calls (foreign sender, payload the contract refuses) without their payload', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tributary-electron-log-core-'));
    const core = createClientCore({
      dataDir,
      defaults: { serverUrl: 'http://127.0.0.1:9', demoAccounts: [] },
      logger,
    });
    const handlers = new Map<string, (event: IpcMainInvokeEvent, request: unknown) => Promise<unknown>>();
    const ipcMain = { handle: (channel: string, h: never) => handlers.set(channel, h), removeHandler: () => true };
    const ours = new FakeWebContents();
    const stop = registerIpcHandlers(
      ipcMain as unknown as IpcMain,
      core,
      () => ours as never,
      (refusal) => logger.warn('IPC request refused', { ...refusal }),
    );
    try {
      const foreign = new FakeWebContents('https://evil.example/');
      const fromForeign = { sender: foreign, senderFrame: foreign.mainFrame } as unknown as IpcMainInvokeEvent;
      const fromOurs = { sender: ours, senderFrame: ours.mainFrame } as unknown as IpcMainInvokeEvent;
      await handlers.get('session:get')!(fromForeign, {});
      // a login with an extra field: refused by the contract's (strict) schema before any network
      const invalid = (await handlers.get('session:login')!(fromOurs, {
        serverUrl: 'http://127.0.0.1:9',
        email: 'alice@acme.test',
        password: DEMO_PASSWORD,
        remember: 'SENTINEL-extra',
      })) as { ok: boolean; error: { code: string } };
      expect(invalid).toMatchObject({ ok: false, error: { code: 'INVALID' } });
      const text = allLines();
      expect(text).toMatch(/\[warn\]\s+IPC request refused .*session:get.*FORBIDDEN/);
      expect(text).toMatch(/\[warn\]\s+IPC request refused .*session:login.*INVALID/);
      expect(text).not.toContain(DEMO_PASSWORD);
      expect(text).not.toContain('SENTINEL-extra');
    } finally {
      stop();
      await core.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

// The IPC boundary with `electron` mocked and a real client core (and, for pushes, a real server):
// one handler per contract channel and nothing else, foreign senders refused, payloads validated,
// pushes forwarded by name. Plus the preload: only `window.tributary`, only allow-listed names.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { DEMO_PASSWORD, ipcChannels, ipcPushNames, type TributaryApi } from '../../shared/index';
import { createClientCore } from '../../main/core/index';
import { FakeFrame, FakeWebContents, fakeContextBridge, fakeIpcRenderer } from './fakeElectron';
import { startTestServer } from '../helpers/server';

vi.mock('electron', async () => (await import('./fakeElectron')).fakeElectron);

const { forwardPushesToWindow, registerIpcHandlers } = await import('../../main/electron/ipc');

type Handler = (event: IpcMainInvokeEvent, request: unknown) => Promise<unknown>;

/** Records ipcMain.handle registrations the way Electron keeps them: one handler per channel. */
function recordingIpcMain() {
  const handlers = new Map<string, Handler>();
  const ipcMain = {
    handle: (channel: string, handler: Handler) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, handler);
    },
    removeHandler: (channel: string) => handlers.delete(channel),
  };
  return { ipcMain: ipcMain as unknown as IpcMain, handlers };
}

function eventFrom(sender: FakeWebContents, frame = sender.mainFrame as unknown): IpcMainInvokeEvent {
  return { sender, senderFrame: frame } as unknown as IpcMainInvokeEvent;
}

const dataDir = mkdtempSync(join(tmpdir(), 'tributary-ipc-'));
const core = createClientCore({ dataDir, defaults: { serverUrl: 'http://127.0.0.1:4600', demoAccounts: [] } });
afterAll(async () => {
  await core.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('main-process IPC', () => {
  const window = new FakeWebContents();
  const { ipcMain, handlers } = recordingIpcMain();
  const dispose = registerIpcHandlers(ipcMain, core, () => window as unknown as WebContents);

  it('registers exactly the contract channels', () => {
    expect([...handlers.keys()].sort()).toEqual([...ipcChannels].sort());
    expect(handlers.has('fs:read')).toBe(false);
    expect(handlers.has('shell:openExternal')).toBe(false);
  });

  it('answers our window main frame through the real core', async () => {
    const result = (await handlers.get('session:get')!(eventFrom(window), {})) as {
      ok: boolean;
      value: { signedIn: boolean };
    };
    expect(result.ok).toBe(true);
    expect(result.value.signedIn).toBe(false);
  });

  it('refuses other webContents, subframes, foreign pages and detached frames', async () => {
    const other = new FakeWebContents();
    const subframe = new FakeFrame('app://tributary/index.html', window.mainFrame);
    const foreign = new FakeWebContents('https://evil.test/');
    const cases = [eventFrom(other), eventFrom(window, subframe), eventFrom(window, null)];
    for (const event of cases) {
      expect(await handlers.get('session:get')!(event, {})).toEqual({
        ok: false,
        error: expect.objectContaining({ code: 'FORBIDDEN' }),
      });
    }
    const foreignIpc = recordingIpcMain();
    registerIpcHandlers(foreignIpc.ipcMain, core, () => foreign as unknown as WebContents);
    expect(await foreignIpc.handlers.get('session:get')!(eventFrom(foreign), {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('rejects invalid payloads with INVALID naming the field', async () => {
    const login = handlers.get('session:login')!;
    const bad = (await login(eventFrom(window), { serverUrl: 'not a url', email: 'a@b.test', password: 'x' })) as {
      ok: boolean;
      error: { code: string; field?: string };
    };
    expect(bad.ok).toBe(false);
    expect(bad.error.code).toBe('INVALID');
    expect(bad.error.field).toBe('serverUrl');
    const extra = (await handlers.get('session:get')!(eventFrom(window), { sneaky: true })) as {
      ok: boolean;
      error: { code: string };
    };
    expect(extra).toMatchObject({ ok: false, error: { code: 'INVALID' } });
  });

  it('removes every handler on dispose', () => {
    dispose();
    expect(handlers.size).toBe(0);
  });

  it('forwards the core pushes to the window by name', async () => {
    const server = await startTestServer();
    const pushDir = mkdtempSync(join(tmpdir(), 'tributary-ipc-push-'));
    const pushCore = createClientCore({ dataDir: pushDir, defaults: { serverUrl: server.url, demoAccounts: [] } });
    const target = new FakeWebContents();
    const stop = forwardPushesToWindow(pushCore, () => target as unknown as WebContents);
    try {
      const login = await pushCore.invoke('session:login', {
        serverUrl: server.url,
        email: 'bob@acme.test',
        password: DEMO_PASSWORD,
      });
      expect(login.ok).toBe(true);
      await vi.waitFor(
        () =>
          expect(
            target.sent.some(([name, p]) => name === 'sync:status' && (p as { state: string }).state === 'live'),
          ).toBe(true),
        {
          timeout: 10_000,
        },
      );
      for (const [name] of target.sent) expect(ipcPushNames).toContain(name);
    } finally {
      stop();
      await pushCore.close();
      await server.close();
      rmSync(pushDir, { recursive: true, force: true });
    }
  });
});

describe('preload', () => {
  it('exposes only window.tributary with invoke and on, never ipcRenderer', async () => {
    await import('../../main/preload/preload');
    expect(fakeContextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [key, api] = fakeContextBridge.exposeInMainWorld.mock.calls[0] as [string, TributaryApi];
    expect(key).toBe('tributary');
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.values(api).every((v) => typeof v === 'function' && v !== fakeIpcRenderer.invoke)).toBe(true);
  });

  it('forwards allow-listed channels and refuses others without touching IPC', async () => {
    const { createPreloadApi } = await import('../../main/preload/preload');
    const ipc = { invoke: vi.fn(() => Promise.resolve({ ok: true, value: {} })), on: vi.fn(), removeListener: vi.fn() };
    const api = createPreloadApi(ipc as never);
    await api.invoke('session:get', {});
    expect(ipc.invoke).toHaveBeenCalledWith('session:get', {});
    for (const channel of ['fs:read', 'ELECTRON_BROWSER_REQUIRE', '__proto__', 'constructor']) {
      const result = await api.invoke(channel as never, {} as never);
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID' } });
    }
    expect(ipc.invoke).toHaveBeenCalledTimes(1);
  });

  it('subscribes only to contract pushes, strips the IPC event and unsubscribes', async () => {
    const { createPreloadApi } = await import('../../main/preload/preload');
    const api = createPreloadApi(fakeIpcRenderer as never);
    const seen: unknown[] = [];
    const off = api.on('sync:status', (payload) => seen.push(payload));
    fakeIpcRenderer.emit('sync:status', { sender: 'secret-event-object' }, { state: 'live' });
    expect(seen).toEqual([{ state: 'live' }]);
    off();
    fakeIpcRenderer.emit('sync:status', {}, { state: 'offline' });
    expect(seen).toHaveLength(1);
    expect(fakeIpcRenderer.listenerCount('sync:status')).toBe(0);

    const offUnknown = api.on('ELECTRON_BROWSER_WINDOW' as never, () => seen.push('leak'));
    expect(fakeIpcRenderer.listenerCount('ELECTRON_BROWSER_WINDOW')).toBe(0);
    offUnknown();
  });
});

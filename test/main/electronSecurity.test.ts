// The desktop window's security rules with `electron` mocked (its binary cannot run here): window
// options, navigation and window-open denial, webview refusal, permission denial, request blocking,
// the CSP header, and which links may reach the system browser.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { App, Session, WebContents } from 'electron';
import { FakeBrowserWindow, FakeSession, FakeWebContents, fakeEvent } from './fakeElectron';

vi.mock('electron', async () => (await import('./fakeElectron')).fakeElectron);

const { mainWindowOptions, createMainWindow } = await import('../../main/electron/window');
const { DEFAULT_WINDOW_STATE } = await import('../../main/electron/windowState');
const { applySessionPolicy, hardenAllWebContents, hardenWebContents, isAppUrl, isBlockedRequest, safeOpenExternal } =
  await import('../../main/electron/security');
const { buildContentSecurityPolicy } = await import('../../main/host/csp');
const { fakeElectron } = await import('./fakeElectron');

describe('main window options', () => {
  const prefs = mainWindowOptions('/app/dist/main/preload.cjs', DEFAULT_WINDOW_STATE).webPreferences!;

  it('isolates and sandboxes the renderer with no Node access', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and remote/legacy features off', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
    expect(prefs.disableBlinkFeatures).toBe('Auxclick');
    expect(prefs.spellcheck).toBe(true);
    expect(prefs.preload).toBe('/app/dist/main/preload.cjs');
  });

  it('creates the window from the remembered state, loads our bundle, and disables devtools when packaged', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tributary-window-'));
    createMainWindow({
      preloadPath: '/p.cjs',
      stateFile: join(dir, 'window.json'),
      url: 'app://tributary/index.html',
      isPackaged: true,
    });
    const win = FakeBrowserWindow.created.at(-1)!;
    expect(win.loadedUrl).toBe('app://tributary/index.html');
    const webPreferences = win.options.webPreferences as Record<string, unknown>;
    expect(webPreferences.devTools).toBe(false);
    expect(webPreferences.sandbox).toBe(true);
    expect(win.options.show).toBe(false);
  });
});

describe('webContents hardening', () => {
  function hardened() {
    const contents = new FakeWebContents();
    const opened: string[] = [];
    hardenWebContents(contents as unknown as WebContents, { openLink: (url) => opened.push(url) });
    return { contents, opened };
  }

  it('prevents every navigation and hands foreign URLs to the link opener', () => {
    const { contents, opened } = hardened();
    for (const url of ['https://evil.test/', 'file:///etc/passwd', 'app://tributary/other.html']) {
      const event = fakeEvent();
      contents.emit('will-navigate', event, url);
      expect(event.defaultPrevented()).toBe(true);
    }
    expect(opened).toEqual(['https://evil.test/', 'file:///etc/passwd']);
  });

  it('prevents foreign frame navigations and redirects', () => {
    const { contents } = hardened();
    const frame = fakeEvent({ url: 'https://evil.test/' });
    contents.emit('will-frame-navigate', frame);
    expect(frame.defaultPrevented()).toBe(true);
    const redirect = fakeEvent();
    contents.emit('will-redirect', redirect, 'https://evil.test/');
    expect(redirect.defaultPrevented()).toBe(true);
  });

  it('denies every new window, passing links to the opener', () => {
    const { contents, opened } = hardened();
    expect(contents.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'app://tributary/index.html' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://example.com/']);
  });

  it('refuses webviews', () => {
    const { contents } = hardened();
    const event = fakeEvent();
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.defaultPrevented()).toBe(true);
  });

  it('hardens webContents created later through app web-contents-created', () => {
    const app = fakeElectron.app;
    const opened: string[] = [];
    hardenAllWebContents(app as unknown as App, { openLink: (url) => opened.push(url) });
    const contents = new FakeWebContents();
    app.emit('web-contents-created', {}, contents);
    expect(contents.windowOpenHandler!({ url: 'https://popup.test/' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://popup.test/']);
  });

  it('recognizes only our app origin', () => {
    expect(isAppUrl('app://tributary/index.html')).toBe(true);
    expect(isAppUrl('app://evil/index.html')).toBe(false);
    expect(isAppUrl('https://tributary/')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});

describe('links leaving the app', () => {
  it('opens only http(s) and mailto links in the system browser', async () => {
    const open = vi.fn(() => Promise.resolve());
    for (const url of ['https://example.com/a?b=1', 'http://example.com/', 'mailto:someone@example.com']) {
      expect(await safeOpenExternal(url, open)).toBe(true);
    }
    for (const url of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'smb://server/share',
      'tributary://stream/x',
      'ms-msdt:/id PCWDiagnostic',
      'not a url',
    ]) {
      expect(await safeOpenExternal(url, open)).toBe(false);
    }
    expect(open).toHaveBeenCalledTimes(3);
  });
});

describe('session policy', () => {
  const csp = buildContentSecurityPolicy();
  const session = new FakeSession();
  applySessionPolicy(session as unknown as Session, csp);

  it('denies every permission request and check', () => {
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'display-capture',
    ]) {
      const callback = vi.fn();
      (session.permissionRequest as unknown as (...a: unknown[]) => void)(null, permission, callback, {});
      expect(callback).toHaveBeenCalledWith(false);
      expect(
        (session.permissionCheck as unknown as (...a: unknown[]) => boolean)(null, permission, 'app://tributary', {}),
      ).toBe(false);
    }
    expect((session.devicePermission as unknown as (...a: unknown[]) => boolean)({ deviceType: 'usb' })).toBe(false);
  });

  it('cancels every remote or file request and lets the bundle load', () => {
    const decide = (url: string) => {
      const callback = vi.fn();
      (session.beforeRequest as unknown as (...a: unknown[]) => void)({ url }, callback);
      return callback.mock.calls[0]![0] as { cancel: boolean };
    };
    expect(decide('https://evil.test/x.js')).toEqual({ cancel: true });
    expect(decide('http://127.0.0.1:4600/api/health')).toEqual({ cancel: true });
    expect(decide('ws://127.0.0.1:4600/socket.io/')).toEqual({ cancel: true });
    expect(decide('file:///etc/passwd')).toEqual({ cancel: true });
    expect(decide('app://tributary/assets/index.js')).toEqual({ cancel: false });
    expect(isBlockedRequest('devtools://devtools/bundled/inspector.html')).toBe(false);
  });

  it('replaces any CSP on responses with the strict one and adds nosniff', () => {
    const callback = vi.fn();
    (session.headersReceived as unknown as (...a: unknown[]) => void)(
      {
        responseHeaders: {
          'content-security-policy': ["default-src *; script-src 'unsafe-inline'"],
          'Content-Type': ['text/html'],
        },
      },
      callback,
    );
    const headers = (callback.mock.calls[0]![0] as { responseHeaders: Record<string, string[]> }).responseHeaders;
    expect(headers['content-security-policy']).toBeUndefined();
    expect(headers['Content-Security-Policy']).toEqual([csp]);
    expect(headers['X-Content-Type-Options']).toEqual(['nosniff']);
    expect(headers['Content-Type']).toEqual(['text/html']);
  });

  it('uses a CSP without inline script, eval, remote origins, frames or plugins', () => {
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*|https?:/);
  });
});

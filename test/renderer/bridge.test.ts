import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBridgeApi, HOST_REFUSED_EVENT } from '../../renderer/src/api/bridge';
import { call, setApi } from '../../renderer/src/api/client';
import { ProtocolError } from '../../shared/protocol/errors';

/** A WebSocket stand-in that records frames and lets the test play the host. */
class FakeSocket {
  static instances: FakeSocket[] = [];
  static readonly OPEN = 1;
  readyState = 0;
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: ((e: { code: number }) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.instances.push(this);
  }
  send(data: string) {
    this.sent.push(data);
  }
  open() {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.();
  }
  reply(data: unknown) {
    this.onmessage?.({ data: JSON.stringify(data) });
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

/** The page as the browser host serves it, after the launch token was exchanged and redirected away. */
const loc = { href: 'http://127.0.0.1:5555/app/folder123/' };

beforeEach(() => {
  FakeSocket.instances = [];
  vi.stubGlobal('WebSocket', FakeSocket);
  vi.useFakeTimers();
  sessionStorage.clear();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  setApi(null);
});

describe('browser bridge', () => {
  it('connects next to the page with a per-tab session id (no token), and round-trips invokes', async () => {
    const api = createBridgeApi(loc);
    const ws = FakeSocket.instances[0]!;
    const session = sessionStorage.getItem('tributary.bridgeSession');
    expect(session).toMatch(/^[0-9a-f]{32}$/);
    expect(ws.url).toBe(`ws://127.0.0.1:5555/app/folder123/bridge?session=${session}`);
    const pending = api.invoke('stream:list', {});
    ws.open(); // frames queued before the socket opened are flushed
    const frame = JSON.parse(ws.sent[0]!);
    expect(frame).toEqual({ kind: 'invoke', id: frame.id, channel: 'stream:list', request: {} });
    ws.reply({ kind: 'result', id: frame.id, result: { ok: true, value: { streams: [] } } });
    await expect(pending).resolves.toEqual({ ok: true, value: { streams: [] } });
  });

  it('delivers pushes to listeners until unsubscribed', () => {
    const api = createBridgeApi(loc);
    const ws = FakeSocket.instances[0]!;
    ws.open();
    const seen: unknown[] = [];
    const off = api.on('data:changed', (p) => seen.push(p));
    ws.reply({ kind: 'push', name: 'data:changed', payload: { streamIds: [], kinds: ['streams'] } });
    off();
    ws.reply({ kind: 'push', name: 'data:changed', payload: { streamIds: [], kinds: ['messages'] } });
    expect(seen).toEqual([{ streamIds: [], kinds: ['streams'] }]);
  });

  it('fails pending invokes when the socket drops, then reconnects', async () => {
    const api = createBridgeApi(loc);
    const ws = FakeSocket.instances[0]!;
    ws.open();
    setApi(api);
    const pending = call('stream:list', {});
    ws.drop();
    await expect(pending).rejects.toBeInstanceOf(ProtocolError);
    await expect(pending).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    vi.advanceTimersByTime(300);
    expect(FakeSocket.instances).toHaveLength(2);
    // The same session id is reused, so the host gives back the same client core.
    expect(FakeSocket.instances[1]!.url).toBe(ws.url);
  });

  it('stops retrying when the host refuses the page session, and tells the page', async () => {
    const api = createBridgeApi(loc);
    let told = 0;
    const onRefused = () => (told += 1);
    window.addEventListener(HOST_REFUSED_EVENT, onRefused);
    FakeSocket.instances[0]!.drop(4401);
    window.removeEventListener(HOST_REFUSED_EVENT, onRefused);
    expect(told).toBe(1);
    vi.advanceTimersByTime(10_000);
    expect(FakeSocket.instances).toHaveLength(1);
    await expect(api.invoke('session:get', {})).resolves.toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
  });
});

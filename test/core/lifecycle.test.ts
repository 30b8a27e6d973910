// Session lifecycle and outbox edges: a core closed while a login is out opens nothing afterwards,
// a pending (maybe in-flight) send cannot be discarded, links need a signed-in account.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../shared/domain/demo';
import { openCore, serverStreamState, signedInCore, streamIdByName, tempDataDir, waitUntil } from '../helpers/core';
import { startTestServer, type TestServer } from '../helpers/server';

describe('client core lifecycle', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('close() while a login is on its way leaves no account open (socket, cache, timers)', async () => {
    const dataDir = tempDataDir();
    const t = openCore(dataDir);
    const login = t.core.invoke('session:login', {
      serverUrl: server.url,
      email: 'alice@acme.test',
      password: DEMO_PASSWORD,
    });
    await t.core.close();
    const res = await login;
    expect(res.ok).toBe(false);
    // close() waited for the login's work to finish: nothing can open an account after it resolved
    const accounts = join(dataDir, 'accounts');
    const open = existsSync(accounts)
      ? readdirSync(accounts).filter((d) => existsSync(join(accounts, d, 'cache.sqlite.open')))
      : [];
    expect(open).toEqual([]);
    expect(t.statuses.some((s) => s.state === 'connecting' || s.state === 'live')).toBe(false);
    expect(existsSync(join(dataDir, 'session.json'))).toBe(false);
  });

  it('a pending send cannot be discarded (it may be in flight); it is delivered exactly once', async () => {
    const bob = await signedInCore(server.url, 'bob@acme.test');
    try {
      const design = await streamIdByName(bob, 'Design');
      const { clientId } = await bob.call('message:send', { streamId: design, body: 'discard me if you can' });
      const discard = await bob.core.invoke('outbox:discard', { clientId });
      expect(discard).toMatchObject({ ok: false, error: { code: 'CONFLICT', field: 'clientId' } });
      await waitUntil(async () =>
        (await bob.call('message:list', { streamId: design })).messages.some(
          (m) => m.clientId === clientId && m.status === 'sent',
        ),
      );
      const onServer = await serverStreamState(server.url, 'bob@acme.test', design);
      expect(onServer.filter((m) => m.clientId === clientId)).toHaveLength(1);
      expect(await bob.core.invoke('outbox:discard', { clientId })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
    } finally {
      await bob.core.close();
    }
  });

  it('read:mark never moves the marker past the head: later messages still count as unread', async () => {
    const carol = await signedInCore(server.url, 'carol@acme.test');
    const dave = await signedInCore(server.url, 'dave@acme.test');
    try {
      const eng = await streamIdByName(carol, 'Engineering');
      await carol.call('read:mark', { streamId: eng, seq: 1_000_000_000 });
      const marked = (await carol.call('stream:list', {})).streams.find((s) => s.id === eng)!;
      expect(marked.lastReadSeq).toBe(marked.headSeq);
      await dave.call('message:send', { streamId: eng, body: 'news after the marker' });
      await waitUntil(
        async () => ((await carol.call('stream:list', {})).streams.find((s) => s.id === eng)?.unread ?? 0) === 1,
        10_000,
        'the new message counts as unread',
      );
    } finally {
      await Promise.all([carol.core.close(), dave.core.close()]);
    }
  });

  it('link:open needs a signed-in account (no org policy to apply otherwise)', async () => {
    const opened: string[] = [];
    const t = openCore(tempDataDir(), {
      openExternal: async (url) => {
        opened.push(url);
      },
    });
    try {
      expect(await t.core.invoke('link:open', { url: 'https://example.com/' })).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHENTICATED' },
      });
      expect(opened).toEqual([]);
    } finally {
      await t.core.close();
    }
  });
});

// `session:login` while signed in first signs the current session out, exactly like `session:logout`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../shared/domain/demo';
import type { SavedSession, TokenStore } from '../../main/core/index';
import { openCore, tempDataDir, waitUntil, type TestCore } from '../helpers/core';
import { connect, loginAndConnect, ok, startTestServer, type TestServer } from '../helpers/server';

/** A host token store whose content the test can read. */
function memoryStore(): TokenStore & { saved: SavedSession | null } {
  const store = {
    saved: null as SavedSession | null,
    load: async () => store.saved,
    save: async (v: SavedSession) => {
      store.saved = v;
    },
    clear: async () => {
      store.saved = null;
    },
  };
  return store;
}

describe('logging in while signed in', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    // Alice sees a stream Bob does not, so a leftover of her session would show.
    await server.server.admin.addMember({ email: 'alice@acme.test', team: 'engineering' });
  });
  afterAll(async () => {
    await server?.close();
  });

  const loginAs = (t: TestCore, email: string, password = DEMO_PASSWORD) =>
    t.core.invoke('session:login', { serverUrl: server.url, email, password });

  it('revokes the old token, stores the new one and shows only the new user streams', async () => {
    const store = memoryStore();
    const t = openCore(tempDataDir(), { tokenStore: store });
    try {
      expect(await loginAs(t, 'alice@acme.test')).toMatchObject({ ok: true });
      await t.waitForState('live');
      const aliceToken = store.saved!.token;
      expect((await t.call('stream:list', {})).streams.map((s) => s.name)).toContain('Engineering');

      const switched = await loginAs(t, 'bob@acme.test');
      expect(switched).toMatchObject({ ok: true, value: { signedIn: true, user: { email: 'bob@acme.test' } } });
      await t.waitForState('live');
      await expect(connect(server.url, aliceToken)).rejects.toThrow('UNAUTHENTICATED');

      const bob = await loginAndConnect(server.url, 'bob@acme.test');
      try {
        expect(store.saved).toMatchObject({ serverUrl: server.url, userId: bob.user.id });
        expect(store.saved!.token).not.toBe(aliceToken);
        const fromServer = (await ok(bob.socket, 'hello', {})).streams.map((s) => s.id).sort();
        const listed = (await t.call('stream:list', {})).streams;
        expect(listed.map((s) => s.id).sort()).toEqual(fromServer);
        expect(listed.map((s) => s.name)).not.toContain('Engineering');
      } finally {
        bob.socket.close();
      }
    } finally {
      await t.core.close();
    }
  });

  it('leaves the core signed out, with no token stored, when the second login fails', async () => {
    const store = memoryStore();
    const t = openCore(tempDataDir(), { tokenStore: store });
    try {
      await loginAs(t, 'alice@acme.test');
      await t.waitForState('live');
      const aliceToken = store.saved!.token;

      expect(await loginAs(t, 'bob@acme.test', 'wrong password')).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHENTICATED' },
      });
      expect(store.saved).toBeNull();
      expect(await t.call('session:get', {})).toMatchObject({ signedIn: false, user: null });
      expect(await t.core.invoke('stream:list', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      await waitUntil(() => t.statuses.at(-1)?.state === 'signedOut', 5000, 'signed-out status');
      await expect(connect(server.url, aliceToken)).rejects.toThrow('UNAUTHENTICATED');
    } finally {
      await t.core.close();
    }
  });
});

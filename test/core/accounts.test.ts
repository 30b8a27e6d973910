// Several accounts in one core (as Slack, Mattermost and Element desktops allow): each with its own
// cache, token, outbox and notifications; pushes name their account; one is active at a time.
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../shared/domain/demo';
import { cacheFile } from '../../main/core/account';
import { cacheKeySecret, tokenSecret } from '../../main/core/index';
import { memorySecretStore, openCore, streamIdByName, tempDataDir, waitUntil, type TestCore } from '../helpers/core';
import { connect, loginAndConnect, ok, startTestServer, type TestServer } from '../helpers/server';

describe('several accounts in one core', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    // Alice sees a stream Bob does not, so a mix-up of the two caches would show.
    server.server.admin.addMember({ email: 'alice@acme.test', team: 'engineering' });
  });
  afterAll(async () => {
    await server?.close();
  });

  const loginAs = (t: TestCore, email: string, password = DEMO_PASSWORD) =>
    t.core.invoke('session:login', { serverUrl: server.url, email, password });

  it('a second sign-in opens beside the first: own cache and token; pushes name their account', async () => {
    const store = memorySecretStore('os');
    const dataDir = tempDataDir();
    const t = openCore(dataDir, { secrets: store });
    const carol = await loginAndConnect(server.url, 'carol@acme.test');
    try {
      const a = await t.call('session:login', {
        serverUrl: server.url,
        email: 'alice@acme.test',
        password: DEMO_PASSWORD,
      });
      await t.waitForState('live');
      const alice = a.accountId!;
      const b = await t.call('session:login', {
        serverUrl: server.url,
        email: 'bob@acme.test',
        password: DEMO_PASSWORD,
      });
      const bob = b.accountId!;
      expect(b).toMatchObject({ signedIn: true, accountId: bob, user: { email: 'bob@acme.test' } });
      await waitUntil(() => t.statuses.at(-1)?.accountId === bob && t.statuses.at(-1)?.state === 'live');
      expect((await t.call('stream:list', {})).streams.map((s) => s.name)).not.toContain('Engineering');

      // both stay signed in, each with its own token, key and cache file
      expect(store.entries.get(tokenSecret(alice))).not.toBe(store.entries.get(tokenSecret(bob)));
      expect(store.entries.has(cacheKeySecret(alice)) && store.entries.has(cacheKeySecret(bob))).toBe(true);
      expect(cacheFile(dataDir, alice)).not.toBe(cacheFile(dataDir, bob));
      expect(existsSync(cacheFile(dataDir, alice))).toBe(true);
      const aliceSocket = await connect(server.url, store.entries.get(tokenSecret(alice))!);
      aliceSocket.close();
      let list = (await t.call('account:list', {})).accounts;
      expect(list.map((x) => [x.email, x.active]).sort()).toEqual([
        ['alice@acme.test', false],
        ['bob@acme.test', true],
      ]);
      await waitUntil(async () => (await t.call('account:list', {})).accounts.every((x) => x.state === 'live'));

      // alice's account syncs in the background: a message for her is announced as hers
      const engineering = (await ok(carol.socket, 'hello', {})).streams.find((s) => s.name === 'Engineering')!.id;
      const before = t.changes.length;
      await ok(carol.socket, 'message:send', {
        streamId: engineering,
        clientId: crypto.randomUUID(),
        body: 'for the engineers, in the background',
      });
      await waitUntil(() =>
        t.changes.slice(before).some((c) => c.accountId === alice && c.streamIds.includes(engineering)),
      );
      expect(t.changes.slice(before).some((c) => c.accountId === bob && c.streamIds.includes(engineering))).toBe(false);
      // …and, app-wide, the accounts list changed: the switcher re-reads alice's unread badge while bob is shown
      await waitUntil(() => t.changes.slice(before).some((c) => c.accountId === null && c.kinds.includes('accounts')));
      list = (await t.call('account:list', {})).accounts;
      expect(list.find((x) => x.id === alice)!.unread).toBeGreaterThan(0);

      // switching shows alice's streams and her status
      const switched = await t.call('account:switch', { accountId: alice });
      expect(switched).toMatchObject({ accountId: alice, user: { email: 'alice@acme.test' } });
      expect(t.statuses.at(-1)).toMatchObject({ accountId: alice, state: 'live' });
      expect((await t.call('stream:list', {})).streams.map((s) => s.name)).toContain('Engineering');
      const messages = await t.call('message:list', { streamId: engineering });
      expect(messages.messages.map((m) => m.body)).toContain('for the engineers, in the background');
    } finally {
      carol.socket.close();
      await t.core.close();
    }
  });

  it('a failed sign-in of another account leaves the open ones as they were', async () => {
    const store = memorySecretStore('os');
    const t = openCore(tempDataDir(), { secrets: store });
    try {
      const { accountId } = await t.call('session:login', {
        serverUrl: server.url,
        email: 'alice@acme.test',
        password: DEMO_PASSWORD,
      });
      await t.waitForState('live');
      const token = store.entries.get(tokenSecret(accountId!));
      expect(await loginAs(t, 'bob@acme.test', 'wrong password')).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHENTICATED' },
      });
      expect(await t.call('session:get', {})).toMatchObject({ signedIn: true, accountId });
      expect(store.entries.get(tokenSecret(accountId!))).toBe(token);
      expect((await t.call('account:list', {})).accounts).toHaveLength(1);
      expect((await t.call('stream:list', {})).streams.length).toBeGreaterThan(0);
    } finally {
      await t.core.close();
    }
  });

  it('signing one account out keeps the other; removing local data deletes its folder and key', async () => {
    const store = memorySecretStore('os');
    const dataDir = tempDataDir();
    const t = openCore(dataDir, { secrets: store });
    try {
      const alice = (
        await t.call('session:login', { serverUrl: server.url, email: 'alice@acme.test', password: DEMO_PASSWORD })
      ).accountId!;
      const bob = (
        await t.call('session:login', { serverUrl: server.url, email: 'bob@acme.test', password: DEMO_PASSWORD })
      ).accountId!;
      await waitUntil(async () => (await t.call('account:list', {})).accounts.every((x) => x.state === 'live'));
      const bobToken = store.entries.get(tokenSecret(bob))!;

      // the active one (bob) signs out: alice becomes active, bob's token is revoked on the server
      const after = await t.call('session:logout', {});
      expect(after).toMatchObject({ signedIn: true, accountId: alice });
      expect(t.statuses.at(-1)?.accountId).toBe(alice);
      await expect(connect(server.url, bobToken)).rejects.toThrow('UNAUTHENTICATED');
      expect(store.entries.has(tokenSecret(bob))).toBe(false);
      expect(existsSync(cacheFile(dataDir, bob))).toBe(true);

      const gone = await t.call('session:logout', { accountId: alice, removeLocalData: true });
      expect(gone).toMatchObject({ signedIn: false, accountId: null });
      expect(existsSync(dirname(cacheFile(dataDir, alice)))).toBe(false);
      expect(store.entries.has(cacheKeySecret(alice))).toBe(false);
      expect(await t.core.invoke('session:logout', { accountId: crypto.randomUUID() })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND', field: 'accountId' },
      });
    } finally {
      await t.core.close();
    }
  });

  it('applies the notification levels: nothing, mentions (the default), every message', async () => {
    const t = openCore(tempDataDir());
    const bob = await loginAndConnect(server.url, 'bob@acme.test');
    try {
      await t.call('session:login', { serverUrl: server.url, email: 'alice@acme.test', password: DEMO_PASSWORD });
      await t.waitForState('live');
      const design = await streamIdByName(t, 'Design');
      const say = (body: string) =>
        ok(bob.socket, 'message:send', { streamId: design, clientId: crypto.randomUUID(), body });
      const seen = () => t.notifications.map((n) => [n.kind, n.text]);
      // a later message from bob, once in alice's cache, proves every push before it was handled
      const settled = async (label: string) => {
        await say(label);
        await waitUntil(async () =>
          (await t.call('message:list', { streamId: design })).messages.some((m) => m.body === label),
        );
      };

      await t.call('settings:set', { streamNotify: { streamId: design, level: 'nothing' } });
      await say('@alice silenced mention');
      await settled('sentinel one');
      expect((await t.call('settings:get', {})).streamNotify).toEqual({ [design]: 'nothing' });
      await t.call('settings:set', { streamNotify: { streamId: design, level: null } });
      await say('@alice audible mention');
      await waitUntil(() => seen().some(([, text]) => text === '@alice audible mention'));
      await say('a plain message under mentions only');
      await settled('sentinel two');
      await t.call('settings:set', { notify: 'all' });
      await say('a plain message under all');
      await waitUntil(() => seen().some(([, text]) => text === 'a plain message under all'));
      expect(seen()).toEqual([
        ['mention', '@alice audible mention'],
        ['message', 'a plain message under all'],
      ]);
      // with every message notifying, a mention still comes once, as the server's mention
      await say('@alice mentioned under all');
      await settled('sentinel three');
      await waitUntil(() => seen().some(([, text]) => text === '@alice mentioned under all'));
      expect(seen().filter(([, text]) => text === '@alice mentioned under all')).toEqual([
        ['mention', '@alice mentioned under all'],
      ]);
      expect(t.notifications.every((n) => n.accountId === t.statuses.at(-1)?.accountId)).toBe(true);
    } finally {
      bob.socket.close();
      await t.core.close();
    }
  });
});

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../shared/domain/demo';
import { DEFAULT_MAX_BODY_CHARS } from '../../shared/protocol/limits';
import {
  nextPush,
  useRestartableServer,
  signedInCore,
  streamIdByName,
  waitUntil,
  type TestCore,
} from '../helpers/core';

const REFUSED_DOMAIN = 'refused.example';

describe('every other channel, against the real server', () => {
  const server = useRestartableServer();
  let alice: TestCore;
  let bob: TestCore;
  let carol: TestCore;
  let design = '';
  const opened: string[] = [];

  beforeAll(async () => {
    // the server refuses links to this domain for good (POLICY_BLOCKED): a send that fails permanently
    await server()
      .admin()
      .setUrlPolicy({ org: 'Acme', allow: [], deny: [REFUSED_DOMAIN] });
    alice = await signedInCore(server().url, 'alice@acme.test', undefined, {
      openExternal: async (url) => {
        opened.push(url);
      },
    });
    bob = await signedInCore(server().url, 'bob@acme.test');
    carol = await signedInCore(server().url, 'carol@acme.test');
    design = await streamIdByName(alice, 'Design');
  });
  afterAll(async () => {
    await Promise.all([alice?.core.close(), bob?.core.close(), carol?.core.close()]);
  });

  async function sendAndWait(t: TestCore, body: string): Promise<string> {
    const { clientId } = await t.call('message:send', { streamId: design, body });
    let id = '';
    await waitUntil(async () => {
      const m = (await t.call('message:list', { streamId: design })).messages.find((x) => x.clientId === clientId);
      if (m?.status === 'sent' && m.seq > 0) id = m.id;
      return id !== '';
    });
    return id;
  }

  it('edits, reacts to and deletes a message; others see each change', async () => {
    const id = await sendAndWait(alice, 'please edit me');
    await alice.call('message:edit', { messageId: id, body: 'edited for sure' });
    await alice.call('reaction:toggle', { messageId: id, emoji: '👍' });
    await waitUntil(async () => {
      const m = (await bob.call('message:list', { streamId: design })).messages.find((x) => x.id === id);
      return m?.body === 'edited for sure' && m.editedAt !== null && (m.reactions['👍']?.length ?? 0) === 1;
    });
    expect((await bob.call('search:query', { query: 'edited' })).hits.map((h) => h.message.id)).toEqual([id]);
    await alice.call('message:delete', { messageId: id });
    await waitUntil(async () => {
      const m = (await bob.call('message:list', { streamId: design })).messages.find((x) => x.id === id);
      return m?.deletedAt !== null && m?.body === '';
    });
    expect((await bob.call('search:query', { query: 'edited' })).hits).toHaveLength(0);
  });

  it('forwards mention notifications as pushes', async () => {
    const push = nextPush(alice.core, 'notification');
    await bob.call('message:send', { streamId: design, body: 'hey @alice, a look please' });
    const n = await push;
    expect(n).toMatchObject({ kind: 'mention', streamId: design, actorName: 'Bob Baker' });
  });

  it('moves the read marker locally and on the server', async () => {
    await waitUntil(
      async () => ((await alice.call('stream:list', {})).streams.find((s) => s.id === design)?.unread ?? 0) > 0,
    );
    const stream = (await alice.call('stream:list', {})).streams.find((s) => s.id === design)!;
    expect(stream.mentions).toBeGreaterThan(0);
    await alice.call('read:mark', { streamId: design, seq: stream.headSeq });
    const after = (await alice.call('stream:list', {})).streams.find((s) => s.id === design)!;
    expect(after).toMatchObject({ unread: 0, mentions: 0, lastReadSeq: stream.headSeq });
  });

  it('marks a refused send failed, then retries it with a new body or discards it', async () => {
    const { clientId } = await alice.call('message:send', {
      streamId: design,
      body: `see https://${REFUSED_DOMAIN}/a`,
    });
    await waitUntil(async () =>
      (await alice.call('message:list', { streamId: design })).messages.some(
        (m) => m.clientId === clientId && m.status === 'failed',
      ),
    );
    const failed = (await alice.call('message:list', { streamId: design })).messages.find(
      (m) => m.clientId === clientId,
    )!;
    expect(failed.failureReason).toMatch(/POLICY_BLOCKED/);
    expect(alice.statuses.at(-1)?.pendingCount).toBe(0);
    await alice.call('outbox:retry', { clientId, body: 'short enough now' });
    await waitUntil(async () =>
      (await alice.call('message:list', { streamId: design })).messages.some(
        (m) => m.body === 'short enough now' && m.status === 'sent',
      ),
    );
    const { clientId: second } = await alice.call('message:send', {
      streamId: design,
      body: `and https://${REFUSED_DOMAIN}/b`,
    });
    await waitUntil(async () =>
      (await alice.call('message:list', { streamId: design })).messages.some(
        (m) => m.clientId === second && m.status === 'failed',
      ),
    );
    await alice.call('outbox:discard', { clientId: second });
    expect((await alice.call('message:list', { streamId: design })).messages.some((m) => m.clientId === second)).toBe(
      false,
    );
    expect(await alice.core.invoke('outbox:discard', { clientId: second })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('refuses a body over the server limit before queuing it (INVALID body, nothing pending)', async () => {
    const { limits } = await alice.call('session:get', {});
    expect(limits.maxBodyChars).toBe(DEFAULT_MAX_BODY_CHARS);
    const before = (await alice.call('message:list', { streamId: design })).messages.length;
    const tooLong = await alice.core.invoke('message:send', {
      streamId: design,
      body: 'x'.repeat(limits.maxBodyChars + 1),
    });
    expect(tooLong).toMatchObject({ ok: false, error: { code: 'INVALID', field: 'body' } });
    const edit = await alice.core.invoke('message:edit', {
      messageId: await sendAndWait(alice, 'about to grow'),
      body: 'y'.repeat(limits.maxBodyChars + 1),
    });
    expect(edit).toMatchObject({ ok: false, error: { code: 'INVALID', field: 'body' } });
    // exactly at the limit is fine (the server counts the trimmed body, as the core does)
    await sendAndWait(alice, `  ${'z'.repeat(limits.maxBodyChars)}  `);
    const after = await alice.call('message:list', { streamId: design });
    expect(after.messages.length).toBe(before + 2);
    expect(after.messages.some((m) => m.status !== 'sent')).toBe(false);
  });

  it('queues a promotion proposal made offline and delivers it on reconnect', async () => {
    const icons = (await alice.call('message:list', { streamId: design })).messages.find((m) =>
      m.body.startsWith('New icon set'),
    )!;
    await server().stop();
    await alice.waitForState('offline');
    const { clientId } = await alice.call('promotion:propose', { messageId: icons.id, note: 'org should see this' });
    expect(clientId).toMatch(/^[0-9a-f-]{36}$/);
    expect(alice.statuses.at(-1)?.pendingCount).toBe(1);
    const offlineEdit = await alice.core.invoke('message:edit', { messageId: icons.id, body: 'nope' });
    expect(offlineEdit).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    await server().start();
    await alice.waitForState('live', 15_000);
    await waitUntil(() => alice.statuses.at(-1)?.pendingCount === 0);
    const mine = await alice.call('promotion:list', { scope: 'mine' });
    expect(mine.promotions.map((p) => p.messageId)).toContain(icons.id);
    await bob.waitForState('live', 15_000);
    const consent = await bob.call('promotion:list', { scope: 'consent' });
    expect(consent.promotions.map((p) => p.messageId)).toContain(icons.id);
  });

  it('lists the directory from the cache', async () => {
    const dir = await alice.call('directory:list', {});
    expect(dir.users.map((u) => u.email).sort()).toEqual([
      'alice@acme.test',
      'bob@acme.test',
      'carol@acme.test',
      'dave@acme.test',
    ]);
    expect(dir.teams.map((t) => t.name).sort()).toEqual(['Design', 'Engineering']);
  });

  it('opens only links the policy allows, through the host', async () => {
    expect(await alice.call('link:open', { url: 'https://example.com/x' })).toEqual({ opened: true, reason: null });
    const js = await alice.call('link:open', { url: 'javascript:alert(1)' });
    expect(js.opened).toBe(false);
    expect(js.reason).toMatch(/scheme/);
    expect(await bob.call('link:open', { url: 'https://example.com' })).toMatchObject({ opened: false });
    expect(opened).toEqual(['https://example.com/x']);
  });

  it('fetches older history on demand when the sync window was small', async () => {
    const dave = await signedInCore(server().url, 'dave@acme.test', undefined, { syncWindow: 1 });
    try {
      const acme = await streamIdByName(dave, 'Acme');
      const first = await dave.call('message:list', { streamId: acme });
      expect(first.hasMore).toBe(true);
      const fetched = await dave.call('message:fetchOlder', { streamId: acme });
      expect(fetched.fetched).toBeGreaterThan(0);
      const after = await dave.call('message:list', { streamId: acme });
      expect(after.messages.map((m) => m.body)).toContain(
        'Welcome to Tributary, @all! Team news that deserves a wider audience lands here. #welcome',
      );
    } finally {
      await dave.core.close();
    }
  });

  it('refuses a wrong password and logs out keeping the cache', async () => {
    const wrong = await carol.core.invoke('session:login', {
      serverUrl: server().url,
      email: 'carol@acme.test',
      password: 'nope',
    });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const out = await carol.call('session:logout', {});
    expect(out.signedIn).toBe(false);
    expect(existsSync(join(carol.dataDir, 'session.json'))).toBe(false);
    expect(await carol.core.invoke('stream:list', {})).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    expect(carol.statuses.at(-1)?.state).toBe('signedOut');
    await carol.call('session:login', { serverUrl: server().url, email: 'carol@acme.test', password: DEMO_PASSWORD });
    // the cache survived: streams are there before any sync
    expect((await carol.call('stream:list', {})).streams.map((s) => s.name)).toContain('Engineering');
  });
});

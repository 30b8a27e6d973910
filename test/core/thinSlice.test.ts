import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { invokeUntyped, signedInCore, streamIdByName, waitUntil, type TestCore } from '../helpers/core';

describe('client core thin slice against the real server', () => {
  let server: TestServer;
  let alice: TestCore;
  let bob: TestCore;
  let carol: TestCore;

  beforeAll(async () => {
    server = await startTestServer();
    [alice, bob, carol] = await Promise.all([
      signedInCore(server.url, 'alice@acme.test'),
      signedInCore(server.url, 'bob@acme.test'),
      signedInCore(server.url, 'carol@acme.test'),
    ]);
  });

  afterAll(async () => {
    await Promise.all([alice?.core.close(), bob?.core.close(), carol?.core.close()]);
    await server?.close();
  });

  it('reports the signed-in session and the streams each user may see', async () => {
    const session = await alice.call('session:get', {});
    expect(session.signedIn).toBe(true);
    expect(session.user?.email).toBe('alice@acme.test');
    expect(session.orgName).toBe('Acme');
    const names = (await alice.call('stream:list', {})).streams.map((s) => s.name);
    expect(names[0]).toBe('Acme');
    expect(names).toContain('Design');
    expect(names).not.toContain('Engineering');
    const carolNames = (await carol.call('stream:list', {})).streams.map((s) => s.name);
    expect(carolNames).toContain('Engineering');
    expect(carolNames).not.toContain('Design');
  });

  it('caught up the seeded history into the cache', async () => {
    const design = await streamIdByName(alice, 'Design');
    const { messages } = await alice.call('message:list', { streamId: design });
    expect(messages.map((m) => m.body)).toEqual([
      'Spring launch drafts go in this thread. First round of mockups by Friday. #launch',
      'New icon set is ready for review **with dark mode** 🎨 #icons',
    ]);
    const thread = await alice.call('thread:get', { rootId: messages[0]!.id });
    expect(thread.replies).toHaveLength(2);
    expect(messages.every((m) => m.status === 'sent')).toBe(true);
  });

  it('delivers a message alice sends in Design to bob (data:changed) but never to carol', async () => {
    const design = await streamIdByName(alice, 'Design');
    const bobChangesBefore = bob.changes.length;
    const carolChangesBefore = carol.changes.length;
    const { clientId } = await alice.call('message:send', { streamId: design, body: 'hello from the thin slice' });
    const pending = await alice.call('message:list', { streamId: design });
    expect(pending.messages.some((m) => m.clientId === clientId)).toBe(true);

    await waitUntil(async () => {
      const list = await bob.call('message:list', { streamId: design });
      return list.messages.some((m) => m.clientId === clientId && m.status === 'sent');
    });
    expect(
      bob.changes.slice(bobChangesBefore).some((c) => c.streamIds.includes(design) && c.kinds.includes('messages')),
    ).toBe(true);
    await waitUntil(async () => {
      const list = await alice.call('message:list', { streamId: design });
      return (
        list.messages.filter((m) => m.clientId === clientId).length === 1 &&
        list.messages.every((m) => m.status === 'sent')
      );
    });
    // a later message carol does read: once her cache has it, anything of Design would have come first
    const acme = await streamIdByName(alice, 'Acme');
    const sentinel = await alice.call('message:send', { streamId: acme, body: 'sentinel in the org stream' });
    await waitUntil(async () =>
      (await carol.call('message:list', { streamId: acme })).messages.some((m) => m.clientId === sentinel.clientId),
    );
    await waitUntil(() => carol.changes.slice(carolChangesBefore).some((c) => c.streamIds.includes(acme)));
    expect(carol.changes.slice(carolChangesBefore).some((c) => c.streamIds.includes(design))).toBe(false);
    const carolSearch = await carol.call('search:query', { query: 'thin slice' });
    expect(carolSearch.hits).toHaveLength(0);
    const carolDesign = await carol.core.invoke('message:list', { streamId: design });
    expect(carolDesign.ok && carolDesign.value).toEqual({ messages: [], hasMore: false });
  });

  it('rejects unknown channels and malformed requests with INVALID and the field', async () => {
    const unknown = await invokeUntyped(alice.core, 'nope:nope', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'INVALID', field: 'channel' } });
    const bad = await alice.core.invoke('message:send', { streamId: 'not-a-uuid', body: 'x' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID', field: 'streamId' } });
    const extra = await invokeUntyped(alice.core, 'session:get', { sneaky: true });
    expect(extra).toMatchObject({ ok: false, error: { code: 'INVALID' } });
  });

  it('reports live with an empty outbox once everything is acknowledged', async () => {
    await waitUntil(() => alice.statuses.at(-1)?.pendingCount === 0);
    expect(alice.statuses.at(-1)).toMatchObject({ state: 'live', pendingCount: 0 });
  });
});

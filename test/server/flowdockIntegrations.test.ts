// Flowdock's sources and flow-token posts (docs/flowdock-api.md, "Integrations"): REST sources for the
// users who may manage them; activities and discussions that gather by external_thread_id into one
// thread, live in the app; 401 for a wrong or revoked token; validation as 400 naming the field; an
// integration's post promoted with its curator's consent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message, Stream, StreamEvent } from '../../shared/protocol/index';
import { api, basicAuth, createApiToken } from '../helpers/flowdock';
import {
  collect,
  connectDemoUsers,
  loginAndConnect,
  ok,
  readStore,
  request,
  startTestServer,
  streamNamed,
  waitFor,
  type ClientSocket,
  type TestServer,
} from '../helpers/server';

let ts: TestServer;
let alice: ClientSocket;
let bob: ClientSocket;
let dave: ClientSocket;
let aliceToken: string;
let bobToken: string;
let daveToken: string;
let design: Stream;
let flowToken: string;
let integrationId: string;

beforeAll(async () => {
  ts = await startTestServer({ rateLimit: { perSecond: 10_000, burst: 10_000 } });
  [alice, bob, dave] = await connectDemoUsers(ts.url, ['alice', 'bob', 'dave']);
  [aliceToken, bobToken, daveToken] = await Promise.all([
    createApiToken(alice),
    createApiToken(bob),
    createApiToken(dave),
  ]);
  design = await streamNamed(alice, 'Design');
  const created = await api(ts.url, '/flows/acme/design/sources', {
    method: 'POST',
    auth: basicAuth(aliceToken),
    json: { name: 'Zendesk', avatar: 'https://zendesk.test/icon.png' },
  });
  flowToken = created.body.flow_token;
  integrationId = created.body.id;
});
afterAll(async () => {
  for (const s of [alice, bob, dave]) s.close();
  await ts.close();
});

const postMessages = (json: unknown) => api(ts.url, '/messages', { method: 'POST', json });

const activity = (externalThreadId: string, extra: Record<string, unknown> = {}) => ({
  flow_token: flowToken,
  event: 'activity',
  author: { name: 'Marty', avatar: 'https://avatars.test/marty.png' },
  title: 'created ticket',
  external_thread_id: externalThreadId,
  thread: {
    title: 'Polish the flux capacitor',
    body: 'It has been in storage for <b>30 years</b>.',
    fields: [{ label: 'Dustiness', value: '5 - severe' }],
    external_url: 'https://tickets.test/1234567',
    status: { color: 'green', value: 'open' },
  },
  ...extra,
});

describe('sources (REST)', () => {
  it('creates (201, flow_token once), lists, shows and deletes (204) a source', async () => {
    expect(flowToken).toMatch(/^[0-9a-f]{40}$/);
    const made = await api(ts.url, '/flows/acme/design/sources', {
      method: 'POST',
      auth: basicAuth(daveToken),
      json: { name: 'GitHub' },
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ name: 'GitHub', _links: {}, application: { name: 'GitHub' } });
    expect(made.body.url).toMatch(/\/flows\/acme\/design\/sources\//);
    const list = await api(ts.url, '/flows/acme/design/sources', { auth: basicAuth(aliceToken) });
    expect(list.status).toBe(200);
    expect(list.body.map((s: { name: string }) => s.name)).toEqual(expect.arrayContaining(['GitHub', 'Zendesk']));
    expect(JSON.stringify(list.body)).not.toContain('flow_token');
    const one = await api(ts.url, `/flows/acme/design/source/${made.body.id}`, { auth: basicAuth(aliceToken) });
    expect(one).toMatchObject({ status: 200, body: { id: made.body.id, name: 'GitHub' } });
    expect(one.body.flow_token).toBeUndefined();
    const gone = await api(ts.url, `/flows/acme/design/sources/${made.body.id}`, {
      method: 'DELETE',
      auth: basicAuth(aliceToken),
    });
    expect(gone.status).toBe(204);
    const again = await api(ts.url, `/flows/acme/design/sources/${made.body.id}`, { auth: basicAuth(aliceToken) });
    expect(again.status).toBe(404);
    const refused = await postMessages({ flow_token: made.body.flow_token, event: 'message', content: 'hi' });
    expect(refused.status).toBe(401);
  });

  it('refuses members (403), other flows, missing names and unauthenticated callers', async () => {
    expect((await api(ts.url, '/flows/acme/design/sources', { auth: basicAuth(bobToken) })).status).toBe(403);
    const byMember = await api(ts.url, '/flows/acme/design/sources', {
      method: 'POST',
      auth: basicAuth(bobToken),
      json: { name: 'x' },
    });
    expect(byMember.status).toBe(403);
    expect((await api(ts.url, '/flows/acme/acme/sources', { auth: basicAuth(daveToken) })).status).toBe(403);
    expect((await api(ts.url, '/flows/acme/nowhere/sources', { auth: basicAuth(daveToken) })).status).toBe(404);
    expect((await api(ts.url, '/flows/globex/design/sources', { auth: basicAuth(daveToken) })).status).toBe(404);
    const noName = await api(ts.url, '/flows/acme/design/sources', {
      method: 'POST',
      auth: basicAuth(aliceToken),
      json: {},
    });
    expect(noName).toMatchObject({ status: 400, body: { errors: { name: expect.any(Array) } } });
    expect((await api(ts.url, '/flows/acme/design/sources')).status).toBe(401);
    expect((await api(ts.url, `/flows/acme/design/sources/not-an-id`, { auth: basicAuth(aliceToken) })).status).toBe(
      404,
    );
  });
});

describe('posting with a flow token', () => {
  it('gathers an activity and a discussion with one external_thread_id into one thread, live in the app', async () => {
    const events = collect<StreamEvent>(bob, 'event');
    const first = await postMessages(activity('ticket-1'));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ event: 'activity', external_thread_id: 'ticket-1', flow: design.id });
    const second = await postMessages({
      flow_token: flowToken,
      event: 'discussion',
      author: { name: 'Jennifer' },
      title: 'commented',
      body: 'I will dust it tomorrow.',
      external_thread_id: 'ticket-1',
    });
    expect(second.status).toBe(200);
    expect(second.body.thread_id).toBe(first.body.thread_id);

    const root = (await readStore(ts, (tx) => tx.messages.get(first.body.thread_id)))!;
    expect(root.body).toContain('**Polish the flux capacitor** · open');
    expect(root.body).toContain('- Dustiness: 5 - severe');
    expect(root.body).not.toContain('<b>');
    expect(root).toMatchObject({
      replyCount: 2,
      authorName: 'Zendesk',
      integration: { id: integrationId, name: 'Zendesk', avatarUrl: 'https://zendesk.test/icon.png' },
    });
    const page = await ok(bob, 'history', { streamId: design.id, beforeSeq: 1e9, limit: 10 });
    const entries = page.messages.filter((m) => m.threadRootId === root.id).sort((a, b) => a.seq - b.seq);
    expect(entries.map((m) => m.body)).toEqual(['created ticket', '*commented*\n\nI will dust it tomorrow.']);
    expect(entries.map((m) => m.integration?.externalAuthor)).toEqual(['Marty', 'Jennifer']);
    expect(entries.every((m) => m.authorName === 'Zendesk')).toBe(true);
    await waitFor(() =>
      events.some((e) => e.type === 'message:created' && e.message?.id === entries[1]!.id && !!e.message.integration),
    );
  });

  it('makes one thread of concurrent first posts with the same external_thread_id', async () => {
    const answers = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => postMessages(activity('ticket-race', { title: `update ${n}` }))),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    const roots = new Set(answers.map((a) => a.body.thread_id as string));
    expect(roots.size).toBe(1);
    const root = (await readStore(ts, (tx) => tx.messages.get([...roots][0]!)))!;
    expect(root.replyCount).toBe(5);
  });

  it('updates the thread’s title and status on a later post, as an edit of its root', async () => {
    const first = await postMessages(activity('ticket-2'));
    const events = collect<StreamEvent>(bob, 'event');
    const closed = activity('ticket-2', { title: 'closed ticket' });
    (closed.thread as { status: unknown }).status = { color: 'grey', value: 'closed' };
    const update = await postMessages(closed);
    expect(update.body.thread_id).toBe(first.body.thread_id);
    const root = (await readStore(ts, (tx) => tx.messages.get(first.body.thread_id)))!;
    expect(root.body).toContain('**Polish the flux capacitor** · closed');
    expect(root.editedAt).not.toBeNull();
    await waitFor(() =>
      events.some((e) => e.type === 'message:edited' && e.message?.id === root.id && e.message.body.includes('closed')),
    );
  });

  it('starts the thread afresh once its root was deleted', async () => {
    const first = await postMessages(activity('ticket-deleted'));
    const rootId = first.body.thread_id as string;
    await ok(alice, 'message:delete', { messageId: rootId });
    const withoutThread = await postMessages({ ...activity('ticket-deleted'), thread: undefined });
    expect(withoutThread).toMatchObject({ status: 400, body: { errors: { thread: expect.any(Array) } } });
    const again = await postMessages(activity('ticket-deleted', { title: 'reopened ticket' }));
    expect(again.status).toBe(200);
    expect(again.body.thread_id).not.toBe(rootId);
    const root = (await readStore(ts, (tx) => tx.messages.get(again.body.thread_id)))!;
    expect(root).toMatchObject({ deletedAt: null, replyCount: 1 });
  });

  it('is idempotent on uuid, and posts a plain message with an external user name', async () => {
    const body = {
      flow_token: flowToken,
      event: 'message',
      content: 'Deployed',
      external_user_name: 'CI',
      uuid: 'ci-run-00001',
    };
    const a = await postMessages(body);
    const b = await postMessages(body);
    expect(a.status).toBe(200);
    expect(b.body.id).toBe(a.body.id);
    // the integration sees its own uuid, in the answer and in the flow's history
    expect(a.body.uuid).toBe('ci-run-00001');
    const listed = await api(ts.url, `/flows/acme/design/messages/${a.body.id}`, { auth: basicAuth(bobToken) });
    expect(listed.body.uuid).toBe('ci-run-00001');
    const stored = (await readStore(ts, (tx) => tx.flowHistory.getBySeq(design.id, a.body.id)))!;
    const message = (await readStore(ts, (tx) => tx.messages.get(stored.id)))!;
    expect(message.integration).toMatchObject({ name: 'Zendesk', externalAuthor: 'CI' });
  });

  it('answers 401 for a wrong or missing token and 400 naming the field for bad input', async () => {
    const wrong = await postMessages({ flow_token: 'f'.repeat(40), event: 'message', content: 'x' });
    expect(wrong).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } });
    expect((await postMessages({ flow_token: 42, event: 'message', content: 'x' })).status).toBe(401);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ event: 'activity', author: { name: 'M' }, external_thread_id: 'x' }, 'title'],
      [{ event: 'activity', title: 't', external_thread_id: 'x' }, 'author'],
      [{ event: 'activity', title: 't', author: { name: 'M' } }, 'external_thread_id'],
      [{ event: 'activity', title: 't', author: { name: 'M' }, external_thread_id: 'new-one' }, 'thread'],
      [{ event: 'discussion', author: { name: 'M' }, external_thread_id: 'ticket-1' }, 'body'],
      [{ event: 'message' }, 'content'],
      [{ event: 'message', content: '\u200b \u2800' }, 'content'],
      [{ event: 'activity', title: '\u200b', author: { name: 'M' }, external_thread_id: 'ticket-1' }, 'title'],
      [{ event: 'status', content: 'x' }, 'event'],
      [
        { ...activity('bad-color'), thread: { title: 't', status: { color: 'pink', value: 'x' } } },
        'thread.status.color',
      ],
    ];
    for (const [input, field] of cases) {
      const answer = await postMessages({ flow_token: flowToken, ...input });
      expect(answer.status, field).toBe(400);
      expect(Object.keys(answer.body.errors ?? {}), field).toEqual([field]);
    }
  });

  it('applies the link policy (422) and refuses a flow token on other endpoints', async () => {
    await ts.server.admin.setUrlPolicy({ org: 'Acme', allow: [], deny: ['evil.example'] });
    try {
      const blocked = await postMessages({
        ...activity('ticket-3'),
        thread: { title: 't', external_url: 'https://evil.example/x' },
      });
      expect(blocked).toMatchObject({ status: 422, body: { error: { code: 'POLICY_BLOCKED' } } });
    } finally {
      await ts.server.admin.setUrlPolicy({ org: 'Acme', allow: [], deny: [] });
    }
    const elsewhere = await api(ts.url, '/flows/acme/design/messages', {
      method: 'POST',
      auth: basicAuth(bobToken),
      json: { flow_token: flowToken, event: 'message', content: 'x' },
    });
    expect(elsewhere).toMatchObject({ status: 400, body: { errors: { flow_token: expect.any(Array) } } });
  });

  it('keeps the integration’s post its own: its steward cannot edit it in the app', async () => {
    const posted = await postMessages({ flow_token: flowToken, event: 'message', content: 'Mine' });
    const stored = (await readStore(ts, (tx) => tx.flowHistory.getBySeq(design.id, posted.body.id)))!;
    expect(await request(alice, 'message:edit', { messageId: stored.id, body: 'changed' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });
});

describe('the request budget of an integration', () => {
  it('is its own: over it, 429 with Retry-After, while its steward’s budget is untouched', async () => {
    const limited = await startTestServer({ rateLimit: { perSecond: 0.01, burst: 3 } });
    try {
      const { socket } = await loginAndConnect(limited.url, 'alice@acme.test');
      const designId = (await streamNamed(socket, 'Design')).id;
      const { flowToken: token } = await ok(socket, 'integration:create', { streamId: designId, name: 'Chatty' });
      const post = (n: number) =>
        api(limited.url, '/messages', {
          method: 'POST',
          json: { flow_token: token, event: 'message', content: `build ${n}` },
        });
      for (const n of [1, 2, 3]) expect((await post(n)).status).toBe(200);
      const over = await post(4);
      expect(over.status).toBe(429);
      expect(over.headers.get('retry-after')).toBe('1');
      // alice has spent two of her three requests (hello, integration:create): one is left for her
      expect(await request(socket, 'hello', {})).toMatchObject({ ok: true });
      socket.close();
    } finally {
      await limited.close();
    }
  });
});

describe('promoting an integration’s post', () => {
  it('asks the curator who stewards the integration to consent, then publishes it as the integration’s', async () => {
    const posted = await postMessages({ flow_token: flowToken, event: 'message', content: 'Release 2.0 is out' });
    const original = (await readStore(ts, (tx) => tx.flowHistory.getBySeq(design.id, posted.body.id)))!;
    const proposed = await ok(bob, 'promotion:propose', { messageId: original.id, clientId: 'promote-int-1' });
    expect(proposed.promotion.state).toBe('awaiting_consent');
    expect(await request(bob, 'promotion:consent', { promotionId: proposed.promotion.id, accept: true })).toMatchObject(
      {
        ok: false,
        error: { code: 'FORBIDDEN' },
      },
    );
    const consented = await ok(alice, 'promotion:consent', { promotionId: proposed.promotion.id, accept: true });
    expect(consented.promotion.state).toBe('awaiting_approval');
    const decided = await ok(alice, 'promotion:decide', { promotionId: proposed.promotion.id, approve: true });
    expect(decided.promotion.state).toBe('published');
    const copy = (await readStore(ts, (tx) => tx.messages.get(decided.promotion.orgMessageId!))) as Message;
    expect(copy).toMatchObject({
      body: 'Release 2.0 is out',
      authorName: 'Zendesk',
      integration: { id: integrationId, name: 'Zendesk' },
      provenance: { authorName: 'Zendesk' },
    });
  });
});

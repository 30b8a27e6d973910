// The Flowdock-compatible API's contract, endpoint by endpoint (docs/flowdock-api.md): status codes,
// JSON shapes, authentication and its failures, authorization as on the socket, bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Notification, Stream, StreamEvent } from '../../shared/protocol/index';
import { api, basicAuth, createApiToken } from '../helpers/flowdock';
import {
  collect,
  connectDemoUsers,
  loginAndConnect,
  ok,
  rawSql,
  startTestServer,
  streamNamed,
  waitFor,
  type ClientSocket,
  type TestServer,
} from '../helpers/server';

let ts: TestServer;
let alice: ClientSocket;
let bob: ClientSocket;
let zed: ClientSocket;
let aliceToken: string;
let bobToken: string;
let zedToken: string;
let design: Stream;
let aliceId: string;

const as = (token: string) => basicAuth(token);

beforeAll(async () => {
  ts = await startTestServer({ rateLimit: { perSecond: 10_000, burst: 10_000 } });
  const admin = ts.server.admin;
  await admin.createOrg('Globex');
  await admin.addUser({ org: 'Globex', email: 'zed@globex.test', name: 'Zed Zimmer', password: 'globex-password' });
  await admin.addTeam({ org: 'Globex', name: 'Ops', handle: 'ops' });
  await admin.addMember({ email: 'zed@globex.test', team: 'ops' });
  await admin.addTeam({ org: 'Acme', name: 'Bot Lab', handle: 'botlab' });
  await admin.addMember({ email: 'alice@acme.test', team: 'botlab' });
  await admin.addMember({ email: 'bob@acme.test', team: 'botlab' });
  [alice, bob] = await connectDemoUsers(ts.url, ['alice', 'bob']);
  zed = (await loginAndConnect(ts.url, 'zed@globex.test', 'globex-password')).socket;
  [aliceToken, bobToken, zedToken] = await Promise.all([
    createApiToken(alice),
    createApiToken(bob),
    createApiToken(zed),
  ]);
  design = await streamNamed(alice, 'Design');
  aliceId = (await ok(alice, 'hello', {})).user.id;
});
afterAll(async () => {
  for (const s of [alice, bob, zed]) s.close();
  await ts.close();
});

describe('authentication (HTTP Basic)', () => {
  it('refuses a request without credentials with 401 and a Basic challenge', async () => {
    const answer = await api(ts.url, '/user');
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect(answer.body).toMatchObject({ message: expect.any(String), error: { code: 'UNAUTHENTICATED' } });
  });

  it('takes a personal API token as the user name and ignores the password', async () => {
    for (const auth of [basicAuth(aliceToken), basicAuth(aliceToken, 'DUMMY')]) {
      const answer = await api(ts.url, '/user', { auth });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ id: aliceId, email: 'alice@acme.test', nick: 'alice', name: 'Alice Archer' });
      expect(answer.headers.get('flowdock-user')).toBe(aliceId);
    }
  });

  it('takes an email and password, and refuses a wrong one or an unknown token', async () => {
    expect((await api(ts.url, '/user', { auth: basicAuth('bob@acme.test', 'tributary') })).body.email).toBe(
      'bob@acme.test',
    );
    expect((await api(ts.url, '/user', { auth: basicAuth('bob@acme.test', 'wrong') })).status).toBe(401);
    expect((await api(ts.url, '/user', { auth: basicAuth('f'.repeat(40)) })).status).toBe(401);
    expect((await api(ts.url, '/user', { auth: 'Bearer something' })).status).toBe(401);
  });

  it('refuses a token once its owner revoked it', async () => {
    const { apiToken, secret } = await ok(bob, 'apitoken:create', { name: 'short-lived' });
    expect((await api(ts.url, '/user', { auth: as(secret) })).status).toBe(200);
    const listed = await ok(bob, 'apitoken:list', {});
    expect(listed.apiTokens.map((t) => t.name)).toContain('short-lived');
    expect(JSON.stringify(listed)).not.toContain(secret);
    await ok(bob, 'apitoken:revoke', { apiTokenId: apiToken.id });
    expect((await api(ts.url, '/user', { auth: as(secret) })).status).toBe(401);
    expect((await ok(bob, 'apitoken:list', {})).apiTokens.map((t) => t.id)).not.toContain(apiToken.id);
  });

  it('records when a token was last used, to the minute, for its owner and the admin console', async () => {
    const { apiToken, secret } = await ok(bob, 'apitoken:create', { name: 'watched' });
    const lastUsed = async () => (await ok(bob, 'apitoken:list', {})).apiTokens.find((t) => t.id === apiToken.id)!;
    expect((await lastUsed()).lastUsedAt).toBeNull();

    const before = Date.now();
    expect((await api(ts.url, '/user', { auth: as(secret) })).status).toBe(200);
    const first = (await lastUsed()).lastUsedAt!;
    expect(first).toBeGreaterThanOrEqual(before);
    expect(first).toBeLessThanOrEqual(Date.now());

    // a bot polling every second writes no row per request: the minute's use is already recorded
    expect((await api(ts.url, '/user', { auth: as(secret) })).status).toBe(200);
    expect((await lastUsed()).lastUsedAt).toBe(first);

    const longAgo = first - 5 * 60_000;
    await rawSql(ts, (sql) => sql.run('UPDATE api_tokens SET last_used_at = ? WHERE id = ?', [longAgo, apiToken.id]));
    expect((await api(ts.url, '/user', { auth: as(secret) })).status).toBe(200);
    expect((await lastUsed()).lastUsedAt).toBeGreaterThanOrEqual(first);

    const [dave] = await connectDemoUsers(ts.url, ['dave']);
    const overview = (await ok(dave, 'admin:apiTokens', {})).apiTokens.find((t) => t.id === apiToken.id);
    expect(overview).toMatchObject({ name: 'watched', userEmail: 'bob@acme.test', lastUsedAt: expect.any(Number) });
    dave.close();
  });
});

describe('flows', () => {
  it('GET /flows lists the flows the caller reads, with parameterized names; users=1 adds their users', async () => {
    const answer = await api(ts.url, '/flows', { auth: as(bobToken) });
    expect(answer.status).toBe(200);
    type FlowJson = { name: string; users?: Array<{ email: string }> };
    expect(answer.body.map((f: FlowJson) => f.name)).toEqual(['Acme', 'Bot Lab', 'Design']);
    const lab = answer.body[1];
    expect(lab).toMatchObject({
      parameterized_name: 'bot-lab',
      organization: { name: 'Acme', parameterized_name: 'acme' },
      joined: true,
      open: true,
      unread_mentions: 0,
    });
    expect(lab.url).toMatch(/\/flows\/acme\/bot-lab$/);
    expect(lab).not.toHaveProperty('users');
    const withUsers = await api(ts.url, '/flows?users=1', { auth: as(bobToken) });
    const designUsers = withUsers.body
      .find((f: FlowJson) => f.name === 'Design')
      .users.map((u: { email: string }) => u.email)
      .sort();
    expect(designUsers).toEqual(['alice@acme.test', 'bob@acme.test']);
  });

  it('GET /flows/:org/:flow answers the flow with its users; another team is 403, another org 404', async () => {
    const answer = await api(ts.url, '/flows/acme/design', { auth: as(bobToken) });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: design.id, name: 'Design', access_mode: 'invitation' });
    expect(answer.body.users).toHaveLength(2);
    expect((await api(ts.url, '/flows/acme/engineering', { auth: as(bobToken) })).status).toBe(403);
    expect((await api(ts.url, '/flows/globex/ops', { auth: as(bobToken) })).status).toBe(404);
    expect((await api(ts.url, '/flows/acme/ops', { auth: as(bobToken) })).status).toBe(404);
    expect((await api(ts.url, '/flows/globex/ops', { auth: as(zedToken) })).status).toBe(200);
  });

  it('GET /flows/find?id= finds a flow by id under the same rules', async () => {
    expect((await api(ts.url, `/flows/find?id=${design.id}`, { auth: as(bobToken) })).body.name).toBe('Design');
    const otherOrg = await api(ts.url, `/flows/find?id=${design.id}`, { auth: as(zedToken) });
    expect(otherOrg.status).toBe(404);
    const missing = await api(ts.url, '/flows/find', { auth: as(bobToken) });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'INVALID', field: 'id' });
  });
});

describe('messages', () => {
  const post = (token: string, path: string, json: unknown) =>
    api(ts.url, path, { method: 'POST', auth: as(token), json });

  it('POST /flows/:org/:flow/messages stores the message through the socket path: live in the app, with tags', async () => {
    const events = collect<StreamEvent>(alice, 'event');
    const notes = collect<Notification>(alice, 'notification');
    const answer = await post(bobToken, '/flows/acme/design/messages', {
      event: 'message',
      content: 'Build 42 is green #ci',
      tags: ['deploy', '@alice', '#ci'],
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      event: 'message',
      flow: design.id,
      content: 'Build 42 is green #ci\n\n#deploy @alice',
      app: 'chat',
      attachments: [],
    });
    expect(Number.isInteger(answer.body.id)).toBe(true);
    expect(answer.body.tags).toEqual(expect.arrayContaining(['ci', 'deploy', `:user:${aliceId}`]));
    expect(answer.body.thread_id).toEqual(expect.any(String));
    await waitFor(() => events.some((e) => e.type === 'message:created' && e.message?.seq === answer.body.id));
    await waitFor(() => notes.some((n) => n.kind === 'mention' && n.text.startsWith('Build 42')));
  });

  it('is idempotent on uuid, takes forms, and answers comments in the parent’s thread', async () => {
    const first = await post(bobToken, '/flows/acme/design/messages', {
      event: 'message',
      content: 'once',
      uuid: 'bot-uuid-0001',
    });
    const again = await post(bobToken, '/flows/acme/design/messages', {
      event: 'message',
      content: 'once',
      uuid: 'bot-uuid-0001',
    });
    expect(again.body.id).toBe(first.body.id);
    const form = await api(ts.url, '/flows/acme/design/messages', {
      method: 'POST',
      auth: as(bobToken),
      form: { event: 'message', content: 'from a form', tags: 'formtag' },
    });
    expect(form.status).toBe(200);
    expect(form.body.tags).toContain('formtag');
    const reply = await post(aliceToken, '/flows/acme/design/messages', {
      event: 'message',
      content: 'in the thread',
      thread_id: first.body.thread_id,
    });
    expect(reply.body.thread_id).toBe(first.body.thread_id);
    const comment = await post(aliceToken, `/flows/acme/design/messages/${reply.body.id}/comments`, {
      event: 'comment',
      content: 'a comment on a reply joins the same thread',
    });
    expect(comment.body.thread_id).toBe(first.body.thread_id);
    const viaComments = await post(aliceToken, '/comments', {
      event: 'comment',
      flow: design.id,
      message: first.body.id,
      content: 'via /comments',
    });
    expect(viaComments.body.thread_id).toBe(first.body.thread_id);
    const viaMessages = await post(aliceToken, '/messages', {
      event: 'message',
      flow: design.id,
      content: 'via /messages',
    });
    expect(viaMessages.body.flow).toBe(design.id);
  });

  it('refuses bad input with 4xx naming the field', async () => {
    const cases: Array<[path: string, json: unknown, status: number, field: string]> = [
      ['/flows/acme/design/messages', { event: 'message' }, 400, 'content'],
      ['/flows/acme/design/messages', { event: 'message', content: '   ' }, 400, 'content'],
      ['/flows/acme/design/messages', { event: 'message', content: 'x'.repeat(16_001) }, 400, 'content'],
      ['/flows/acme/design/messages', { event: 'status', content: 'away' }, 400, 'event'],
      ['/flows/acme/design/messages', { content: 'no event' }, 400, 'event'],
      ['/flows/acme/design/messages', { event: 'message', content: 'x', thread_id: 'nope' }, 400, 'thread_id'],
      ['/flows/acme/design/messages', { event: 'message', content: 'x', tags: ['not a tag'] }, 400, 'tags'],
      ['/flows/acme/design/messages', { event: 'message', content: 'x', uuid: 'short' }, 400, 'uuid'],
      ['/flows/acme/design/messages', { event: 'comment', content: 'orphan' }, 400, 'message'],
      [
        '/flows/acme/design/messages',
        { event: 'message', content: 'x', external_user_name: 'CI' },
        400,
        'external_user_name',
      ],
      ['/messages', { event: 'message', content: 'where to?' }, 400, 'flow'],
      ['/flows/acme/design/messages/999999/comments', { event: 'comment', content: 'x' }, 404, 'message'],
    ];
    for (const [path, json, status, field] of cases) {
      const answer = await post(bobToken, path, json);
      expect([path, JSON.stringify(json).slice(0, 80), answer.status, answer.body.error?.field]).toEqual([
        path,
        JSON.stringify(json).slice(0, 80),
        status,
        field,
      ]);
    }
    const plain = await api(ts.url, '/messages', {
      method: 'POST',
      auth: as(bobToken),
      raw: { type: 'text/plain', text: 'hi' },
    });
    expect(plain.status).toBe(415);
    const broken = await api(ts.url, '/messages', {
      method: 'POST',
      auth: as(bobToken),
      raw: { type: 'application/json', text: '{"event":' },
    });
    expect(broken.status).toBe(400);
  });

  it('applies the socket protocol’s authorization and the link policy', async () => {
    expect((await post(bobToken, '/flows/acme/engineering/messages', { event: 'message', content: 'hi' })).status).toBe(
      403,
    );
    expect((await post(zedToken, '/messages', { event: 'message', flow: design.id, content: 'hi' })).status).toBe(404);
    await ts.server.admin.setUrlPolicy({ org: 'Acme', allow: [], deny: ['evil.example'] });
    const blocked = await post(bobToken, '/flows/acme/design/messages', {
      event: 'message',
      content: 'see https://evil.example/x',
    });
    expect(blocked.status).toBe(422);
    expect(blocked.body.error.code).toBe('POLICY_BLOCKED');
    await ts.server.admin.setUrlPolicy({ org: 'Acme', allow: [], deny: [] });
  });

  it('GET /flows/:org/:flow/messages pages with limit, sort, since_id and until_id, and filters by tags and search', async () => {
    const ids: number[] = [];
    for (const [i, content] of [
      'alpha #red',
      'beta #red #blue',
      'gamma #blue',
      'delta @alice',
      'epsilon words here',
    ].entries()) {
      ids.push(
        (await post(bobToken, '/flows/acme/bot-lab/messages', { event: 'message', content, uuid: `paging-${i}-xyz` }))
          .body.id,
      );
    }
    const list = async (query: string) => {
      const answer = await api(ts.url, `/flows/acme/bot-lab/messages${query}`, { auth: as(aliceToken) });
      expect(answer.status).toBe(200);
      return answer.body.map((m: { content: string }) => m.content.split(' ')[0]);
    };
    expect(await list('')).toEqual(['alpha', 'beta', 'gamma', 'delta', 'epsilon']);
    expect(await list('?limit=2')).toEqual(['delta', 'epsilon']);
    expect(await list('?limit=2&sort=asc')).toEqual(['alpha', 'beta']);
    expect(await list(`?since_id=${ids[1]}&sort=asc&limit=2`)).toEqual(['gamma', 'delta']);
    expect(await list(`?until_id=${ids[2]}`)).toEqual(['alpha', 'beta']);
    expect(await list('?tags=red,blue')).toEqual(['beta']);
    expect(await list('?tags=red,%23blue&tag_mode=or')).toEqual(['alpha', 'beta', 'gamma']);
    expect(await list('?tags=@alice')).toEqual(['delta']);
    expect(await list(`?tags=:user:${aliceId}`)).toEqual(['delta']);
    expect(await list('?tags=@nobody')).toEqual([]);
    expect(await list('?search=WORDS%20epsilon')).toEqual(['epsilon']);
    expect(await list('?event=action')).toEqual([]);
    expect(await list('?event=message,comment&limit=1')).toEqual(['epsilon']);
    for (const [query, field] of [
      ['?limit=0', 'limit'],
      ['?limit=101', 'limit'],
      ['?limit=ten', 'limit'],
      ['?sort=up', 'sort'],
      ['?since_id=-1', 'since_id'],
      ['?tag_mode=xor', 'tag_mode'],
    ] as const) {
      const answer = await api(ts.url, `/flows/acme/bot-lab/messages${query}`, { auth: as(aliceToken) });
      expect([query, answer.status, answer.body.error?.field]).toEqual([query, 400, field]);
    }
    expect((await api(ts.url, '/flows/acme/engineering/messages', { auth: as(aliceToken) })).status).toBe(403);
  });

  it('GET, PUT and DELETE one message: the author edits and deletes, others are refused', async () => {
    const edited = collect<StreamEvent>(alice, 'event');
    const created = await post(bobToken, '/flows/acme/design/messages', { event: 'message', content: 'to be edited' });
    const path = `/flows/acme/design/messages/${created.body.id}`;
    const one = await api(ts.url, path, { auth: as(aliceToken) });
    expect(one.body).toMatchObject({ id: created.body.id, content: 'to be edited', user: created.body.user });
    expect((await api(ts.url, '/flows/acme/design/messages/987654', { auth: as(aliceToken) })).status).toBe(404);
    expect((await api(ts.url, '/flows/acme/design/messages/abc', { auth: as(aliceToken) })).status).toBe(400);
    const put = (token: string, json: unknown) => api(ts.url, path, { method: 'PUT', auth: as(token), json });
    expect((await put(aliceToken, { content: 'not mine' })).status).toBe(403);
    expect(await put(bobToken, { content: 'edited by the bot', tags: ['done'] })).toMatchObject({
      status: 200,
      body: {},
    });
    expect((await api(ts.url, path, { auth: as(aliceToken) })).body).toMatchObject({
      content: 'edited by the bot\n\n#done',
      tags: ['done'],
      edited: expect.any(Number),
    });
    await waitFor(() =>
      edited.some((e) => e.type === 'message:edited' && e.message?.body === 'edited by the bot\n\n#done'),
    );
    expect((await put(bobToken, {})).body.error.field).toBe('content');
    expect((await api(ts.url, path, { method: 'DELETE', auth: as(zedToken) })).status).toBe(404);
    expect(await api(ts.url, path, { method: 'DELETE', auth: as(bobToken) })).toMatchObject({ status: 200, body: {} });
    expect((await api(ts.url, path, { auth: as(aliceToken) })).body).toMatchObject({ content: '', deleted: true });
  });
});

describe('users, organizations and what is not there', () => {
  it('GET /users, /users/:id and /organizations stay inside the caller’s organization', async () => {
    const users = await api(ts.url, '/users', { auth: as(bobToken) });
    expect(users.body.map((u: { email: string }) => u.email).sort()).toEqual([
      'alice@acme.test',
      'bob@acme.test',
      'carol@acme.test',
      'dave@acme.test',
    ]);
    expect((await api(ts.url, `/users/${aliceId}`, { auth: as(bobToken) })).body.nick).toBe('alice');
    expect((await api(ts.url, `/users/${aliceId}`, { auth: as(zedToken) })).status).toBe(404);
    const orgs = await api(ts.url, '/organizations', { auth: as(bobToken) });
    expect(orgs.body).toHaveLength(1);
    expect(orgs.body[0]).toMatchObject({ name: 'Acme', parameterized_name: 'acme', user_count: 4, active: true });
    expect(orgs.body[0].users.find((u: { email: string }) => u.email === 'dave@acme.test').admin).toBe(true);
    expect((await api(ts.url, '/organizations/acme', { auth: as(bobToken) })).status).toBe(200);
    expect((await api(ts.url, '/organizations/globex', { auth: as(bobToken) })).status).toBe(404);
    expect((await api(ts.url, `/organizations/find?id=${orgs.body[0].id}`, { auth: as(zedToken) })).status).toBe(404);
  });

  it('answers a wrong method 405 and an unknown path 404 (private conversations: flowdockPrivate.test.ts)', async () => {
    expect((await api(ts.url, `/private/${aliceId}/messages`, { method: 'DELETE', auth: as(bobToken) })).status).toBe(
      405,
    );
    expect((await api(ts.url, '/flows', { method: 'DELETE', auth: as(bobToken) })).status).toBe(405);
    expect((await api(ts.url, '/nothing-here', { auth: as(bobToken) })).status).toBe(404);
  });
});

describe('rate limits', () => {
  it('draws API requests from the budget the user’s sockets share: 429 with Retry-After', async () => {
    const limited = await startTestServer({ rateLimit: { perSecond: 0.01, burst: 4 } });
    try {
      const { socket } = await loginAndConnect(limited.url, 'carol@acme.test');
      const token = await createApiToken(socket);
      expect((await api(limited.url, '/user', { auth: basicAuth(token) })).status).toBe(200);
      await ok(socket, 'hello', {});
      await ok(socket, 'hello', {});
      const over = await api(limited.url, '/user', { auth: basicAuth(token) });
      expect(over.status).toBe(429);
      expect(over.headers.get('retry-after')).toBe('1');
      expect((await socket.timeout(5000).emitWithAck('hello', {})) as unknown).toMatchObject({
        ok: false,
        error: { code: 'RATE_LIMITED' },
      });
      socket.close();
    } finally {
      await limited.close();
    }
  });
});

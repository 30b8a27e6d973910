// Malformed input on every endpoint of the Flowdock-compatible API: junk bodies, queries, paths and
// credentials must be answered 4xx, never 5xx, and the server must keep serving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, basicAuth, createApiToken } from '../helpers/flowdock';
import { prng, pickWith } from '../helpers/random';
import { loginAndConnect, ok, startTestServer, streamNamed, type TestServer } from '../helpers/server';

let ts: TestServer;
let token: string;
let flowId: string;
let flowToken: string;
/** A colleague of the caller's, for the private-conversation paths (`:bob` in them). */
let bobId: string;

beforeAll(async () => {
  ts = await startTestServer({ rateLimit: { perSecond: 100_000, burst: 100_000 } });
  const { socket } = await loginAndConnect(ts.url, 'alice@acme.test');
  token = await createApiToken(socket);
  flowId = (await streamNamed(socket, 'Design')).id;
  flowToken = (await ok(socket, 'integration:create', { streamId: flowId, name: 'Fuzz CI' })).flowToken;
  await ok(socket, 'hello', {});
  socket.close();
  const bob = await loginAndConnect(ts.url, 'bob@acme.test');
  bobId = bob.user.id;
  bob.socket.close();
});
afterAll(() => ts.close());

const random = prng(20261201);
const pick = <T>(items: readonly T[]): T => pickWith(random, items);
const junk = () =>
  Array.from({ length: 1 + Math.floor(random() * 30) }, () => String.fromCharCode(32 + Math.floor(random() * 95))).join(
    '',
  );
const nested = (depth: number): unknown =>
  depth === 0 ? pick([null, 1, 'x', true]) : { a: [nested(depth - 1)], b: nested(depth - 1) };

/** Values that are wrong for some field or other. */
const badValue = (): unknown =>
  pick([
    () => junk(),
    () => '',
    () => -1,
    () => 1.5,
    () => 1e300,
    () => null,
    () => [],
    () => [junk(), 5],
    () => ({}),
    () => true,
    () => 'x'.repeat(20_000),
    () => nested(5),
    () => '\u0000\u202e',
  ])();

const FIELDS = [
  'event',
  'content',
  'tags',
  'uuid',
  'thread_id',
  'message',
  'flow',
  'external_thread_id',
  '__proto__',
  'constructor',
  'name',
  'avatar',
  'flow_token',
  'open',
];

/** One malformed body: wrong top-level shape, a bad field value, or junk text. */
function badBody(): { json?: unknown; raw?: { type: string; text: string } } {
  const kind = pick(['top', 'field', 'field', 'text', 'type']);
  if (kind === 'top') return { json: pick([null, [], 42, 'message', nested(6)]) };
  if (kind === 'text')
    return { raw: { type: 'application/json', text: pick(['{', '{"event":', junk(), '[1,', '\u00ff\u00fe']) } };
  if (kind === 'type') return { raw: { type: pick(['text/plain', 'multipart/form-data', junk()]), text: junk() } };
  const body: Record<string, unknown> = { event: 'message', content: 'fuzz', flow: flowId };
  body[pick(FIELDS)] = badValue();
  return { json: body };
}

const QUERY_KEYS = [
  'limit',
  'sort',
  'since_id',
  'until_id',
  'tags',
  'tag_mode',
  'search',
  'event',
  'users',
  'id',
  'filter',
  'active',
  'accept',
  'user',
];
const badQuery = () =>
  `?${QUERY_KEYS.filter(() => random() < 0.4)
    .map((k) => `${k}=${encodeURIComponent(String(badValue()).slice(0, 3000))}`)
    .join('&')}`;

const ENDPOINTS: Array<[method: string, path: string]> = [
  ['GET', '/flows'],
  ['GET', '/flows/find'],
  ['GET', '/flows/acme/design'],
  ['GET', '/flows/acme/design/messages'],
  ['POST', '/flows/acme/design/messages'],
  ['GET', '/flows/acme/design/messages/1'],
  ['PUT', '/flows/acme/design/messages/1'],
  ['DELETE', '/flows/acme/design/messages/999999'],
  ['POST', '/flows/acme/design/messages/1/comments'],
  ['POST', '/messages'],
  ['POST', '/comments'],
  ['GET', '/users'],
  ['GET', '/user'],
  ['GET', '/users/x'],
  ['GET', '/organizations'],
  ['GET', '/organizations/find'],
  ['GET', '/organizations/acme'],
  ['GET', '/private/x/messages'],
  ['GET', '/private'],
  ['GET', '/private/:bob'],
  ['PUT', '/private/:bob'],
  ['GET', '/private/:bob/messages'],
  ['POST', '/private/:bob/messages'],
  ['GET', '/private/:bob/messages/1'],
  ['GET', '/stream/flows'],
  ['GET', '/stream/flows/acme/nope'],
  ['GET', '/flows/acme/design/sources'],
  ['POST', '/flows/acme/design/sources'],
  ['GET', '/flows/acme/design/sources/x'],
  ['DELETE', '/flows/acme/design/source/x'],
];
const BAD_SEGMENTS = ['%E0%A4%A', '%00', '..', 'x'.repeat(3000), '%2F', '\u00e9', '-1', '1e9', '99999999999999999999'];

/** Fields of a flow-token post (Messages.md, Threads.md) and values that break each, nested ones too. */
const INTEGRATION_FIELDS = [
  'event',
  'author',
  'title',
  'body',
  'content',
  'external_thread_id',
  'thread_id',
  'thread',
  'tags',
  'uuid',
  'external_user_name',
  '__proto__',
];
const badThread = (): unknown =>
  pick([
    () => badValue(),
    () => ({ title: badValue() }),
    () => ({
      title: 't',
      status: pick([badValue(), { color: 'pink', value: 'x' }, { color: 'red', value: badValue() }]),
    }),
    () => ({
      title: 't',
      fields: pick([badValue(), [{ label: badValue(), value: 'v' }], Array(51).fill({ label: 'l', value: 'v' })]),
    }),
    () => ({ title: 't', actions: pick([badValue(), [{ '@type': 'ViewAction', url: 'javascript:x', name: 'n' }]]) }),
    () => ({ title: 't', external_url: pick([badValue(), 'ftp://x', 'https://' + 'x'.repeat(3000)]) }),
    () => ({ title: '<a href="javascript:alert(1)">x</a>'.repeat(50), body: '<script>'.repeat(500) }),
  ])();

/** A flow-token post with the real token and one field broken (or its thread, or its author). */
function badIntegrationPost(): Record<string, unknown> {
  const body: Record<string, unknown> = {
    flow_token: flowToken,
    event: pick(['activity', 'discussion', 'message']),
    author: { name: 'Fuzz' },
    title: 'did something',
    body: 'said something',
    content: 'something',
    external_thread_id: `fuzz-${Math.floor(random() * 5)}`,
    thread: { title: 'Fuzzed thread' },
  };
  const field = pick(INTEGRATION_FIELDS);
  body[field] =
    field === 'thread' ? badThread() : field === 'author' ? pick([badValue(), { name: badValue() }]) : badValue();
  return body;
}

describe('fuzzing the bot API', () => {
  it('answers every malformed flow-token post below 500, then still takes a good one', async () => {
    const answers: Array<{ status: number; label: string }> = [];
    for (let i = 0; i < 300; i += 10) {
      const batch = Array.from({ length: 10 }, () => badIntegrationPost());
      answers.push(
        ...(await Promise.all(
          batch.map(async (json) => ({
            status: (await api(ts.url, '/messages', { method: 'POST', json })).status,
            label: JSON.stringify(json).slice(0, 200),
          })),
        )),
      );
    }
    for (const answer of answers) if (answer.status >= 500) throw new Error(`${answer.status} for ${answer.label}`);
    expect(answers.some((a) => a.status === 400)).toBe(true);
    const good = await api(ts.url, '/messages', {
      method: 'POST',
      json: { flow_token: flowToken, event: 'message', content: 'integration still alive' },
    });
    expect(good.status).toBe(200);
  });

  it('answers every malformed request below 500, then still serves', async () => {
    const auth = basicAuth(token);
    const requests: Array<() => Promise<{ status: number; label: string }>> = [];
    for (const [method, pattern] of ENDPOINTS) {
      const path = pattern.replace(':bob', bobId);
      for (let i = 0; i < 30; i += 1) {
        const body = method === 'GET' || method === 'DELETE' ? {} : badBody();
        const query = path.startsWith('/stream') && random() < 0.5 ? '' : badQuery();
        const target = random() < 0.2 ? path.replace(/\/[^/]+$/, `/${pick(BAD_SEGMENTS)}`) : path;
        const label = `${method} ${target}${query} ${JSON.stringify(body).slice(0, 120)}`;
        requests.push(async () => ({
          status: (await api(ts.url, `${target}${query}`, { method, auth, ...body })).status,
          label,
        }));
      }
    }
    for (const authorization of [
      'Basic',
      'Basic !!!',
      `Basic ${'A'.repeat(5000)}`,
      basicAuth(':'),
      basicAuth('@', 'x'),
      'Digest x',
      basicAuth(junk(), junk()),
    ])
      requests.push(async () => ({
        status: (await api(ts.url, '/user', { auth: authorization })).status,
        label: authorization.slice(0, 40),
      }));
    let served = 0;
    for (let i = 0; i < requests.length; i += 8) {
      const answers = await Promise.all(requests.slice(i, i + 8).map((r) => r()));
      for (const answer of answers) {
        if (answer.status >= 500) throw new Error(`${answer.status} for ${answer.label}`);
        served += 1;
      }
    }
    expect(served).toBeGreaterThan(600);
    const still = await api(ts.url, '/flows/acme/design/messages', {
      method: 'POST',
      auth,
      json: { event: 'message', content: 'still alive' },
    });
    expect(still.status).toBe(200);
  });
});

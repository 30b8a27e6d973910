// Integration posts read back through the Flowdock-compatible API as Flowdock showed them
// (Thread-messages.md): activities and discussions with their author, thread_id, external_thread_id
// and thread, in GET messages, in the post's own answer and in the stream; plain messages with
// external_user_name. A person's message stays a plain `message`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import type { Stream } from '../../shared/protocol/index';
import { api, basicAuth, createApiToken, jsonLines, openApiStream, type ApiStream } from '../helpers/flowdock';
import {
  connectDemoUsers,
  ok,
  startTestServer,
  streamNamed,
  waitFor,
  type ClientSocket,
  type TestServer,
} from '../helpers/server';

let ts: TestServer;
let alice: ClientSocket;
let bobAuth: string;
let design: Stream;
let flowToken: string;
let integrationId: string;
const streams: ApiStream[] = [];

beforeAll(async () => {
  ts = await startTestServer({ rateLimit: { perSecond: 10_000, burst: 10_000 } });
  const [a, bob] = await connectDemoUsers(ts.url, ['alice', 'bob']);
  alice = a;
  bobAuth = basicAuth(await createApiToken(bob));
  bob.close();
  design = await streamNamed(alice, 'Design');
  const made = await ok(alice, 'integration:create', {
    streamId: design.id,
    name: 'Zendesk',
    avatarUrl: 'https://zendesk.test/icon.png',
  });
  flowToken = made.flowToken;
  integrationId = made.integration.id;
});
afterAll(async () => {
  for (const s of streams) s.close();
  alice.close();
  await ts.close();
});

const postMessages = (json: Record<string, unknown>) =>
  api(ts.url, '/messages', { method: 'POST', json: { flow_token: flowToken, ...json } });
const getMessage = async (id: number) =>
  (await api(ts.url, `/flows/acme/design/messages/${id}`, { auth: bobAuth })).body as Record<string, unknown>;

const THREAD = {
  title: 'Polish the flux capacitor',
  body: 'It has been in storage for 30 years.',
  fields: [{ label: 'Dustiness', value: '5 - severe' }],
  external_url: 'https://tickets.test/1234',
  status: { color: 'green', value: 'open' },
  actions: [{ '@type': 'ViewAction', name: 'Open', url: 'https://tickets.test/1234/open' }],
};

describe('integration posts read back', () => {
  it('shows activities and discussions as those events, with author, thread and external_thread_id', async () => {
    const activity = await postMessages({
      event: 'activity',
      author: { name: 'Marty' },
      title: 'created ticket',
      external_thread_id: 'ticket-1234',
      thread: THREAD,
    });
    expect(activity.status).toBe(200);
    const discussion = await postMessages({
      event: 'discussion',
      author: { name: 'Jennifer' },
      title: 'commented',
      body: 'Dusting it tomorrow.',
      external_thread_id: 'ticket-1234',
    });
    expect(discussion.status).toBe(200);
    const rootId = activity.body.thread_id as string;
    const thread = {
      title: 'Polish the flux capacitor',
      external_url: 'https://tickets.test/1234',
      status: { color: 'green', value: 'open' },
      fields: [{ label: 'Dustiness', value: '5 - severe' }],
      actions: [{ '@type': 'ViewAction', name: 'Open', url: 'https://tickets.test/1234/open' }],
      source: { id: integrationId, application: 'Zendesk', icon: 'https://zendesk.test/icon.png' },
    };
    const listed = await api(ts.url, '/flows/acme/design/messages?limit=3', { auth: bobAuth });
    expect(listed.status).toBe(200);
    const [root, first, second] = listed.body as Array<Record<string, unknown>>;
    // the root Tributary drew from the thread shows as the activity that opened it
    expect(root).toMatchObject({ event: 'activity', title: 'Polish the flux capacitor', thread_id: rootId, thread });
    expect(first).toMatchObject({
      id: activity.body.id,
      event: 'activity',
      app: 'influx',
      title: 'created ticket',
      body: null,
      content: null,
      author: { name: 'Marty', avatar: 'https://zendesk.test/icon.png' },
      thread_id: rootId,
      external_thread_id: 'ticket-1234',
      thread,
      flow: design.id,
    });
    expect(second).toMatchObject({
      event: 'discussion',
      title: 'commented',
      body: 'Dusting it tomorrow.',
      author: { name: 'Jennifer' },
      thread_id: rootId,
      external_thread_id: 'ticket-1234',
    });
    // the post's own answer is what GET shows
    expect(activity.body).toEqual(await getMessage(activity.body.id));
    expect(discussion.body).toEqual(await getMessage(discussion.body.id));
    // a later post's thread state shows on every entry of the thread
    await postMessages({
      event: 'activity',
      author: { name: 'Marty' },
      title: 'closed ticket',
      external_thread_id: 'ticket-1234',
      thread: { ...THREAD, status: { color: 'grey', value: 'closed' } },
    });
    expect(await getMessage(activity.body.id)).toMatchObject({ thread: { status: { value: 'closed' } } });
  });

  it('shows a plain message with its external_user_name, and a person’s message as before', async () => {
    const posted = await postMessages({ event: 'message', content: 'Deployed 2.0', external_user_name: 'CI' });
    expect(posted.status).toBe(200);
    expect(await getMessage(posted.body.id)).toMatchObject({
      event: 'message',
      content: 'Deployed 2.0',
      external_user_name: 'CI',
      author: { name: 'CI' },
    });
    const mine = await ok(alice, 'message:send', { streamId: design.id, clientId: uuidv7(), body: 'by hand' });
    const read = await getMessage(mine.message.seq);
    expect(read).toMatchObject({ event: 'message', app: 'chat', content: 'by hand' });
    expect(read).not.toHaveProperty('author');
    expect(read).not.toHaveProperty('external_thread_id');
  });

  it('streams an integration post as the event it was, live', async () => {
    const stream = await openApiStream(ts.url, '/stream/flows?filter=acme/design', { authorization: bobAuth });
    streams.push(stream);
    expect(stream.status).toBe(200);
    await postMessages({
      event: 'discussion',
      author: { name: 'Jennifer' },
      body: 'Done dusting.',
      external_thread_id: 'ticket-1234',
    });
    await ok(alice, 'message:send', { streamId: design.id, clientId: uuidv7(), body: 'after the discussion' });
    await waitFor(() => jsonLines(stream).some((m) => m.content === 'after the discussion'), 2000);
    const lines = jsonLines(stream);
    expect(lines.map((m) => m.event)).toEqual(['discussion', 'message']);
    expect(lines[0]).toMatchObject({
      title: '',
      body: 'Done dusting.',
      author: { name: 'Jennifer' },
      external_thread_id: 'ticket-1234',
      thread: { title: 'Polish the flux capacitor' },
    });
  });
});

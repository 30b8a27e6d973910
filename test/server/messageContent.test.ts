// What the server reads from a body, through the one markdown grammar the renderer draws with:
// mentions only where the renderer shows one, the link policy on every link the renderer makes
// clickable (however the host is spelled), and no blank or invisible bodies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import type { Notification, Stream } from '../../shared/protocol/index';
import {
  collect,
  connectDemoUsers,
  ok,
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
let design: Stream;

beforeAll(async () => {
  ts = await startTestServer({ rateLimit: { perSecond: 1000, burst: 1000 } });
  [alice, bob] = await connectDemoUsers(ts.url, ['alice', 'bob']);
  design = await streamNamed(alice, 'Design');
});
afterAll(async () => {
  for (const s of [alice, bob]) s.close();
  await ts.close();
});

const send = (socket: ClientSocket, body: string) =>
  request(socket, 'message:send', { streamId: design.id, clientId: uuidv7(), body });
const errorOf = (ack: { ok: boolean; error?: { code: string; field?: string | undefined } }) =>
  ack.ok ? 'OK' : `${ack.error!.code} ${ack.error!.field ?? ''}`.trim();

describe('mentions and tags', () => {
  it('a URL, a link text or code mentions nobody, and the next real mention still notifies', async () => {
    const bobNotes = collect<Notification>(bob, 'notification');
    const quiet = await ok(alice, 'message:send', {
      streamId: design.id,
      clientId: uuidv7(),
      body: 'see https://example.test/@all, https://x.test/?cc=@bob#launch, [@bob](https://y.test) and `@bob #code`',
    });
    expect(quiet.message.mentions).toEqual([]);
    expect(quiet.message.tags).toEqual([]);
    // A later mention is the sentinel: once it has arrived, the quiet one would have too.
    const loud = await ok(alice, 'message:send', { streamId: design.id, clientId: uuidv7(), body: '@bob #launch' });
    expect(loud.message.tags).toEqual(['launch']);
    await waitFor(() => bobNotes.some((n) => n.messageId === loud.message.id));
    expect(bobNotes.map((n) => n.messageId)).toEqual([loud.message.id]);
  });
});

describe('blank bodies', () => {
  it('refuses bodies of only white space or invisible characters on send and edit, naming body', async () => {
    for (const body of ['   ', '\u200b', '\u200b\u200c\u200d\u2060\ufeff', '\u3164\u2800', ' \n\u00ad\t']) {
      expect(errorOf(await send(alice, body))).toBe('INVALID body');
    }
    const { message } = await ok(alice, 'message:send', { streamId: design.id, clientId: uuidv7(), body: 'visible' });
    const edit = await request(alice, 'message:edit', { messageId: message.id, body: '\u200d\u200d' });
    expect(errorOf(edit)).toBe('INVALID body');
  });

  it('refuses a NUL inside visible text on send and edit (PostgreSQL cannot store it), naming body', async () => {
    expect(errorOf(await send(alice, 'a\u0000b'))).toBe('INVALID body');
    const { message } = await ok(alice, 'message:send', { streamId: design.id, clientId: uuidv7(), body: 'fine' });
    expect(errorOf(await request(alice, 'message:edit', { messageId: message.id, body: 'x\u0000' }))).toBe(
      'INVALID body',
    );
    // the server still serves, and nothing was stored
    expect(
      (await ok(alice, 'message:send', { streamId: design.id, clientId: uuidv7(), body: 'after' })).message.body,
    ).toBe('after');
  });
});

describe('link policy', () => {
  const denied = ['evil.example'];
  /** Spellings the old substring check let through, written as links the renderer would draw. */
  const bypasses = [
    'https://evil.example./x',
    'see https://evil.example%2E/x',
    '[docs](https://EVIL.example%2e/y)',
    '<https://sub.evil.example../z>',
    'www.evil.example./w',
    'mail a@b@evil.example or [me](mailto:a@good.test,b@evil.example)',
    '[x](mailto:?to=a@evil.example)',
    '[x](https://ｅｖｉｌ.example/)',
  ];

  it('refuses every spelling of a denied host on send and edit', async () => {
    await ts.server.admin.setUrlPolicy({ org: 'Acme', allow: [], deny: denied });
    try {
      for (const body of bypasses) expect(errorOf(await send(alice, body)), body).toBe('POLICY_BLOCKED body');
      const { message } = await ok(alice, 'message:send', { streamId: design.id, clientId: uuidv7(), body: 'fine' });
      for (const body of bypasses) {
        const edit = await request(alice, 'message:edit', { messageId: message.id, body });
        expect(errorOf(edit), body).toBe('POLICY_BLOCKED body');
      }
      // What the renderer does not make a link is not one: code shows the URL as text.
      expect(errorOf(await send(alice, '`https://evil.example/x`'))).toBe('OK');
    } finally {
      await ts.server.admin.setUrlPolicy({ org: 'Acme', allow: [], deny: [] });
    }
  });

  it('refuses them again at propose and at publish', async () => {
    const proposedFirst = (
      await ok(bob, 'message:send', { streamId: design.id, clientId: uuidv7(), body: 'read https://later.example./r' })
    ).message;
    const proposedLater = (
      await ok(alice, 'message:send', {
        streamId: design.id,
        clientId: uuidv7(),
        body: 'and https://LATER.example%2E/s',
      })
    ).message;
    const { promotion } = await ok(bob, 'promotion:propose', { messageId: proposedFirst.id, clientId: uuidv7() });
    await ts.server.admin.setUrlPolicy({ org: 'Acme', allow: [], deny: ['later.example'] });
    try {
      const publish = await request(alice, 'promotion:decide', { promotionId: promotion.id, approve: true });
      expect(errorOf(publish)).toBe('POLICY_BLOCKED snapshotBody');
      const propose = await request(alice, 'promotion:propose', { messageId: proposedLater.id, clientId: uuidv7() });
      expect(errorOf(propose)).toBe('POLICY_BLOCKED body');
    } finally {
      await ts.server.admin.setUrlPolicy({ org: 'Acme', allow: [], deny: [] });
    }
  });

  it('refuses a policy entry that is not a domain name', async () => {
    await expect(ts.server.admin.setUrlPolicy({ org: 'Acme', allow: [], deny: ['evil.example/path'] })).rejects.toThrow(
      /not a domain name/,
    );
  });
});

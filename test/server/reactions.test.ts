// Reactions: only real emoji (canonical spelling), a cap on different emoji per message, and log
// entries that carry the change instead of the whole message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import { MAX_REACTIONS_PER_MESSAGE, type Stream, type StreamEvent } from '../../shared/protocol/index';
import {
  collect,
  connectDemoUsers,
  ok,
  rawSql,
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
  ts = await startTestServer({ rateLimit: { perSecond: 10_000, burst: 10_000 } });
  [alice, bob] = await connectDemoUsers(ts.url, ['alice', 'bob']);
  design = await streamNamed(alice, 'Design');
});
afterAll(async () => {
  alice.close();
  bob.close();
  await ts.close();
});

const post = async (body: string) =>
  (await ok(bob, 'message:send', { streamId: design.id, clientId: uuidv7(), body })).message;

describe('reactions', () => {
  it('stores one canonical spelling per emoji: shortcodes and both presentations are one reaction', async () => {
    const message = await post('react to me');
    const aliceId = (await ok(alice, 'hello', {})).user.id;
    const bobId = (await ok(bob, 'hello', {})).user.id;
    await ok(alice, 'reaction:toggle', { messageId: message.id, emoji: ':+1:' });
    const both = await ok(bob, 'reaction:toggle', { messageId: message.id, emoji: '👍' });
    expect(both.message.reactions).toEqual({ '👍': [aliceId, bobId] });
    await ok(alice, 'reaction:toggle', { messageId: message.id, emoji: '❤' });
    const heart = await ok(bob, 'reaction:toggle', { messageId: message.id, emoji: ':heart:' });
    expect(heart.message.reactions['❤️']).toEqual([aliceId, bobId]);
    // toggling the same emoji in another spelling removes it
    const off = await ok(alice, 'reaction:toggle', { messageId: message.id, emoji: '👍\uFE0F' });
    expect(off.message.reactions['👍']).toEqual([bobId]);
  });

  it('refuses anything that is not one emoji or a known shortcode: INVALID, field emoji', async () => {
    const message = await post('not a word');
    for (const emoji of ['lol', '👍👍', ':not_a_shortcode:', '🏻', '', 'x'.repeat(40)]) {
      expect(await request(alice, 'reaction:toggle', { messageId: message.id, emoji })).toMatchObject({
        ok: false,
        error: { code: 'INVALID', field: 'emoji' },
      });
    }
  });

  it(`caps a message at ${MAX_REACTIONS_PER_MESSAGE} different emoji; adding to one already there still works`, async () => {
    const message = await post('popular');
    const many = ['😀', '😃', '😄', '😁', '😆', '😅', '🤣', '😂', '🙂', '🙃', '😉', '😊', '😇', '🥰', '😍', '🤩', '😘'];
    const emoji = ['👍', '🎉', '❤️', ...many].slice(0, MAX_REACTIONS_PER_MESSAGE);
    for (const e of emoji) await ok(alice, 'reaction:toggle', { messageId: message.id, emoji: e });
    expect(await request(alice, 'reaction:toggle', { messageId: message.id, emoji: '🚀' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', field: 'emoji' },
    });
    const joined = await ok(bob, 'reaction:toggle', { messageId: message.id, emoji: '🎉' });
    expect(joined.message.reactions['🎉']).toHaveLength(2);
    // removing one frees a place
    await ok(alice, 'reaction:toggle', { messageId: message.id, emoji: '👍' });
    expect(
      (await ok(alice, 'reaction:toggle', { messageId: message.id, emoji: '🚀' })).message.reactions['🚀'],
    ).toHaveLength(1);
  });

  it('logs and pushes the change (who, which emoji, added or removed), never the message again', async () => {
    const message = await post(`long ${'x'.repeat(10_000)}`);
    const pushed = collect<StreamEvent>(alice, 'event');
    for (let i = 0; i < 50; i += 1) await ok(bob, 'reaction:toggle', { messageId: message.id, emoji: '👀' });
    await waitFor(() => pushed.filter((e) => e.type === 'reaction:changed').length === 50);
    const changes = pushed.filter((e) => e.type === 'reaction:changed');
    const bobId = (await ok(bob, 'hello', {})).user.id;
    expect(changes[0]).toMatchObject({
      message: null,
      reaction: { messageId: message.id, userId: bobId, emoji: '👀', added: true },
    });
    expect(changes[1]!.reaction).toMatchObject({ added: false });
    const stored = (await rawSql(ts, (sql) =>
      sql.get<{ bytes: number; n: number }>(
        `SELECT SUM(octet_length(payload)) AS bytes, COUNT(*) AS n FROM stream_events
         WHERE type = 'reaction:changed' AND payload LIKE ?`,
        [`%${message.id}%`],
      ),
    ))!;
    expect(stored.n).toBe(50);
    // each entry is a few hundred bytes, not the 10 KB message
    expect(stored.bytes / stored.n).toBeLessThan(500);
    const page = await ok(alice, 'sync', { streamId: design.id, afterSeq: message.seq, limit: 500 });
    expect(page.events.filter((e) => e.type === 'reaction:changed').every((e) => e.message === null)).toBe(true);
  });
});

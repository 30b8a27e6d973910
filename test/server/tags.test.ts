// Tag views (issue 16): every message with a #tag across the streams a user may read, per-stream top
// tags, and tags added after posting by the author or a curator (audited, delivered as a log entry).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import type { Stream, StreamEvent } from '../../shared/protocol/index';
import {
  collect,
  connectDemoUsers,
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
let carol: ClientSocket;
let design: Stream;
let org: Stream;

beforeAll(async () => {
  ts = await startTestServer({ rateLimit: { perSecond: 10_000, burst: 10_000 } });
  [alice, bob, carol] = await connectDemoUsers(ts.url, ['alice', 'bob', 'carol']);
  design = await streamNamed(alice, 'Design');
  org = await streamNamed(alice, 'Acme');
});
afterAll(async () => {
  for (const s of [alice, bob, carol]) s.close();
  await ts.close();
});

/** A tag no other test uses. */
const freshTag = () => `t${uuidv7().slice(-12)}`;
const post = async (who: ClientSocket, streamId: string, body: string) =>
  (await ok(who, 'message:send', { streamId, clientId: uuidv7(), body })).message;

describe('tag:messages', () => {
  it('finds a tag in every stream the caller reads, newest first, and counts only those', async () => {
    const tag = freshTag();
    const inTeam = await post(bob, design.id, `plan #${tag.toUpperCase()}`);
    const inOrg = await post(carol, org.id, `see #${tag} too`);
    const reply = await ok(bob, 'message:send', {
      streamId: design.id,
      clientId: uuidv7(),
      body: `and #${tag}`,
      threadRootId: inTeam.id,
    });
    await post(bob, design.id, `not a tag: \`#${tag}\``);

    const forAlice = await ok(alice, 'tag:messages', { tag: `#${tag}` });
    expect(forAlice.tag).toBe(tag);
    expect(forAlice.count).toBe(3);
    expect(forAlice.messages.map((m) => m.id)).toEqual([reply.message.id, inOrg.id, inTeam.id]);
    expect(forAlice.hasMore).toBe(false);

    // carol is not in Design: she sees the org stream's message only, and the count says so
    const forCarol = await ok(carol, 'tag:messages', { tag });
    expect(forCarol.count).toBe(1);
    expect(forCarol.messages.map((m) => m.id)).toEqual([inOrg.id]);
  });

  it('pages back with beforeId', async () => {
    const tag = freshTag();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await post(bob, design.id, `#${tag} ${i}`)).id);
    const first = await ok(alice, 'tag:messages', { tag, limit: 2 });
    expect(first).toMatchObject({ count: 5, hasMore: true });
    expect(first.messages.map((m) => m.id)).toEqual([ids[4], ids[3]]);
    const second = await ok(alice, 'tag:messages', { tag, limit: 2, beforeId: ids[3]! });
    expect(second.messages.map((m) => m.id)).toEqual([ids[2], ids[1]]);
    const last = await ok(alice, 'tag:messages', { tag, limit: 2, beforeId: ids[1]! });
    expect(last).toMatchObject({ hasMore: false });
    expect(last.messages.map((m) => m.id)).toEqual([ids[0]]);
  });

  it('drops deleted messages and refuses what is not a tag (INVALID, field tag)', async () => {
    const tag = freshTag();
    const gone = await post(bob, design.id, `#${tag} soon gone`);
    await post(bob, design.id, `#${tag} stays`);
    await ok(bob, 'message:delete', { messageId: gone.id });
    expect((await ok(alice, 'tag:messages', { tag })).count).toBe(1);
    for (const bad of ['', '#', '42', 'two words', 'x'.repeat(70)])
      expect(await request(alice, 'tag:messages', { tag: bad })).toMatchObject({
        ok: false,
        error: { code: 'INVALID', field: 'tag' },
      });
  });
});

describe('tag:top', () => {
  it("lists a stream's most used tags, most used first", async () => {
    const [a, b] = [freshTag(), freshTag()];
    const stream = (await ok(alice, 'hello', {})).streams.find((s) => s.name === 'Design')!;
    for (let i = 0; i < 30; i++) await post(bob, stream.id, `#${a}`);
    for (let i = 0; i < 25; i++) await post(bob, stream.id, `#${b} #${a}`);
    const { tags } = await ok(alice, 'tag:top', { streamId: design.id, limit: 2 });
    expect(tags).toEqual([
      { tag: a, count: 55 },
      { tag: b, count: 25 },
    ]);
  });
});

describe('message:tag', () => {
  it('adds a tag without touching body or edit time; readers get it as a log entry; audited', async () => {
    const tag = freshTag();
    const message = await post(bob, design.id, 'tag me later');
    const events = collect<StreamEvent>(alice, 'event');
    const tagged = await ok(alice, 'message:tag', { messageId: message.id, tag: `#${tag}` });
    expect(tagged.message).toMatchObject({ body: 'tag me later', tags: [tag], editedAt: null });
    const isTagging = (e: StreamEvent) => e.type === 'message:edited' && e.message?.id === message.id;
    await waitFor(() => events.some(isTagging));
    expect(events.find(isTagging)!.message!.tags).toEqual([tag]);
    expect((await ok(carol, 'tag:messages', { tag })).count).toBe(0);
    expect((await ok(bob, 'tag:messages', { tag })).messages.map((m) => m.id)).toEqual([message.id]);
    const audit = await readStore(ts, (tx) => tx.audit.list({ action: 'message.tag' }));
    expect(audit.find((r) => r.target === message.id)?.detail).toMatchObject({ tag, streamId: design.id });
    expect(JSON.stringify(audit)).not.toContain('tag me later');
  });

  it('keeps added tags through edits, removes only added ones, and is idempotent', async () => {
    const [added, written] = [freshTag(), freshTag()];
    const message = await post(bob, design.id, `about #${written}`);
    await ok(bob, 'message:tag', { messageId: message.id, tag: added });
    const again = await ok(bob, 'message:tag', { messageId: message.id, tag: added });
    expect(again.message.tags).toEqual([written, added]);
    const edited = await ok(bob, 'message:edit', { messageId: message.id, body: 'no tags written now' });
    expect(edited.message.tags).toEqual([added]);
    expect((await ok(alice, 'tag:messages', { tag: written })).count).toBe(0);
    const reWritten = await ok(bob, 'message:edit', { messageId: message.id, body: `back to #${written}` });
    expect(reWritten.message.tags).toEqual([written, added]);
    expect(await request(bob, 'message:tag', { messageId: message.id, tag: written, remove: true })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', field: 'tag' },
    });
    const removed = await ok(alice, 'message:tag', { messageId: message.id, tag: added, remove: true });
    expect(removed.message.tags).toEqual([written]);
    expect((await ok(alice, 'tag:messages', { tag: added })).count).toBe(0);
    const audit = await readStore(ts, (tx) => tx.audit.list({ action: 'message.untag' }));
    expect(audit.some((r) => r.target === message.id && r.actorId !== null)).toBe(true);
  });

  it('refuses deleted messages and plain members tagging others', async () => {
    const mine = await post(alice, design.id, 'curator post');
    expect(await request(bob, 'message:tag', { messageId: mine.id, tag: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    await ok(alice, 'message:delete', { messageId: mine.id });
    expect(await request(alice, 'message:tag', { messageId: mine.id, tag: 'late' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
  });
});

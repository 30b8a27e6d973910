import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import {
  DEFAULT_MAX_FILE_BYTES,
  MAX_NOTE_CHARS,
  type Notification,
  type Stream,
  type StreamEvent,
} from '../../shared/protocol/index';
import {
  collect,
  connectDemoUsers,
  streamNamed,
  ok,
  rawSql,
  readStore,
  request,
  afterSentinel,
  startTestServer,
  waitFor,
  type ClientSocket,
  type TestServer,
} from '../helpers/server';

let ts: TestServer;
let alice: ClientSocket;
let bob: ClientSocket;
let carol: ClientSocket;
let dave: ClientSocket;
let design: Stream;
let orgStream: Stream;
let engineering: Stream;

beforeAll(async () => {
  ts = await startTestServer({ maxBodyChars: 500 });
  [alice, bob, carol, dave] = await connectDemoUsers(ts.url, ['alice', 'bob', 'carol', 'dave']);
  design = await streamNamed(alice, 'Design');
  orgStream = await streamNamed(alice, 'Acme');
  engineering = await streamNamed(carol, 'Engineering');
});
afterAll(async () => {
  for (const s of [alice, bob, carol, dave]) s.close();
  await ts.close();
});

const send = (
  socket: ClientSocket,
  streamId: string,
  body: string,
  extra: { clientId?: string; threadRootId?: string } = {},
) =>
  ok(socket, 'message:send', {
    streamId,
    clientId: extra.clientId ?? uuidv7(),
    body,
    ...(extra.threadRootId ? { threadRootId: extra.threadRootId } : {}),
  });

describe('hello and the demo seed', () => {
  it('announces the limits this server enforces, and refuses one character more', async () => {
    const { limits } = await ok(alice, 'hello', {});
    expect(limits).toEqual({ maxBodyChars: 500, maxNoteChars: MAX_NOTE_CHARS, maxFileBytes: DEFAULT_MAX_FILE_BYTES });
    expect(
      await request(alice, 'message:send', { streamId: design.id, clientId: uuidv7(), body: 'x'.repeat(501) }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID', field: 'body' } });
    expect((await send(alice, design.id, 'y'.repeat(limits.maxBodyChars))).message.body).toHaveLength(500);
  });

  it('tells each user their org, teams and streams with counters', async () => {
    const hello = await ok(alice, 'hello', {});
    expect(hello.user.name).toBe('Alice Archer');
    expect(hello.org.name).toBe('Acme');
    expect(hello.streams.map((s) => s.name)).toEqual(['Acme', 'Design']);
    expect(hello.teams.map((t) => t.handle)).toEqual(['design']);
    expect(design.role).toBe('curator');
    expect(orgStream.role).toBeNull();
    expect(design.headSeq).toBeGreaterThan(3);
    // Bob mentioned Alice in the seeded thread; she never read the stream.
    expect(design.mentions).toBeGreaterThanOrEqual(1);
    expect(design.unread).toBeGreaterThanOrEqual(1);
    const daveHello = await ok(dave, 'hello', {});
    expect(daveHello.user.orgRole).toBe('admin');
    expect(daveHello.streams.map((s) => s.name)).toEqual(['Acme', 'Engineering']);
  });

  it('seeded a thread, a tag and a mention in every stream', async () => {
    for (const [socket, stream] of [
      [alice, design],
      [carol, engineering],
      [alice, orgStream],
    ] as const) {
      const { messages } = await ok(socket, 'history', {
        streamId: stream.id,
        beforeSeq: Number.MAX_SAFE_INTEGER,
        limit: 50,
      });
      expect(messages.some((m) => m.replyCount > 0)).toBe(true);
      expect(messages.some((m) => m.tags.length > 0)).toBe(true);
      expect(messages.some((m) => m.mentions.length > 0)).toBe(true);
    }
  });

  it('lists the directory of the same organization', async () => {
    const dir = await ok(bob, 'directory:list', {});
    expect(dir.users.map((u) => u.email).sort()).toEqual([
      'alice@acme.test',
      'bob@acme.test',
      'carol@acme.test',
      'dave@acme.test',
    ]);
    expect(dir.teams.map((t) => t.handle)).toEqual(['design', 'engineering']);
  });
});

describe('messages', () => {
  it('pushes message:created to the stream room only, and a mention notification to the mentioned', async () => {
    const aliceEvents = collect<StreamEvent>(alice, 'event');
    const carolEvents = collect<StreamEvent>(carol, 'event');
    const bobNotes = collect<Notification>(bob, 'notification');
    const aliceNotes = collect<Notification>(alice, 'notification');
    const { message } = await send(alice, design.id, 'Hey @bob, see #Palette');
    expect(message).toMatchObject({
      streamId: design.id,
      authorName: 'Alice Archer',
      tags: ['palette'],
      replyCount: 0,
      editedAt: null,
    });
    expect(message.mentions).toHaveLength(1);
    await waitFor(() => aliceEvents.some((e) => e.message?.id === message.id) && bobNotes.length > 0);
    const event = aliceEvents.find((e) => e.message?.id === message.id)!;
    expect(event).toMatchObject({ type: 'message:created', seq: message.seq, streamId: design.id });
    expect(bobNotes[0]).toMatchObject({ kind: 'mention', messageId: message.id, actorName: 'Alice Archer' });
    // later pushes carol and alice must get: anything sent to them before has arrived by then
    await afterSentinel(
      carol,
      'event',
      (e: StreamEvent) => e.message?.body === 'sentinel for carol',
      () => send(alice, orgStream.id, 'sentinel for carol'),
    );
    expect(carolEvents.some((e) => e.streamId === design.id)).toBe(false);
    await afterSentinel(
      alice,
      'notification',
      (n: Notification) => n.text.includes('sentinel for alice'),
      () => send(bob, design.id, '@alice sentinel for alice'),
    );
    expect(aliceNotes.filter((n) => !n.text.includes('sentinel for alice'))).toHaveLength(0);
  });

  it('does not mention people who cannot read the stream', async () => {
    const carolNotes = collect<Notification>(carol, 'notification');
    const { message } = await send(alice, design.id, 'cc @carol @engineering');
    expect(message.mentions).toEqual([]);
    await afterSentinel(
      carol,
      'notification',
      (n: Notification) => n.text.includes('sentinel for carol'),
      () => send(dave, engineering.id, '@carol sentinel for carol'),
    );
    expect(carolNotes.filter((n) => !n.text.includes('sentinel for carol'))).toHaveLength(0);
  });

  it('threads: replies bump the root replyCount with an extra event; a reply cannot start a thread', async () => {
    const { message: root } = await send(alice, design.id, 'Thread root');
    const all = collect<StreamEvent>(bob, 'event');
    const { message: reply } = await send(bob, design.id, 'a reply', { threadRootId: root.id });
    expect(reply.threadRootId).toBe(root.id);
    const events = all.filter((e) => e.seq > root.seq);
    await waitFor(() => all.filter((e) => e.seq > root.seq).length >= 2);
    events.push(...all.filter((e) => e.seq > root.seq).slice(events.length));
    expect(events.map((e) => e.type)).toEqual(['message:created', 'message:edited']);
    expect(events[1]!.message).toMatchObject({ id: root.id, replyCount: 1, editedAt: null });
    expect(events[1]!.seq).toBe(events[0]!.seq + 1);
    const nested = await request(bob, 'message:send', {
      streamId: design.id,
      clientId: uuidv7(),
      body: 'x',
      threadRootId: reply.id,
    });
    expect(nested).toMatchObject({ ok: false, error: { code: 'INVALID', field: 'threadRootId' } });
    const elsewhere = await request(alice, 'message:send', {
      streamId: orgStream.id,
      clientId: uuidv7(),
      body: 'x',
      threadRootId: root.id,
    });
    expect(elsewhere).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', field: 'threadRootId' } });
  });

  it('edits by the author keep history; others may not edit', async () => {
    const { message } = await send(bob, design.id, 'first draft');
    const edited = await ok(bob, 'message:edit', { messageId: message.id, body: 'second draft #v2' });
    expect(edited.message).toMatchObject({ body: 'second draft #v2', tags: ['v2'] });
    expect(edited.message.editedAt).not.toBeNull();
    expect((await readStore(ts, (tx) => tx.messages.listEdits(message.id))).map((e) => e.previousBody)).toEqual([
      'first draft',
    ]);
    const denied = await request(alice, 'message:edit', { messageId: message.id, body: 'hijack' });
    expect(denied).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('deletion leaves a tombstone; a curator deleting is audited; members may not delete others', async () => {
    const { message } = await send(bob, design.id, 'oops');
    const denied = await request(carol, 'message:delete', { messageId: message.id });
    expect(denied).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const { message: mine } = await send(alice, design.id, 'mine');
    expect(await request(bob, 'message:delete', { messageId: mine.id })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const deleted = await ok(alice, 'message:delete', { messageId: message.id });
    expect(deleted.message).toMatchObject({ body: '', mentions: [], tags: [], reactions: {} });
    expect(deleted.message.deletedAt).not.toBeNull();
    const audit = await readStore(ts, (tx) => tx.audit.list({ action: 'message.delete' }));
    expect(audit[0]).toMatchObject({ target: message.id });
    expect(JSON.stringify(audit)).not.toContain('oops');
    expect(await request(bob, 'message:edit', { messageId: message.id, body: 'back' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
  });

  it('deleting a message erases its earlier versions (edit history) with it', async () => {
    const { message } = await send(bob, design.id, 'version one: the secret plan');
    await ok(bob, 'message:edit', { messageId: message.id, body: 'version two' });
    await ok(bob, 'message:edit', { messageId: message.id, body: 'version three' });
    const { message: kept } = await send(bob, design.id, 'another draft');
    await ok(bob, 'message:edit', { messageId: kept.id, body: 'another draft, edited' });
    expect(await readStore(ts, (tx) => tx.messages.listEdits(message.id))).toHaveLength(2);
    await ok(bob, 'message:delete', { messageId: message.id });
    expect(await readStore(ts, (tx) => tx.messages.listEdits(message.id))).toEqual([]);
    const leftovers = await rawSql(ts, (sql) =>
      sql.get<{ n: number }>("SELECT COUNT(*) AS n FROM message_edits WHERE previous_body LIKE '%secret plan%'"),
    );
    expect(leftovers?.n).toBe(0);
    // other messages keep their history
    expect((await readStore(ts, (tx) => tx.messages.listEdits(kept.id))).map((e) => e.previousBody)).toEqual([
      'another draft',
    ]);
  });

  it('toggles reactions', async () => {
    const { message } = await send(bob, design.id, 'react to me');
    const on = await ok(alice, 'reaction:toggle', { messageId: message.id, emoji: '👍' });
    expect(on.message.reactions).toEqual({ '👍': [on.message.reactions['👍']![0]] });
    const off = await ok(alice, 'reaction:toggle', { messageId: message.id, emoji: '👍' });
    expect(off.message.reactions).toEqual({});
  });

  it('enforces the body limit and the org URL policy', async () => {
    const long = await request(alice, 'message:send', {
      streamId: design.id,
      clientId: uuidv7(),
      body: 'x'.repeat(501),
    });
    expect(long).toMatchObject({ ok: false, error: { code: 'INVALID', field: 'body' } });
    await ts.server.admin.setUrlPolicy({ org: 'Acme', allow: [], deny: ['evil.test'] });
    const blocked = await request(alice, 'message:send', {
      streamId: design.id,
      clientId: uuidv7(),
      body: 'see https://www.evil.test/x',
    });
    expect(blocked).toMatchObject({ ok: false, error: { code: 'POLICY_BLOCKED' } });
    expect((blocked as { error: { message: string } }).error.message).toContain('deny list');
    const { message } = await send(alice, design.id, 'see https://good.test');
    const edit = await request(alice, 'message:edit', { messageId: message.id, body: 'now https://evil.test' });
    expect(edit).toMatchObject({ ok: false, error: { code: 'POLICY_BLOCKED' } });
    await ts.server.admin.setUrlPolicy({ org: 'Acme', allow: [], deny: [] });
  });

  it('read:mark is monotonic and clamps to the head', async () => {
    const head = (await ok(bob, 'hello', {})).streams.find((s) => s.id === design.id)!.headSeq;
    expect((await ok(bob, 'read:mark', { streamId: design.id, seq: 2 })).lastReadSeq).toBe(2);
    expect((await ok(bob, 'read:mark', { streamId: design.id, seq: 1 })).lastReadSeq).toBe(2);
    expect((await ok(bob, 'read:mark', { streamId: design.id, seq: head + 1000 })).lastReadSeq).toBe(head);
    const after = (await ok(bob, 'hello', {})).streams.find((s) => s.id === design.id)!;
    expect(after).toMatchObject({ lastReadSeq: head, unread: 0, mentions: 0 });
  });

  it('history pages newest first with hasMore', async () => {
    const first = await ok(alice, 'history', { streamId: design.id, beforeSeq: Number.MAX_SAFE_INTEGER, limit: 3 });
    expect(first.messages).toHaveLength(3);
    expect(first.hasMore).toBe(true);
    const seqs = first.messages.map((m) => m.seq);
    expect([...seqs].sort((a, b) => b - a)).toEqual(seqs);
    const rest = await ok(alice, 'history', { streamId: design.id, beforeSeq: seqs[2]!, limit: 500 });
    expect(rest.hasMore).toBe(false);
    expect(Math.max(...rest.messages.map((m) => m.seq))).toBeLessThan(seqs[2]!);
  });
});

describe('idempotency and the event log', () => {
  it('the same clientId returns the first message (even with other content); another stream gets a new one', async () => {
    const clientId = uuidv7();
    const before = (await ok(alice, 'sync', { streamId: design.id, afterSeq: 0, limit: 1 })).headSeq;
    const first = await send(alice, design.id, 'original', { clientId });
    const again = await send(alice, design.id, 'different content', { clientId });
    expect(again.message).toEqual(first.message);
    const other = await send(alice, orgStream.id, 'original', { clientId });
    expect(other.message.id).not.toBe(first.message.id);
    const sync = await ok(alice, 'sync', { streamId: design.id, afterSeq: before, limit: 500 });
    expect(sync.events.map((e) => e.seq)).toEqual([before + 1]);
    expect(sync.headSeq).toBe(before + 1);
  });

  it('stays gap-free under concurrent sends from several sockets, and sync pages with hasMore', async () => {
    const start = (await ok(alice, 'sync', { streamId: orgStream.id, afterSeq: 0, limit: 1 })).headSeq;
    const senders = [alice, bob, carol, dave];
    const results = await Promise.all(
      senders.flatMap((socket, i) =>
        Array.from({ length: 10 }, (_, j) => send(socket, orgStream.id, `burst ${i}-${j}`)),
      ),
    );
    expect(new Set(results.map((r) => r.message.seq)).size).toBe(40);
    const seen: StreamEvent[] = [];
    let cursor = start;
    let pages = 0;
    for (;;) {
      const page = await ok(bob, 'sync', { streamId: orgStream.id, afterSeq: cursor, limit: 7 });
      seen.push(...page.events);
      pages += 1;
      if (page.events.length > 0) cursor = page.events[page.events.length - 1]!.seq;
      if (!page.hasMore) break;
    }
    expect(pages).toBe(6);
    expect(seen.map((e) => e.seq)).toEqual(Array.from({ length: 40 }, (_, i) => start + 1 + i));
    expect(seen.every((e) => e.type === 'message:created')).toBe(true);
  });
});

describe('membership changes', () => {
  it('a removed member stops receiving at once and gets stream:removed; an added member gets stream:added', async () => {
    const removed = collect<{ streamId: string }>(bob, 'stream:removed');
    const bobEvents = collect<StreamEvent>(bob, 'event');
    await ts.server.admin.removeMember({ email: 'bob@acme.test', team: 'design' });
    await send(alice, design.id, 'after bob left');
    await waitFor(() => removed.length === 1);
    expect(removed[0]).toEqual({ streamId: design.id });
    await afterSentinel(
      bob,
      'event',
      (e: StreamEvent) => e.message?.body === 'sentinel for bob',
      () => send(alice, orgStream.id, 'sentinel for bob'),
    );
    expect(bobEvents.filter((e) => e.streamId === design.id)).toHaveLength(0);
    expect(await request(bob, 'sync', { streamId: design.id, afterSeq: 0 })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect((await ok(bob, 'hello', {})).streams.map((s) => s.name)).toEqual(['Acme']);

    const added = collect<{ stream: Stream }>(bob, 'stream:added');
    await ts.server.admin.addMember({ email: 'bob@acme.test', team: 'design' });
    await waitFor(() => added.length === 1);
    expect(added[0]!.stream).toMatchObject({ id: design.id, name: 'Design', role: 'member' });
    const { message } = await send(alice, design.id, 'welcome back');
    await waitFor(() => bobEvents.some((e) => e.message?.id === message.id));
    const audit = (await readStore(ts, (tx) => tx.audit.list())).map((r) => r.action);
    expect(audit).toEqual(expect.arrayContaining(['member.remove', 'member.add']));
  });
});

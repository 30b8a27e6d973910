// Tag views through real client cores and a real server: the server's answer when online, the
// cache's (with its own index) when offline, and tags added after posting reaching every cache.
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import type { Stream } from '../../shared/protocol/entities';
import { applyEvents } from '../../main/core/cache/apply';
import { openCache, type Db } from '../../main/core/cache/database';
import { upsertStream } from '../../main/core/cache/streams';
import { cachedTagMessages, cachedTopTags, TAG_QUERIES } from '../../main/core/cache/tags';
import {
  signedInCore,
  streamIdByName,
  tempDataDir,
  useRestartableServer,
  waitUntil,
  type TestCore,
} from '../helpers/core';
import { createdEvent, makeMessage, makeStream } from '../helpers/entities';

describe('tag views through client cores', () => {
  const server = useRestartableServer();
  let alice: TestCore;
  let bob: TestCore;
  let carol: TestCore;
  let design = '';
  let acme = '';

  beforeAll(async () => {
    [alice, bob, carol] = await Promise.all([
      signedInCore(server().url, 'alice@acme.test'),
      signedInCore(server().url, 'bob@acme.test'),
      signedInCore(server().url, 'carol@acme.test'),
    ]);
    design = await streamIdByName(bob, 'Design');
    acme = await streamIdByName(carol, 'Acme');
  });
  afterAll(async () => {
    await Promise.all([alice, bob, carol].map((t) => t?.core.close()));
  });

  /** Sends and waits until the sender's cache holds it as sent; returns its id. */
  async function posts(t: TestCore, streamId: string, body: string): Promise<string> {
    await t.call('message:send', { streamId, body });
    let id = '';
    await waitUntil(
      async () => {
        const { messages } = await t.call('message:list', { streamId });
        id = messages.find((m) => m.body === body && m.status === 'sent')?.id ?? '';
        return id !== '';
      },
      10_000,
      'message acknowledged',
    );
    return id;
  }

  /** The tags of a message in a core's cache. */
  async function cachedTags(t: TestCore, streamId: string, id: string): Promise<string[] | undefined> {
    return (await t.call('message:list', { streamId })).messages.find((m) => m.id === id)?.tags;
  }

  it('asks the server online, adds tags that reach every cache, and answers from the cache offline', async () => {
    const inDesign = await posts(bob, design, 'the #Orbit plan');
    const inAcme = await posts(carol, acme, 'orbit dates in #orbit');
    await waitUntil(async () => (await cachedTags(alice, acme, inAcme)) !== undefined, 10_000, 'alice has it');

    const online = await alice.call('tag:messages', { tag: '#orbit' });
    expect(online).toMatchObject({ tag: 'orbit', count: 2, source: 'server' });
    expect(online.messages.map((m) => m.id)).toEqual([inAcme, inDesign]);
    // carol reads Acme only
    expect(await carol.call('tag:messages', { tag: 'orbit' })).toMatchObject({ count: 1, source: 'server' });

    await alice.call('message:tag', { messageId: inDesign, tag: 'liftoff' });
    for (const t of [alice, bob])
      await waitUntil(
        async () => (await cachedTags(t, design, inDesign))?.includes('liftoff') === true,
        10_000,
        'the added tag in the cache',
      );
    const top = await bob.call('tag:top', { streamId: design });
    expect(top.source).toBe('server');
    expect(top.tags).toEqual(
      expect.arrayContaining([
        { tag: 'orbit', count: 1 },
        { tag: 'liftoff', count: 1 },
      ]),
    );

    await server().stop();
    await alice.waitForState('offline');
    const offline = await alice.call('tag:messages', { tag: 'orbit' });
    expect(offline).toMatchObject({ count: 2, source: 'cache' });
    expect(offline.messages.map((m) => m.id)).toEqual([inAcme, inDesign]);
    expect((await alice.call('tag:messages', { tag: 'liftoff' })).messages.map((m) => m.id)).toEqual([inDesign]);
    const cachedTop = await alice.call('tag:top', { streamId: design });
    expect(cachedTop.source).toBe('cache');
    expect(cachedTop.tags).toEqual(expect.arrayContaining([{ tag: 'liftoff', count: 1 }]));
    const refused = await alice.core.invoke('message:tag', { messageId: inDesign, tag: 'later' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    await server().start();
    await alice.waitForState('live');
  });

  it('refuses what is not a tag before asking anyone (INVALID, field tag)', async () => {
    const res = await alice.core.invoke('tag:messages', { tag: 'two words' });
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID', field: 'tag' } });
  });
});

describe('the cache tag index', () => {
  let db: Db;
  let design: Stream;
  const me = uuidv7();

  beforeEach(() => {
    db = openCache(join(tempDataDir(), 'cache.sqlite'));
    design = makeStream('Design');
    upsertStream(db, design, 0);
  });
  afterEach(() => db.close());

  it('follows edits and deletions of the tags column, and pages newest first', () => {
    const a = makeMessage(design.id, 1, '#x #y', { tags: ['x', 'y'] });
    const b = makeMessage(design.id, 2, '#x', { tags: ['x'] });
    applyEvents(db, me, design.id, [createdEvent(a), createdEvent(b)]);
    expect(cachedTagMessages(db, 'x', undefined, 1)).toMatchObject({ count: 2, hasMore: true });
    expect(cachedTagMessages(db, 'x', b.id, 5).messages.map((m) => m.id)).toEqual([a.id]);
    const deleted = { ...b, body: '', tags: [], deletedAt: 5 };
    applyEvents(db, me, design.id, [{ ...createdEvent(deleted), seq: 3, type: 'message:deleted' }]);
    expect(cachedTagMessages(db, 'x', undefined, 5).count).toBe(1);
    expect(cachedTopTags(db, design.id, 5)).toEqual([
      { tag: 'x', count: 1 },
      { tag: 'y', count: 1 },
    ]);
  });

  it('uses its indexes', () => {
    const plan = (sql: string, ...args: unknown[]): string =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail).join('\n');
    expect(plan(TAG_QUERIES.page, 'x', 'g', 5)).toMatch(/USING (COVERING )?INDEX message_tags_by_tag/);
    expect(plan(TAG_QUERIES.count, 'x')).toMatch(/USING (COVERING )?INDEX message_tags_by_tag/);
    expect(plan(TAG_QUERIES.top, design.id, 5)).toMatch(/USING (COVERING )?INDEX message_tags_by_stream/);
  });
});

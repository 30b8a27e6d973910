// Unread and mention counts are kept per stream by the cache (migration 0002), so listing streams
// does not scan messages. They must equal what scanning the cache says, through every write path:
// randomized operation sequences on a real cache file, an upgrade of a version-1 cache, and the real
// core against the real server.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import { migrate } from '../../shared/storage/migrations';
import type { Message, Stream, StreamEvent, StreamEventType } from '../../shared/protocol/entities';
import { applyEvents, storeAcked, storeMessages } from '../../main/core/cache/apply';
import { connect, openCache, type Db } from '../../main/core/cache/database';
import { setAccountValue } from '../../main/core/cache/directory';
import { migration0001 } from '../../main/core/cache/migrations/0001-initial';
import { enqueue } from '../../main/core/cache/outbox';
import { LIST_STREAMS_SQL, listStreams, markRead, purgeStream, upsertStream } from '../../main/core/cache/streams';
import {
  openAccountCache,
  openCore,
  signedInCore,
  streamIdByName,
  tempDataDir,
  waitUntil,
  type TestCore,
} from '../helpers/core';
import { makeMessage, makeStream } from '../helpers/entities';
import { pickWith, prng } from '../helpers/random';
import { startTestServer, type TestServer } from '../helpers/server';

const SEEDS = 20;
const STEPS = 250;

/** Per stream, what scanning the cached messages says (the query `stream:list` used to run). */
function scannedCounts(db: Db, me: string | null): Record<string, { unread: number; mentions: number }> {
  const rows = db
    .prepare(
      `SELECT s.id,
         (SELECT COUNT(*) FROM messages m WHERE m.stream_id = s.id AND m.seq > s.last_read_seq
            AND m.author_id IS NOT @me AND m.deleted_at IS NULL) AS unread,
         (SELECT COUNT(*) FROM messages m WHERE m.stream_id = s.id AND m.seq > s.last_read_seq
            AND m.author_id IS NOT @me AND m.deleted_at IS NULL
            AND EXISTS (SELECT 1 FROM json_each(m.mentions) j WHERE j.value = @me)) AS mentions
       FROM streams s`,
    )
    .all({ me }) as Array<{ id: string; unread: number; mentions: number }>;
  return Object.fromEntries(rows.map((r) => [r.id, { unread: r.unread, mentions: r.mentions }]));
}

function listedCounts(streams: Stream[]): Record<string, { unread: number; mentions: number }> {
  return Object.fromEntries(streams.map((s) => [s.id, { unread: s.unread, mentions: s.mentions }]));
}

function setUser(db: Db, id: string): void {
  setAccountValue(db, 'user', JSON.stringify({ id, email: 'me@x.test', name: 'Me', handle: 'me', orgRole: 'member' }));
}

/** One stream as the server knows it (its log and messages) and as this client has cached it. */
interface SimStream {
  stream: Stream;
  /** The log: event seq n is log[n - 1]. */
  log: StreamEvent[];
  /** Server state of every message, by id. */
  messages: Map<string, Message>;
  /** Messages older than the client's starting window, fetched later as history pages. */
  history: Message[];
  cached: boolean;
}

/**
 * Runs `steps` random operations against a cache and checks the counts after each one. The
 * operations are the cache functions the core calls: live events and catch-up pages (applyEvents,
 * duplicates and gaps included), history pages (storeMessages), acks of my pending sends (storeAcked),
 * local read:mark (markRead), hello (upsertStream: server read markers, renames, new streams),
 * stream removal (purgeStream), and the account's user being replaced.
 */
function runSequence(seed: number, steps: number): { checks: number; unreadSeen: number; mentionsSeen: number } {
  const next = prng(seed);
  const pick = <T>(xs: readonly T[]): T => pickWith(next, xs);
  const me = uuidv7();
  const others = [uuidv7(), uuidv7(), uuidv7()];
  let currentMe = me;
  const db = openCache(join(tempDataDir('tributary-unread-'), 'cache.sqlite'));
  setUser(db, me);
  const sims: SimStream[] = [];
  const pendingAcks: Message[] = [];
  let clock = 1_700_000_000_000;

  const newMessage = (sim: SimStream, seq: number, author: string): Message => {
    const mentions = others.concat(me).filter(() => next() < 0.25);
    return makeMessage(sim.stream.id, seq, `m ${seq}`, { authorId: author, mentions, createdAt: (clock += 1000) });
  };
  const append = (sim: SimStream, type: StreamEventType, message: Message): void => {
    sim.messages.set(message.id, message);
    sim.log.push({
      streamId: sim.stream.id,
      seq: sim.log.length + 1,
      type,
      at: (clock += 1000),
      actorId: message.authorId,
      message,
      promotion: null,
    });
  };
  const addStream = (): void => {
    const sim: SimStream = {
      stream: makeStream(`team-${sims.length}`),
      log: [],
      messages: new Map(),
      history: [],
      cached: false,
    };
    // history the client will only see as pages: created before its window starts
    for (let seq = 1; seq <= 1 + Math.floor(next() * 6); seq += 1) {
      const m = newMessage(sim, seq, pick([...others, me]));
      append(sim, 'message:created', m);
      sim.history.push(m);
    }
    sims.push(sim);
  };
  const hello = (sim: SimStream): void => {
    const head = sim.log.length;
    const serverRead = next() < 0.3 ? Math.floor(next() * (head + 1)) : 0;
    const name = next() < 0.1 ? `${sim.stream.name}-renamed` : sim.stream.name;
    sim.stream = { ...sim.stream, name, headSeq: head, lastReadSeq: serverRead };
    upsertStream(db, sim.stream, sim.history.length);
    sim.cached = true;
  };
  const cachedSims = (): SimStream[] => sims.filter((s) => s.cached);
  const cursorOf = (sim: SimStream): number =>
    (db.prepare('SELECT cursor FROM streams WHERE id = ?').pluck().get(sim.stream.id) as number | undefined) ?? 0;

  const ops: Array<[number, () => void]> = [
    [
      0.2,
      () => {
        // someone posts (sometimes me: from my outbox, acked later or seen first as a live event)
        const sim = pick(sims);
        const author = next() < 0.25 ? currentMe : pick(others);
        const m = newMessage(sim, sim.log.length + 1, author);
        append(sim, 'message:created', m);
        if (author === currentMe && sim.cached) {
          enqueue(db, { kind: 'send', streamId: sim.stream.id, body: m.body, threadRootId: null });
          pendingAcks.push(m);
        }
      },
    ],
    [
      0.12,
      () => {
        // an edit: adds or removes a mention of me, or just changes the text
        const sim = pick(sims);
        const target = pick([...sim.messages.values()]);
        if (!target || target.deletedAt !== null) return;
        const mentions = target.mentions.includes(currentMe)
          ? target.mentions.filter((id) => id !== currentMe)
          : next() < 0.7
            ? [...target.mentions, currentMe]
            : target.mentions;
        append(sim, 'message:edited', { ...target, mentions, body: `${target.body}!`, editedAt: (clock += 1000) });
      },
    ],
    [
      0.06,
      () => {
        const sim = pick(sims);
        const target = pick([...sim.messages.values()]);
        if (!target || target.deletedAt !== null) return;
        append(sim, 'message:deleted', { ...target, body: '', deletedAt: (clock += 1000) });
      },
    ],
    [
      0.04,
      () => {
        const sim = pick(sims);
        const target = pick([...sim.messages.values()]);
        if (target) append(sim, 'reaction:changed', { ...target, reactions: { '👍': [pick(others)] } });
      },
    ],
    [
      0.15,
      () => {
        // a live event: usually the next one, sometimes a duplicate or one past a gap
        const sim = pick(cachedSims());
        if (!sim) return;
        const cursor = cursorOf(sim);
        const seq = cursor + pick([1, 1, 1, 0, 2]);
        const e = sim.log[seq - 1];
        if (e) applyEvents(db, currentMe, sim.stream.id, [e]);
      },
    ],
    [
      0.12,
      () => {
        // a catch-up page, overlapping what was applied
        const sim = pick(cachedSims());
        if (!sim) return;
        const from = Math.max(0, cursorOf(sim) - Math.floor(next() * 3));
        applyEvents(db, currentMe, sim.stream.id, sim.log.slice(from, from + 1 + Math.floor(next() * 8)));
      },
    ],
    [
      0.06,
      () => {
        // a history page: the current state of older messages, stored only where missing
        const sim = pick(cachedSims());
        if (!sim) return;
        storeMessages(
          db,
          currentMe,
          sim.history.map((m) => sim.messages.get(m.id)!).filter(() => next() < 0.6),
        );
      },
    ],
    [
      0.05,
      () => {
        const m = pendingAcks.shift();
        if (m) storeAcked(db, currentMe, m);
      },
    ],
    [
      0.12,
      () => {
        const sim = pick(cachedSims());
        if (sim) markRead(db, sim.stream.id, Math.floor(next() * (sim.log.length + 3)));
      },
    ],
    [
      0.02,
      () => {
        // no path moves a read marker back today; the triggers handle it anyway, should one appear
        const sim = pick(cachedSims());
        if (sim)
          db.prepare('UPDATE streams SET last_read_seq = ? WHERE id = ?').run(Math.floor(next() * 4), sim.stream.id);
      },
    ],
    [0.04, () => hello(pick(sims))],
    [
      0.02,
      () => {
        const sim = pick(cachedSims());
        if (!sim) return;
        purgeStream(db, sim.stream.id);
        sim.cached = false;
      },
    ],
    [0.01, addStream],
    [
      0.01,
      () => {
        // the account's user replaced (and later back): every stream is recounted for the new one
        currentMe = currentMe === me ? others[0]! : me;
        setUser(db, currentMe);
      },
    ],
  ];
  const total = ops.reduce((a, [w]) => a + w, 0);

  let checks = 0;
  let unreadSeen = 0;
  let mentionsSeen = 0;
  try {
    for (let i = 0; i < 3; i += 1) addStream();
    for (const sim of sims) hello(sim);
    for (let step = 0; step < steps; step += 1) {
      let r = next() * total;
      const op = ops.find(([w]) => (r -= w) < 0) ?? ops[0]!;
      op[1]();
      const listed = listedCounts(listStreams(db));
      expect(listed, `seed ${seed}, step ${step}`).toEqual(scannedCounts(db, currentMe));
      checks += 1;
      for (const c of Object.values(listed)) {
        unreadSeen += c.unread;
        mentionsSeen += c.mentions;
      }
    }
  } finally {
    db.close();
  }
  return { checks, unreadSeen, mentionsSeen };
}

describe('unread and mention counts kept by the cache', () => {
  it('equal the scanning query after every step of randomized operation sequences', () => {
    let checks = 0;
    let unread = 0;
    let mentions = 0;
    for (let seed = 1; seed <= SEEDS; seed += 1) {
      const r = runSequence(seed, STEPS);
      checks += r.checks;
      unread += r.unreadSeen;
      mentions += r.mentionsSeen;
    }
    expect(checks).toBe(SEEDS * STEPS);
    // the sequences do reach non-zero counts: equality at zero would prove little
    expect(unread).toBeGreaterThan(checks);
    expect(mentions).toBeGreaterThan(checks / 10);
  }, 120_000);

  it('lists streams without reading messages (cost independent of what is unread)', () => {
    const db = openCache(join(tempDataDir('tributary-unread-'), 'cache.sqlite'));
    try {
      const plan = db.prepare(`EXPLAIN QUERY PLAN ${LIST_STREAMS_SQL}`).all() as Array<{ detail: string }>;
      expect(plan.map((p) => p.detail).join('\n')).not.toMatch(/messages|json_each/);
    } finally {
      db.close();
    }
  });

  it('counts an existing version-1 cache once when it is upgraded', () => {
    const file = join(tempDataDir('tributary-unread-'), 'cache.sqlite');
    const me = uuidv7();
    const v1 = connect(file);
    const s = makeStream('team-old');
    v1.pragma('journal_mode = WAL');
    migrate(v1, [migration0001], () => new Error('too new'));
    v1.prepare(`INSERT INTO account (key, value) VALUES ('user', ?)`).run(JSON.stringify({ id: me }));
    v1.prepare(
      `INSERT INTO streams (id, kind, team_id, name, head_seq, last_read_seq, cursor) VALUES (?, 'team', ?, ?, 9, 3, 9)`,
    ).run(s.id, s.teamId, s.name);
    const insert = v1.prepare(
      `INSERT INTO messages (id, stream_id, seq, author_id, author_name, client_id, body, mentions, created_at, deleted_at)
       VALUES (?, ?, ?, ?, 'x', ?, 'b', ?, 0, ?)`,
    );
    // seq 1–3 read; 4 mine; 5 deleted; 6–9 by others, 7 and 9 mention me
    for (let seq = 1; seq <= 9; seq += 1)
      insert.run(
        uuidv7(),
        s.id,
        seq,
        seq === 4 ? me : uuidv7(),
        uuidv7(),
        seq % 2 === 1 && seq > 5 ? JSON.stringify([me]) : '[]',
        seq === 5 ? 1 : null,
      );
    v1.close();
    const db = openCache(file);
    try {
      expect(listedCounts(listStreams(db))).toEqual({ [s.id]: { unread: 4, mentions: 2 } });
      expect(scannedCounts(db, me)).toEqual({ [s.id]: { unread: 4, mentions: 2 } });
    } finally {
      db.close();
    }
  });
});

describe('unread counts through the real core and server', () => {
  let server: TestServer;
  let alice: TestCore;
  let bob: TestCore;
  let design: string;

  beforeAll(async () => {
    server = await startTestServer();
    [alice, bob] = await Promise.all([
      signedInCore(server.url, 'alice@acme.test'),
      signedInCore(server.url, 'bob@acme.test'),
    ]);
    design = await streamIdByName(alice, 'Design');
  });

  afterAll(async () => {
    await Promise.all([alice?.core.close(), bob?.core.close()]);
    await server?.close();
  });

  /** Alice's listed counts against a scan of her cache file (read beside the running core). */
  async function expectAliceCountsExact(): Promise<Record<string, { unread: number; mentions: number }>> {
    const session = await alice.call('session:get', {});
    const userId = session.user!.id;
    const listed = listedCounts((await alice.call('stream:list', {})).streams);
    const raw = openAccountCache(alice.dataDir, userId);
    try {
      expect(listed).toEqual(scannedCounts(raw, userId));
    } finally {
      raw.close();
    }
    return listed;
  }

  /** Waits until alice's cache holds bob's message with `clientId` in a state `ok` accepts. */
  async function aliceSees(
    clientId: string,
    ok: (m: { body: string; deletedAt: number | null }) => boolean,
  ): Promise<void> {
    await waitUntil(async () => {
      const { messages } = await alice.call('message:list', { streamId: design, limit: 200 });
      const m = messages.find((x) => x.clientId === clientId);
      return m !== undefined && ok(m);
    });
  }

  it('follow live sends, mentions added and removed by edits, deletions, my own sends and read:mark', async () => {
    const before = (await expectAliceCountsExact())[design]!;
    const sent: Array<{ clientId: string; body: string }> = [];
    for (const body of ['plain news', 'hey @alice, look', 'more plain news']) {
      const { clientId } = await bob.call('message:send', { streamId: design, body });
      sent.push({ clientId, body });
    }
    await aliceSees(sent[2]!.clientId, () => true);
    const live = (await expectAliceCountsExact())[design]!;
    expect(live).toEqual({ unread: before.unread + 3, mentions: before.mentions + 1 });

    // bob's messages as bob's cache has them (ids), then edits that add and remove a mention, a deletion
    const bobList = (await bob.call('message:list', { streamId: design, limit: 200 })).messages;
    const idOf = (clientId: string): string => bobList.find((m) => m.clientId === clientId)!.id;
    await bob.call('message:edit', { messageId: idOf(sent[0]!.clientId), body: 'plain news for @alice' });
    await bob.call('message:edit', { messageId: idOf(sent[1]!.clientId), body: 'hey, look' });
    await bob.call('message:delete', { messageId: idOf(sent[2]!.clientId) });
    await aliceSees(sent[2]!.clientId, (m) => m.deletedAt !== null);
    expect((await expectAliceCountsExact())[design]).toEqual({ unread: live.unread - 1, mentions: live.mentions });

    // alice's own send is pending, then stored: never unread for her
    await alice.call('message:send', { streamId: design, body: 'my own reply' });
    await waitUntil(async () =>
      (await alice.call('message:list', { streamId: design })).messages.every((m) => m.status === 'sent'),
    );
    expect((await expectAliceCountsExact())[design]).toEqual({ unread: live.unread - 1, mentions: live.mentions });

    // read up to the first of bob's messages, then everything
    const aliceList = (await alice.call('message:list', { streamId: design, limit: 200 })).messages;
    const firstSeq = aliceList.find((m) => m.clientId === sent[0]!.clientId)!.seq;
    await alice.call('read:mark', { streamId: design, seq: firstSeq });
    expect((await expectAliceCountsExact())[design]).toEqual({ unread: 1, mentions: 0 });
    const head = (await alice.call('stream:list', {})).streams.find((s) => s.id === design)!.headSeq;
    await alice.call('read:mark', { streamId: design, seq: head });
    expect((await expectAliceCountsExact())[design]).toEqual({ unread: 0, mentions: 0 });
  });

  it('follow catch-up pages after a restart', async () => {
    const dataDir = alice.dataDir;
    await alice.core.close();
    const bodies = Array.from({ length: 12 }, (_, i) => (i % 3 === 0 ? `while you were out @alice ${i}` : `news ${i}`));
    let last = '';
    for (const body of bodies) last = (await bob.call('message:send', { streamId: design, body })).clientId;
    await waitUntil(async () =>
      (await bob.call('message:list', { streamId: design })).messages.every((m) => m.status === 'sent'),
    );
    alice = openCore(dataDir);
    await alice.waitForState('live');
    await aliceSees(last, () => true);
    expect((await expectAliceCountsExact())[design]).toEqual({ unread: 12, mentions: 4 });
  });
});

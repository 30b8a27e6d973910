// Team pulse: the answer served from the rollup equals the raw query's on a generated history (posts
// and replies sent through the server, then dated back over 26 weeks), before and after the rollup
// refresh and after edits, deletions and a retention purge of closed weeks; promotions and their
// reach from read markers; time to first post of a member who joins. Runs on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import { isoWeekStart, WEEK_MS, type Message, type Stream } from '../../shared/protocol/index';
import { computePulse, type PulseSource } from '../../server/domain/pulse/compute';
import { testEngine } from '../helpers/storage';
import {
  connectDemoUsers,
  ok,
  rawSql,
  readStore,
  startTestServer,
  streamNamed,
  type ClientSocket,
  type TestServer,
} from '../helpers/server';

const DAY = 86_400_000;
let ts: TestServer;
let alice: ClientSocket; // Design curator
let bob: ClientSocket; // Design member
let carol: ClientSocket; // Engineering member
let dave: ClientSocket; // org admin
let design: Stream;
let orgStream: Stream;
let team: { id: string; streamId: string };
const history: Message[] = [];

/** A small deterministic generator, so a failure shows the same history again. */
function prng(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const send = async (socket: ClientSocket, body: string, threadRootId?: string): Promise<Message> =>
  (
    await ok(socket, 'message:send', {
      streamId: design.id,
      clientId: uuidv7(),
      body,
      ...(threadRootId ? { threadRootId } : {}),
    })
  ).message;

const pulseBy = (source: PulseSource, weeks = 26, now = Date.now()) =>
  readStore(ts, (tx) => computePulse(tx, team, weeks, now, source));

/** The rollup's answer and the raw query's, computed at the same instant. */
async function bothWays(weeks = 26) {
  const now = Date.now();
  return { rollup: await pulseBy('rollup', weeks, now), raw: await pulseBy('raw', weeks, now) };
}

const validRollupRows = () =>
  readStore(ts, async (tx) => {
    const watermark = await tx.pulse.removalsWatermark(team.streamId);
    const week = Math.floor((isoWeekStart(Date.now()) - 4 * DAY) / WEEK_MS);
    return (await tx.pulse.rollupRows(team.id, week - 25, week)).filter((r) => r.removalsSeq === watermark).length;
  });

beforeAll(async () => {
  ts = await startTestServer({ rateLimit: { perSecond: 10_000, burst: 10_000 } });
  [alice, bob, carol, dave] = await connectDemoUsers(ts.url, ['alice', 'bob', 'carol', 'dave'] as const);
  design = await streamNamed(bob, 'Design');
  orgStream = await streamNamed(bob, 'Acme');
  team = { id: design.teamId!, streamId: design.id };
  // the history: 90 posts and replies by alice and bob, dated back over the last 170 days (inside the 26-week period)
  const random = prng(17);
  const roots: Message[] = [];
  for (let i = 0; i < 90; i++) {
    const author = random() < 0.5 ? alice : bob;
    const root = roots.length > 0 && random() < 0.35 ? roots[Math.floor(random() * roots.length)] : undefined;
    const message = await send(author, `history ${i}`, root?.id);
    if (!root) roots.push(message);
    history.push(message);
  }
  const now = Date.now();
  await rawSql(ts, async (sql) => {
    for (const message of history) {
      // a reply is never older than its root: date roots first (they were sent first), replies after
      const root = message.threadRootId ? history.find((m) => m.id === message.threadRootId) : undefined;
      const floor = root
        ? (await sql.get<{ at: number }>('SELECT created_at AS at FROM messages WHERE id = ?', [root.id]))!.at
        : now - 170 * DAY;
      const at = Math.round(Number(floor) + random() * (now - Number(floor) - 60_000));
      await sql.run('UPDATE messages SET created_at = ? WHERE id = ?', [at, message.id]);
    }
  });
});
afterAll(async () => {
  for (const socket of [alice, bob, carol, dave]) socket.close();
  await ts.close();
});

describe('team pulse', () => {
  it('answers the same from the rollup as from the raw query, before and after the refresh', async () => {
    const before = await bothWays();
    expect(before.rollup).toEqual(before.raw);
    expect(before.raw.weeks).toHaveLength(26);
    const stored = await rawSql(ts, (sql) =>
      sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM messages WHERE stream_id = ? AND deleted_at IS NULL', [
        design.id,
      ]),
    );
    // the demo's own messages and the 90 of the history, all within the period
    expect(before.raw.weeks.reduce((n, w) => n + w.posts + w.replies, 0)).toBe(Number(stored!.n));
    expect(Number(stored!.n)).toBeGreaterThanOrEqual(90);
    expect(await validRollupRows()).toBe(0);

    const refresh = await ts.server.pulseRollup.refresh();
    expect(refresh.rows).toBeGreaterThanOrEqual(25);
    expect(await validRollupRows()).toBe(25);
    const after = await bothWays();
    expect(after.rollup).toEqual(after.raw);
    expect(after.raw).toEqual({ ...before.raw, computedAt: after.raw.computedAt });
    // a second refresh finds nothing to do
    expect((await ts.server.pulseRollup.refresh()).rows).toBe(0);
    for (const weeks of [4, 12] as const) {
      const period = await bothWays(weeks);
      expect(period.rollup).toEqual(period.raw);
      expect(period.raw.weeks).toEqual(after.raw.weeks.slice(26 - weeks));
    }
  });

  it('serves pulse:get to the curator with this week counted live', async () => {
    const first = await ok(alice, 'pulse:get', { teamId: team.id });
    expect(first.weeks).toHaveLength(12);
    const posted = await send(bob, 'posted this week');
    await send(alice, 'a reply this week', posted.id);
    const second = await ok(alice, 'pulse:get', { teamId: team.id, weeks: 12 });
    const [was, is] = [first.weeks.at(-1)!, second.weeks.at(-1)!];
    expect(is.weekStart).toBe(isoWeekStart(Date.now()));
    expect(is.posts).toBe(was.posts + 1);
    expect(is.replies).toBe(was.replies + 1);
    expect(is.activeMembers).toBe(2);
    expect(second.weeks.slice(0, -1)).toEqual(first.weeks.slice(0, -1));
    expect(second).toEqual({ ok: true, ...(await pulseBy('raw', 12, second.computedAt)) });
  });

  it('stays equal to the raw query after edits and deletions in closed weeks', async () => {
    const old = history.filter((m) => !m.threadRootId && m.authorId === history[0]!.authorId);
    const author = history[0]!.authorId === (await ok(alice, 'hello', {})).user.id ? alice : bob;
    await ok(author, 'message:edit', { messageId: old[0]!.id, body: 'edited long after' });
    const edited = await bothWays();
    expect(edited.rollup).toEqual(edited.raw);
    expect(await validRollupRows()).toBe(25);

    const before = await pulseBy('raw');
    await ok(author, 'message:delete', { messageId: old[1]!.id });
    // the deletion makes every row stale (the watermark moved): the answer falls back to the raw query
    expect(await validRollupRows()).toBe(0);
    const deleted = await bothWays();
    expect(deleted.rollup).toEqual(deleted.raw);
    const total = (p: typeof before) => p.weeks.reduce((n, w) => n + w.posts, 0);
    expect(total(deleted.raw)).toBe(total(before) - 1);
    await ts.server.pulseRollup.refresh();
    expect(await validRollupRows()).toBe(25);
    const refreshed = await bothWays();
    expect(refreshed.rollup).toEqual(refreshed.raw);
  });

  it('stays equal to the raw query after a retention purge of old weeks', async () => {
    const total = (p: { weeks: Array<{ posts: number; replies: number }> }) =>
      p.weeks.reduce((n, w) => n + w.posts + w.replies, 0);
    const before = await pulseBy('raw');
    await ok(dave, 'retention:set', { teamId: team.id, days: 60 });
    const purge = await ts.server.retention.runPass();
    if (purge.skipped) throw new Error('the purge did not run');
    expect(purge.purged).toBeGreaterThan(0);
    const purged = await bothWays();
    expect(purged.rollup).toEqual(purged.raw);
    expect(total(purged.raw)).toBe(total(before) - purge.purged);
    await ts.server.pulseRollup.refresh();
    expect(await validRollupRows()).toBe(25);
    const refreshed = await bothWays();
    expect(refreshed.rollup).toEqual(refreshed.raw);
    await ok(dave, 'retention:set', { teamId: team.id, days: null });
  });

  it('counts a post promoted to the organization and its reach from read markers', async () => {
    const original = await send(bob, 'worth the whole organization');
    const proposed = await ok(bob, 'promotion:propose', { messageId: original.id, clientId: uuidv7() });
    const decided = await ok(alice, 'promotion:decide', { promotionId: proposed.promotion.id, approve: true });
    expect(decided.promotion.state).toBe('published');
    const copy = await readStore(ts, (tx) => tx.messages.get(decided.promotion.orgMessageId!));
    const before = (await ok(alice, 'pulse:get', { teamId: team.id, weeks: 4 })).weeks.at(-1)!;
    expect(before.promoted).toBe(1);
    const readers = await rawSql(ts, async (sql) =>
      Number(
        (await sql.get<{ n: number }>(
          'SELECT COUNT(*) AS n FROM read_marks WHERE stream_id = ? AND last_read_seq >= ?',
          [orgStream.id, copy!.seq],
        ))!.n,
      ),
    );
    expect(before.reach).toBe(readers);
    await ok(carol, 'read:mark', { streamId: orgStream.id, seq: copy!.seq });
    const after = (await ok(alice, 'pulse:get', { teamId: team.id, weeks: 4 })).weeks.at(-1)!;
    expect(after.reach).toBe(before.reach + 1);
    // reading it again (or further) does not count twice
    await ok(carol, 'read:mark', { streamId: orgStream.id, seq: copy!.seq });
    expect((await ok(alice, 'pulse:get', { teamId: team.id, weeks: 4 })).weeks.at(-1)!.reach).toBe(after.reach);
  });

  it('measures the time to first post of a member who joined in the period', async () => {
    const carolId = (await ok(carol, 'hello', {})).user.id;
    await ts.server.admin.addMember({ email: 'carol@acme.test', team: 'design', role: 'member' });
    const joined = await ok(alice, 'pulse:get', { teamId: team.id, weeks: 4 });
    const newcomer = joined.newMembers.find((m) => m.userId === carolId);
    expect(newcomer).toMatchObject({ name: 'Carol Chen', firstPostAt: null });
    expect(joined.weeks.at(-1)!.joined).toBeGreaterThanOrEqual(1);
    const first = await send(carol, 'hello Design, first post');
    await send(carol, 'and a second one');
    const posted = await ok(alice, 'pulse:get', { teamId: team.id, weeks: 4 });
    const member = posted.newMembers.find((m) => m.userId === carolId)!;
    expect(member.firstPostAt).toBe(first.createdAt);
    const waits = posted.newMembers.flatMap((m) => (m.firstPostAt === null ? [] : [m.firstPostAt - m.joinedAt]));
    expect(waits).toContain(first.createdAt - member.joinedAt);
    expect(posted.medianTimeToFirstPostMs).not.toBeNull();
  });

  it('reads the removal watermark, read markers and a week range through indexes (SQLite plans)', async () => {
    if (testEngine() !== 'sqlite') return;
    const plan = (query: string, params: Array<string | number>) =>
      rawSql(ts, async (sql) =>
        (await sql.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${query}`, params)).map((r) => r.detail).join('\n'),
      );
    expect(
      await plan(
        `SELECT MAX(seq) FROM stream_events INDEXED BY stream_events_removals WHERE stream_id = ? AND type IN ('message:deleted', 'messages:purged')`,
        [design.id],
      ),
    ).toMatch(/USING (COVERING )?INDEX stream_events_removals/);
    expect(
      await plan('SELECT COUNT(*) FROM read_marks WHERE stream_id = ? AND last_read_seq >= ?', [orgStream.id, 1]),
    ).toMatch(/USING COVERING INDEX read_marks_by_stream/);
    expect(
      await plan(
        'SELECT COUNT(*) FROM messages WHERE stream_id = ? AND created_at >= ? AND created_at < ? AND deleted_at IS NULL',
        [design.id, 0, 1],
      ),
    ).toMatch(/SEARCH messages USING INDEX messages_(by_stream_created|expiry)/);
  });
});

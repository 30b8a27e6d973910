// The team pulse's new members from the membership history (migration 0210): someone who left is
// still counted as having joined (with when they left), someone who left and came back keeps their
// first join, and the migration backfills the history from the audit trail and today's memberships.
// Runs on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/ids';
import { WEEK_MS, type Stream } from '../../shared/protocol/index';
import { openStore } from '../../server/db/openStore';
import { MIGRATIONS as POSTGRES_MIGRATIONS } from '../../server/db/postgres/migrations/index';
import { MIGRATIONS as SQLITE_MIGRATIONS } from '../../server/db/sqlite/migrations/index';
import type { Sql } from '../../server/db/sql';
import { seedDemo } from '../../server/demo/seed';
import { computePulse } from '../../server/domain/pulse/compute';
import { createTestStorage } from '../helpers/storage';
import {
  connectDemoUsers,
  ok,
  rawSql,
  startTestServer,
  streamNamed,
  TEST_SCRYPT_COST,
  type ClientSocket,
  type TestServer,
} from '../helpers/server';

let ts: TestServer;
let alice: ClientSocket; // Design curator
let carol: ClientSocket; // Engineering member
let dave: ClientSocket; // org admin, Engineering member
let design: Stream;
let ids: { carol: string; dave: string };

const pulseOf = (weeks: 4 | 12 | 26) => ok(alice, 'pulse:get', { teamId: design.teamId!, weeks });

beforeAll(async () => {
  ts = await startTestServer();
  [alice, carol, dave] = await connectDemoUsers(ts.url, ['alice', 'carol', 'dave'] as const);
  design = await streamNamed(alice, 'Design');
  ids = {
    carol: (await ok(carol, 'hello', {})).user.id,
    dave: (await ok(dave, 'hello', {})).user.id,
  };
});
afterAll(async () => {
  for (const socket of [alice, carol, dave]) socket.close();
  await ts.close();
});

describe('team pulse new members from the membership history', () => {
  it('keeps a member who left: counted in their week, with their first post and when they left', async () => {
    await ts.server.admin.addMember({ email: 'carol@acme.test', team: 'design' });
    const post = await ok(carol, 'message:send', { streamId: design.id, clientId: uuidv7(), body: 'hi Design' });
    await ts.server.admin.removeMember({ email: 'carol@acme.test', team: 'design' });

    const pulse = await pulseOf(4);
    const carolRow = pulse.newMembers.find((m) => m.userId === ids.carol)!;
    expect(carolRow).toMatchObject({ name: 'Carol Chen', firstPostAt: post.message.createdAt });
    expect(carolRow.leftAt).toBeGreaterThanOrEqual(post.message.createdAt);
    const thisWeek = pulse.weeks.at(-1)!;
    expect(thisWeek.joined).toBe(pulse.newMembers.filter((m) => m.joinedAt >= thisWeek.weekStart).length);
    expect(pulse.medianTimeToFirstPostMs).not.toBeNull();
  });

  it('dates a member who left and re-joined by their first join, and does not make them new again', async () => {
    await ts.server.admin.addMember({ email: 'dave@acme.test', team: 'design' });
    // the first join ten weeks ago (history written then would carry that time)
    const firstJoin = Date.now() - 10 * WEEK_MS;
    await rawSql(ts, (sql) =>
      sql.run("UPDATE membership_history SET at = ? WHERE team_id = ? AND user_id = ? AND change = 'joined'", [
        firstJoin,
        design.teamId!,
        ids.dave,
      ]),
    );
    await ts.server.admin.removeMember({ email: 'dave@acme.test', team: 'design' });
    await ts.server.admin.addMember({ email: 'dave@acme.test', team: 'design' });

    expect((await pulseOf(4)).newMembers.map((m) => m.userId)).not.toContain(ids.dave);
    const longer = await pulseOf(26);
    expect(longer.newMembers.find((m) => m.userId === ids.dave)).toMatchObject({
      joinedAt: firstJoin,
      leftAt: null,
      firstPostAt: null,
    });
    const week = longer.weeks.find((w) => w.weekStart <= firstJoin && firstJoin < w.weekStart + WEEK_MS)!;
    expect(week.joined).toBe(1);
    expect(longer.weeks.reduce((sum, w) => sum + w.joined, 0)).toBe(longer.newMembers.length);
  });

  it('lets the compliance export read the same history ("members at the time")', async () => {
    const changes = await rawSql(ts, async (sql) =>
      (
        await sql.all<{ change: string }>(
          'SELECT change FROM membership_history WHERE team_id = ? AND user_id = ? ORDER BY at, id',
          [design.teamId!, ids.dave],
        )
      ).map((r) => r.change),
    );
    expect(changes).toEqual(['joined', 'left', 'joined']);
    const orgId = (await rawSql(ts, (sql) =>
      sql.get<{ orgId: string }>('SELECT org_id AS "orgId" FROM teams WHERE id = ?', [design.teamId!]),
    ))!.orgId;
    const exported = await ts.server.store.withTransaction((tx) => tx.exports.membershipChanges(orgId), {
      readOnly: true,
    });
    expect(exported.filter((c) => c.userId === ids.dave && c.streamId === design.id).map((c) => c.change)).toEqual([
      'added',
      'removed',
      'added',
    ]);
  });
});

describe('migration 0210 backfill', () => {
  it('rebuilds the history from the audit trail and today memberships older than the trail', async () => {
    const storage = await createTestStorage();
    const store = await openStore(storage.target);
    try {
      await seedDemo(store, { scryptCost: TEST_SCRYPT_COST });
      const now = Date.now();
      const at = (weeksAgo: number) => now - weeksAgo * WEEK_MS;
      const world = await store.withSql(async (sql) => {
        const userId = async (email: string) =>
          (await sql.get<{ id: string }>('SELECT id FROM users WHERE email = ?', [email]))!.id;
        const team = (await sql.get<{ id: string; orgId: string; streamId: string }>(
          `SELECT id, org_id AS "orgId", stream_id AS "streamId" FROM teams WHERE handle = 'design'`,
        ))!;
        return {
          team,
          alice: await userId('alice@acme.test'),
          bob: await userId('bob@acme.test'),
          carol: await userId('carol@acme.test'),
          dave: await userId('dave@acme.test'),
        };
      });
      const { team } = world;
      await store.withSql(async (sql) => {
        // a database written before 0210: no history; bob's membership predates the audit trail,
        // carol joined and left, dave joined, left and came back (all through the trail)
        await sql.run('DELETE FROM membership_history');
        await sql.run("DELETE FROM audit WHERE action = 'member.add' AND target = ?", [world.bob]);
        await sql.run('UPDATE memberships SET created_at = ? WHERE team_id = ? AND user_id = ?', [
          at(30),
          team.id,
          world.bob,
        ]);
        const audit = (action: string, target: string, when: number) =>
          sql.run('INSERT INTO audit (at, org_id, actor_id, action, target, detail) VALUES (?, ?, NULL, ?, ?, ?)', [
            when,
            team.orgId,
            action,
            target,
            JSON.stringify({ teamId: team.id, role: 'member', previous: null }),
          ]);
        await audit('member.add', world.carol, at(8));
        await audit('member.remove', world.carol, at(6));
        await audit('member.add', world.dave, at(12));
        await audit('member.remove', world.dave, at(11));
        await audit('member.add', world.dave, at(1));
        await sql.run("INSERT INTO memberships (team_id, user_id, role, created_at) VALUES (?, ?, 'member', ?)", [
          team.id,
          world.dave,
          at(1),
        ]);
        await sql.exec(migration0210(sql).up);
      });

      const history = await store.withSql((sql) =>
        sql.all<{ userId: string; change: string; at: number | string }>(
          'SELECT user_id AS "userId", change, at FROM membership_history WHERE team_id = ? ORDER BY at, id',
          [team.id],
        ),
      );
      const of = (userId: string) =>
        history.filter((h) => h.userId === userId).map((h) => [h.change, Number(h.at)] as const);
      expect(of(world.bob)).toEqual([['joined', at(30)]]);
      expect(of(world.carol)).toEqual([
        ['joined', at(8)],
        ['left', at(6)],
      ]);
      expect(of(world.dave)).toEqual([
        ['joined', at(12)],
        ['left', at(11)],
        ['joined', at(1)],
      ]);
      // alice's join from the trail, not a second one from her membership
      expect(of(world.alice).map(([change]) => change)).toEqual(['joined']);

      const pulse = await store.withTransaction((tx) => computePulse(tx, team, 26, now), { readOnly: true });
      const byUser = new Map(pulse.newMembers.map((m) => [m.userId, m]));
      expect(byUser.has(world.bob)).toBe(false);
      expect(byUser.get(world.carol)).toMatchObject({ joinedAt: at(8), leftAt: at(6) });
      expect(byUser.get(world.dave)).toMatchObject({ joinedAt: at(12), leftAt: null });
      expect(byUser.has(world.alice)).toBe(true);
    } finally {
      await store.close();
      await storage.dispose();
    }
  });
});

/** Migration 0210 of this engine, to run its backfill by itself (rewinding the version would replay later ones). */
function migration0210(sql: Sql) {
  const list = sql.dialect.name === 'sqlite' ? SQLITE_MIGRATIONS : POSTGRES_MIGRATIONS;
  return list.find((m) => m.version === 210)!;
}

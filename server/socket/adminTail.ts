import type { Db } from '../db/database';
import { createEffects, type EffectSink } from '../domain/effects';
import { getTeam } from '../repositories/teams.repository';

interface TailRow {
  id: number;
  at: number;
  action: string;
  target: string | null;
  teamId: string | null;
}

/**
 * The admin CLI writes to the database from another process, so the running server cannot hear it.
 * It follows the audit log instead and replays the CLI's membership, password and deactivation changes
 * to connected sockets (join/leave rooms, stream:added/removed, disconnect ended sessions) within one
 * poll period.
 */
export function startAdminTail(db: Db, sink: EffectSink, intervalMs: number): { stop(): void; poll(): void } {
  let last = (db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM audit').get() as { id: number }).id;
  const select = db.prepare(
    `SELECT id, at, action, target, json_extract(detail, '$.teamId') AS teamId FROM audit
     WHERE id > ? AND json_extract(detail, '$.via') = 'admin-cli'
       AND action IN ('member.add', 'member.remove', 'password.reset', 'user.deactivated') ORDER BY id`,
  );
  const revoked = db.prepare('SELECT id FROM tokens WHERE user_id = ? AND revoked_at >= ?');
  const poll = () => {
    if (!db.open) return;
    const rows = select.all(last) as TailRow[];
    if (rows.length === 0) return;
    last = rows[rows.length - 1]!.id;
    const effects = createEffects();
    for (const row of rows) {
      if (!row.target) continue;
      if (row.action === 'password.reset' || row.action === 'user.deactivated') {
        for (const t of revoked.all(row.target, row.at) as Array<{ id: string }>) effects.revokedTokens.push(t.id);
        continue;
      }
      const team = row.teamId ? getTeam(db, row.teamId) : null;
      if (!team) continue;
      effects.membership.push({
        userId: row.target,
        streamId: team.streamId,
        change: row.action === 'member.add' ? 'added' : 'removed',
      });
    }
    sink(effects);
  };
  const timer = setInterval(poll, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer), poll };
}

import type { Promotion, PromotionScope, PromotionView } from '../../../shared/protocol/entities';
import type { Db } from './database';
import { stmt } from './statements';

/**
 * Stores a promotion's latest state (newer updatedAt wins); returns whether the row changed. The same
 * state arriving twice (an ack, then its log event) writes nothing the second time.
 */
export function upsertPromotion(db: Db, p: Promotion): boolean {
  return (
    stmt(
      db,
      `INSERT INTO promotions (id, message_id, source_stream_id, state, updated_at, data)
     VALUES (@id, @messageId, @sourceStreamId, @state, @updatedAt, @data)
     ON CONFLICT (id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at, data = excluded.data
     WHERE excluded.updated_at > promotions.updated_at
       OR (excluded.updated_at = promotions.updated_at AND excluded.data IS NOT promotions.data)`,
    ).run({ ...p, data: JSON.stringify(p) }).changes > 0
  );
}

/** Replaces the cached membership of one list scope with the server's answer. */
export function replaceScope(db: Db, scope: PromotionScope, promotions: Promotion[]): void {
  db.transaction(() => {
    stmt(db, 'DELETE FROM promotion_scopes WHERE scope = ?').run(scope);
    const link = stmt(db, 'INSERT OR IGNORE INTO promotion_scopes (scope, promotion_id) VALUES (?, ?)');
    for (const p of promotions) {
      upsertPromotion(db, p);
      link.run(scope, p.id);
    }
  })();
}

/**
 * The cached promotions of one scope, newest first (used offline). They offer no steps: every
 * decision needs the server, and the steps it allowed when listing may no longer hold.
 */
export function listScope(db: Db, scope: PromotionScope): PromotionView[] {
  const rows = stmt(
    db,
    `SELECT p.data FROM promotions p JOIN promotion_scopes s ON s.promotion_id = p.id
       WHERE s.scope = ? ORDER BY p.updated_at DESC`,
  )
    .pluck()
    .all(scope) as string[];
  return rows.map((d) => ({ ...(JSON.parse(d) as Promotion), actions: [] }));
}

import type { Db } from '../db/database';
import { deleteEdits, tombstone } from '../repositories/messages.repository';

/**
 * Whether a legal hold keeps a deleted message's earlier versions. Legal holds do not exist yet, so
 * nothing is held: this is the one seam where a hold (per user, stream or organization) will exempt
 * a message's edit history from erasure, without touching the delete and unpublish paths.
 */
function heldByLegalHold(_db: Db, _messageId: string): boolean {
  return false;
}

/**
 * Deletes a message for good: the tombstone (row and seq kept, body, references, reactions and log
 * copies redacted) and, unless a legal hold exempts it, every earlier version from its edit history.
 * Call inside the transaction that appends the `message:deleted` event.
 */
export function eraseMessage(db: Db, messageId: string, at: number): void {
  tombstone(db, messageId, at);
  if (!heldByLegalHold(db, messageId)) deleteEdits(db, messageId);
}

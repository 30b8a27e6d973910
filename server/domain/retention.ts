import type { Tx } from '../db/store';

/**
 * Whether a legal hold keeps a deleted message's earlier versions. Legal holds do not exist yet, so
 * nothing is held: this is the one seam where a hold (per user, stream or organization) will exempt
 * a message's edit history from erasure, without touching the delete and unpublish paths.
 */
async function heldByLegalHold(_tx: Tx, _messageId: string): Promise<boolean> {
  return false;
}

/**
 * Deletes a message for good: the tombstone (row and seq kept, body, references, reactions and log
 * copies redacted) and, unless a legal hold exempts it, every earlier version from its edit history.
 * Call inside the unit of work that appends the `message:deleted` event.
 */
export async function eraseMessage(tx: Tx, messageId: string, at: number): Promise<void> {
  await tx.messages.tombstone(messageId, at);
  if (!(await heldByLegalHold(tx, messageId))) await tx.messages.deleteEdits(messageId);
}

import { parseReferences } from '../../shared/domain/mentions';
import type { Tx } from '../db/store';
import type { UserRecord } from '../repositories/users.repository';

/** Ids of every stream the user may read: the org stream, their teams' streams and their direct conversations (access.ts's rule). */
export async function readableStreamIds(tx: Tx, user: UserRecord): Promise<string[]> {
  const org = await tx.streams.getOrgStream(user.orgId);
  const teams = await tx.teams.listForUser(user.id);
  const directs = await tx.directs.streamIdsForUser(user.id);
  return [...(org ? [org.id] : []), ...teams.map((t) => t.streamId), ...directs];
}

/** A message's tags: those its body writes (in order), then those added after posting. */
export function mergeTags(bodyTags: readonly string[], added: readonly string[]): string[] {
  return [...new Set([...bodyTags, ...added])];
}

/** The tags written in a body. */
export function bodyTags(body: string): string[] {
  return parseReferences(body).tags;
}

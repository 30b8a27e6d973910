import { parseReferences, type ParsedReferences } from '../../shared/domain/mentions';
import { firstBlockedUrl } from '../../shared/domain/urlPolicy';
import { ProtocolError } from '../../shared/protocol/index';
import type { Db } from '../db/database';
import { getUrlPolicy } from '../repositories/orgs.repository';
import type { StreamRecord } from '../repositories/streams.repository';
import { getTeamByHandle, listTeamMemberIds } from '../repositories/teams.repository';
import { getUsersByHandles } from '../repositories/users.repository';
import { streamMemberIds } from './access';

/** The last body parsed: a send checks its links and then resolves its mentions, one parse for both. */
let lastParsed: { body: string; refs: ParsedReferences } | null = null;

/** Mentions, tags and links of a body, by the markdown grammar the renderer draws it with. */
function referencesIn(body: string): ParsedReferences {
  if (lastParsed?.body !== body) lastParsed = { body, refs: parseReferences(body) };
  return lastParsed.refs;
}

/**
 * Resolves @handle, @teamhandle and @all to user ids. Only people who can read the stream are
 * mentioned: notifying someone about a message they cannot open would leak that it exists.
 */
export function resolveReferences(
  db: Db,
  stream: StreamRecord,
  body: string,
  authorId: string,
): { mentions: string[]; tags: string[] } {
  const refs = referencesIn(body);
  // Most messages mention nobody: listing the stream's readers (every org user for the org
  // stream) is then wasted work on the send path.
  if (!refs.all && refs.mentions.length === 0) return { mentions: [], tags: [...refs.tags] };
  const readers = new Set(streamMemberIds(db, stream));
  const ids = new Set<string>();
  if (refs.all) for (const id of readers) ids.add(id);
  for (const user of getUsersByHandles(db, stream.orgId, refs.mentions)) ids.add(user.id);
  for (const handle of refs.mentions) {
    const team = getTeamByHandle(db, stream.orgId, handle);
    if (team) for (const id of listTeamMemberIds(db, team.id)) ids.add(id);
  }
  ids.delete(authorId);
  return { mentions: [...ids].filter((id) => readers.has(id)), tags: [...refs.tags] };
}

/**
 * Refuses a body over the size limit (INVALID) or linking to a URL the organization blocks
 * (POLICY_BLOCKED). The links are the ones the renderer makes clickable, normalized by the same
 * shared policy function the client core runs before opening one.
 */
export function checkBody(db: Db, orgId: string, body: string, maxBodyChars: number, field = 'body'): void {
  if (body.length > maxBodyChars) {
    throw new ProtocolError('INVALID', `${field}: longer than ${maxBodyChars} characters`, field);
  }
  const blocked = firstBlockedUrl(referencesIn(body).links, getUrlPolicy(db, orgId));
  if (blocked) throw new ProtocolError('POLICY_BLOCKED', `${blocked.url}: ${blocked.reason}`, field);
}

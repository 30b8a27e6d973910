import { parseReferences, type ParsedReferences } from '../../shared/domain/mentions';
import { firstBlockedUrl } from '../../shared/domain/urlPolicy';
import { ProtocolError } from '../../shared/protocol/index';
import type { Tx } from '../db/store';
import type { StreamRecord } from '../repositories/streams.repository';
import { streamMemberIds } from './access';

/** The last body parsed: a send checks its links and then resolves its mentions, one parse for both. */
let lastParsed: { body: string; refs: ParsedReferences } | null = null;

/** Mentions, tags and links of a body, by the markdown grammar the renderer draws it with. */
export function referencesIn(body: string): ParsedReferences {
  if (lastParsed?.body !== body) lastParsed = { body, refs: parseReferences(body) };
  return lastParsed.refs;
}

/**
 * Resolves @handle, @teamhandle and @all to user ids. Only people who can read the stream are
 * mentioned: notifying someone about a message they cannot open would leak that it exists. In a
 * direct conversation `@all` and team handles are plain text: only @person mentions notify there.
 */
export async function resolveReferences(
  tx: Tx,
  stream: StreamRecord,
  body: string,
  authorId: string,
): Promise<{ mentions: string[]; tags: string[] }> {
  const parsed = referencesIn(body);
  const refs = stream.kind === 'direct' ? { ...parsed, all: false } : parsed;
  // Most messages mention nobody: listing the stream's readers (every org user for the org
  // stream) is then wasted work on the send path.
  if (!refs.all && refs.mentions.length === 0) return { mentions: [], tags: [...refs.tags] };
  const readers = new Set(await streamMemberIds(tx, stream));
  const ids = new Set<string>();
  if (refs.all) for (const id of readers) ids.add(id);
  for (const user of await tx.users.getByHandles(stream.orgId, refs.mentions)) ids.add(user.id);
  for (const handle of stream.kind === 'direct' ? [] : refs.mentions) {
    const team = await tx.teams.getByHandle(stream.orgId, handle);
    if (team) for (const id of await tx.teams.memberIds(team.id)) ids.add(id);
  }
  ids.delete(authorId);
  return { mentions: [...ids].filter((id) => readers.has(id)), tags: [...refs.tags] };
}

/**
 * Refuses a body over the size limit (INVALID) or linking to a URL the organization blocks
 * (POLICY_BLOCKED). The links are the ones the renderer makes clickable, normalized by the same
 * shared policy function the client core runs before opening one.
 */
export async function checkBody(
  tx: Tx,
  orgId: string,
  body: string,
  maxBodyChars: number,
  field = 'body',
): Promise<void> {
  if (body.length > maxBodyChars) {
    throw new ProtocolError('INVALID', `${field}: longer than ${maxBodyChars} characters`, field);
  }
  const { links } = referencesIn(body);
  // Most bodies link nowhere: the policy is read only when there is something to check against it.
  if (links.length === 0) return;
  const blocked = firstBlockedUrl(links, await tx.orgs.getUrlPolicy(orgId));
  if (blocked) throw new ProtocolError('POLICY_BLOCKED', `${blocked.url}: ${blocked.reason}`, field);
}

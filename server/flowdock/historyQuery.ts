import { z } from 'zod';
import { ProtocolError } from '../../shared/protocol/index';
import type { Tx } from '../db/store';
import type { FlowHistoryQuery } from '../repositories/flowHistory.repository';
import type { UserRecord } from '../repositories/users.repository';

/** A non-negative integer query parameter (query strings carry only text). */
const intParam = (max: number) =>
  z
    .string()
    .regex(/^\d{1,15}$/, 'an integer')
    .transform(Number)
    .pipe(z.number().int().min(0).max(max));

/** Flowdock's list parameters (Messages.md, "List Messages"); unknown ones are ignored as Flowdock did. */
export const listQuerySchema = z.object({
  event: z
    .string()
    .max(200)
    .regex(/^[a-z.,_-]*$/i)
    .optional(),
  limit: intParam(100).pipe(z.number().min(1)).optional(),
  sort: z.enum(['asc', 'desc']).optional(),
  since_id: intParam(Number.MAX_SAFE_INTEGER).optional(),
  until_id: intParam(Number.MAX_SAFE_INTEGER).optional(),
  tags: z.string().max(2000).optional(),
  tag_mode: z.enum(['and', 'or']).optional(),
  search: z.string().max(1000).optional(),
});
export type ListQuery = z.infer<typeof listQuerySchema>;

const DEFAULT_LIMIT = 30;
const MAX_FILTER_TERMS = 20;

/**
 * The history query for a list request, or null when nothing can match (an event filter without
 * `message`: Tributary's history holds chat messages only; or a user tag naming nobody).
 */
export async function historyQuery(
  tx: Tx,
  user: UserRecord,
  streamId: string,
  params: ListQuery,
): Promise<FlowHistoryQuery | null> {
  if (params.event !== undefined && params.event !== '' && !params.event.split(',').includes('message')) return null;
  const terms = (params.tags ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  const keywords = (params.search ?? '')
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '');
  if (terms.length > MAX_FILTER_TERMS)
    throw new ProtocolError('INVALID', `tags: at most ${MAX_FILTER_TERMS} tags`, 'tags');
  if (keywords.length > MAX_FILTER_TERMS)
    throw new ProtocolError('INVALID', `search: at most ${MAX_FILTER_TERMS} words`, 'search');
  const tags: string[] = [];
  const mentionIds: string[] = [];
  const handles: string[] = [];
  for (const term of terms) {
    if (term.startsWith(':user:')) mentionIds.push(term.slice(':user:'.length));
    else if (term.startsWith('@')) handles.push(term.slice(1).toLowerCase());
    else tags.push(term.replace(/^#/, '').toLowerCase());
  }
  if (handles.length > 0) {
    const found = await tx.users.getByHandles(user.orgId, handles);
    if (found.length < new Set(handles).size && params.tag_mode !== 'or') return null;
    mentionIds.push(...found.map((u) => u.id));
  }
  // every term named nobody: nothing carries them (and no filter would mean every message)
  if (terms.length > 0 && tags.length === 0 && mentionIds.length === 0) return null;
  return {
    streamId,
    ...(params.since_id !== undefined ? { afterSeq: params.since_id } : {}),
    ...(params.until_id !== undefined ? { beforeSeq: params.until_id } : {}),
    oldestFirst: params.sort === 'asc',
    limit: params.limit ?? DEFAULT_LIMIT,
    tags,
    mentionIds,
    tagMode: params.tag_mode ?? 'and',
    keywords,
  };
}

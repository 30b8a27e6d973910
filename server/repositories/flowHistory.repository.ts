import type { Message, MessageIntegration } from '../../shared/protocol/index';
import type { Sql, SqlValue } from '../db/sql';

/** The fields of a message that the Flowdock-compatible API shows (a full Message has them all). */
export type FlowMessage = Pick<
  Message,
  | 'id'
  | 'streamId'
  | 'seq'
  | 'authorId'
  | 'clientId'
  | 'body'
  | 'threadRootId'
  | 'mentions'
  | 'tags'
  | 'createdAt'
  | 'editedAt'
  | 'deletedAt'
> & {
  /** An integration's post: the integration and the external person (as on a Message). */
  integration?: MessageIntegration | null | undefined;
  /** An integration's post: the Flowdock event it was (`activity`, `discussion`, `message`); null if unknown. */
  integrationEvent?: string | null;
  /** An integration's post in an external thread: the thread's external id and latest state (JSON). */
  externalThreadId?: string | null;
  thread?: string | null;
};

/** Which messages of one stream a history query returns (docs/flowdock-api.md, "List messages"). */
export interface FlowHistoryQuery {
  streamId: string;
  /** Only messages with a larger seq. */
  afterSeq?: number;
  /** Only messages with a smaller seq. */
  beforeSeq?: number;
  /** The oldest matching messages (true) or the newest (false). */
  oldestFirst: boolean;
  limit: number;
  /** Lower-cased #tags (without `#`) and mentioned user ids the messages must carry. */
  tags: readonly string[];
  mentionIds: readonly string[];
  /** `and`: every tag and mention; `or`: any of them. */
  tagMode: 'and' | 'or';
  /** Lower-cased words the body must all contain. */
  keywords: readonly string[];
}

interface FlowMessageRow extends Omit<
  FlowMessage,
  'mentions' | 'tags' | 'integration' | 'integrationEvent' | 'externalThreadId' | 'thread'
> {
  integrationEvent: string | null;
  externalThreadId: string | null;
  thread: string | null;
  mentions: string;
  tags: string;
  integrationId: string | null;
  integrationName: string | null;
  integrationAvatarUrl: string | null;
  externalAuthor: string | null;
}

// An integration's post also reads its integration and, in an external thread, that thread (by its
// root: the post's thread root, or the post itself when it is the root).
const SELECT = `SELECT m.id, m.stream_id AS "streamId", m.seq, m.author_id AS "authorId", m.client_id AS "clientId",
  m.body, m.thread_root_id AS "threadRootId", m.mentions, m.tags, m.created_at AS "createdAt",
  m.edited_at AS "editedAt", m.deleted_at AS "deletedAt", m.integration_id AS "integrationId",
  i.name AS "integrationName", i.avatar_url AS "integrationAvatarUrl", m.external_author AS "externalAuthor",
  m.integration_event AS "integrationEvent", t.external_thread_id AS "externalThreadId", t.thread
  FROM messages m LEFT JOIN integrations i ON i.id = m.integration_id
  LEFT JOIN integration_threads t ON m.integration_id IS NOT NULL AND t.integration_id = m.integration_id
    AND t.root_message_id = COALESCE(m.thread_root_id, m.id)`;

/** `%"value"%` with LIKE's wildcards escaped: a JSON list of strings contains the value. */
function inJsonList(value: string): string {
  return `%${JSON.stringify(value).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** `%word%` with LIKE's wildcards escaped. */
function containing(word: string): string {
  return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A stream's messages as the Flowdock-compatible API pages and filters them: by seq, tags and words. */
export interface FlowHistoryRepository {
  /** The message of a stream with this seq (its Flowdock id), or null. */
  getBySeq(streamId: string, seq: number): Promise<FlowMessage | null>;
  /** Matching messages, oldest first, at most `limit`: the oldest or newest ones as the query asks. */
  list(query: FlowHistoryQuery): Promise<FlowMessage[]>;
}

/** The Flowdock history repository on either engine (the (stream_id, seq) key serves every range). */
export class SqlFlowHistoryRepository implements FlowHistoryRepository {
  constructor(private readonly sql: Sql) {}

  async getBySeq(streamId: string, seq: number): Promise<FlowMessage | null> {
    const row = await this.sql.get<FlowMessageRow>(`${SELECT} WHERE m.stream_id = ? AND m.seq = ?`, [streamId, seq]);
    return row ? toFlowMessage(row) : null;
  }

  async list(query: FlowHistoryQuery): Promise<FlowMessage[]> {
    const where = ['m.stream_id = ?'];
    const params: SqlValue[] = [query.streamId];
    if (query.afterSeq !== undefined) {
      where.push('m.seq > ?');
      params.push(query.afterSeq);
    }
    if (query.beforeSeq !== undefined) {
      where.push('m.seq < ?');
      params.push(query.beforeSeq);
    }
    const tagConditions = [
      ...query.tags.map((tag) => ({ sql: "m.tags LIKE ? ESCAPE '\\'", param: inJsonList(tag) })),
      ...query.mentionIds.map((id) => ({ sql: "m.mentions LIKE ? ESCAPE '\\'", param: inJsonList(id) })),
    ];
    if (tagConditions.length > 0) {
      where.push(`(${tagConditions.map((c) => c.sql).join(query.tagMode === 'and' ? ' AND ' : ' OR ')})`);
      params.push(...tagConditions.map((c) => c.param));
    }
    for (const word of query.keywords) {
      where.push("LOWER(m.body) LIKE ? ESCAPE '\\'");
      params.push(containing(word));
    }
    params.push(query.limit);
    const rows = await this.sql.all<FlowMessageRow>(
      `${SELECT} WHERE ${where.join(' AND ')} ORDER BY m.seq ${query.oldestFirst ? 'ASC' : 'DESC'} LIMIT ?`,
      params,
    );
    const messages = rows.map(toFlowMessage);
    return query.oldestFirst ? messages : messages.reverse();
  }
}

function toFlowMessage(row: FlowMessageRow): FlowMessage {
  return {
    id: row.id,
    streamId: row.streamId,
    seq: row.seq,
    authorId: row.authorId,
    clientId: row.clientId,
    body: row.body,
    threadRootId: row.threadRootId,
    mentions: JSON.parse(row.mentions) as string[],
    tags: JSON.parse(row.tags) as string[],
    createdAt: row.createdAt,
    editedAt: row.editedAt,
    deletedAt: row.deletedAt,
    integration:
      row.integrationId !== null
        ? {
            id: row.integrationId,
            name: row.integrationName ?? '',
            avatarUrl: row.integrationAvatarUrl,
            externalAuthor: row.externalAuthor,
          }
        : null,
    integrationEvent: row.integrationEvent,
    externalThreadId: row.externalThreadId,
    thread: row.thread,
  };
}

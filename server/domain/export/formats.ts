import type { Message } from '../../../shared/protocol/index';
import type { ExportPerson, ExportRecord } from '../../repositories/export.repository';
import type { FileRecord } from '../../repositories/files.repository';
import type { ExportedEvent, ExportedMessage } from './exporter';

/** Looks people up by id for the export's readable columns. */
export type People = ReadonlyMap<string, ExportPerson>;

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
const emails = (ids: readonly string[], people: People): string[] => ids.map((id) => people.get(id)?.email ?? id);
const person = (id: string, people: People) => {
  const found = people.get(id);
  return { id, email: found?.email ?? null, name: found?.name ?? null };
};

/**
 * JSONL: one log entry per line with every field of the event as the server logged it, plus the
 * stream's name, readable times, the actor's email and name, and who could read the stream then.
 */
export function jsonlLine({ stream, event, memberIds }: ExportedEvent, people: People): string {
  return JSON.stringify({
    stream: { id: stream.id, kind: stream.kind, name: stream.name, team: stream.teamHandle },
    seq: event.seq,
    type: event.type,
    at: iso(event.at),
    actor: person(event.actorId, people),
    membersAtTime: emails(memberIds, people),
    event,
  });
}

/**
 * JSONL: a guidelines version published (with its text) or acknowledged, after the log entries:
 * `record` names which, `scope` is the team's handle or null for the organization's guidelines. Or a
 * profile change: the fields and visibilities changed, and the profile as the whole organization saw
 * it after the change (`profile`, null for changes from before it was kept).
 */
export function jsonlRecordLine(record: ExportRecord, people: People): string {
  if (record.kind === 'profile.changed')
    return JSON.stringify({
      record: record.kind,
      at: iso(record.at),
      person: person(record.userId, people),
      fields: record.fields,
      visibility: record.visibility,
      profile: record.shown,
    });
  return JSON.stringify({
    record: record.kind,
    at: iso(record.at),
    scope: { teamId: record.teamId, team: record.teamHandle },
    version: record.version,
    person: person(record.userId, people),
    ...(record.kind === 'guidelines.published' ? { body: record.body } : {}),
  });
}

/** The CSV columns, one row per message. */
export const CSV_HEADER = [
  'stream',
  'stream_kind',
  'team',
  'seq',
  'message_id',
  'created_at',
  'author_email',
  'author_name',
  'thread_root_id',
  'body',
  'tags',
  'mentions',
  'reactions',
  'reply_count',
  'edited_at',
  'deleted_at',
  'shared_at',
  'provenance',
  'members_at_time',
  'files',
] as const;

/**
 * One CSV field (RFC 4180: quoted when it holds a comma, quote or line break). A field that a
 * spreadsheet would run as a formula (starting with =, +, -, @, tab or carriage return) gets a leading
 * apostrophe (OWASP's advice against CSV injection): message bodies are written by anyone.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A reactions map as text: `👍 ann@x.test bob@x.test; 🎉 cy@x.test`. */
function reactionsText(message: Message, people: People): string {
  return Object.entries(message.reactions)
    .map(([emoji, ids]) => `${emoji} ${emails(ids, people).join(' ')}`)
    .join('; ');
}

/** A message's files as text: `plan.pdf (application/pdf, 5120 bytes, id 0190…); photo.png (…)`. */
function filesText(files: readonly FileRecord[]): string {
  return files
    .map((f) => `${f.name} (${f.mime}, ${f.size} bytes, id ${f.id}${f.deletedAt === null ? '' : ', kept for a hold'})`)
    .join('; ');
}

/** One message as a CSV record (CRLF-terminated, as RFC 4180 has it), with its files (exportFilesOf). */
export function csvRow(
  { stream, message, memberIds }: ExportedMessage,
  people: People,
  files: readonly FileRecord[] = [],
): string {
  const author = people.get(message.authorId);
  const fields: Array<string | number | null> = [
    stream.name,
    stream.kind,
    stream.teamHandle,
    message.seq,
    message.id,
    iso(message.createdAt),
    author?.email ?? message.authorId,
    author?.name ?? message.authorName,
    message.threadRootId,
    message.body,
    message.tags.join(' '),
    emails(message.mentions, people).join(' '),
    reactionsText(message, people),
    message.replyCount,
    iso(message.editedAt),
    iso(message.deletedAt),
    iso(message.sharedAt),
    message.provenance ? JSON.stringify(message.provenance) : null,
    emails(memberIds, people).join(' '),
    filesText(files),
  ];
  return `${fields.map(csvField).join(',')}\r\n`;
}

/** The CSV header record. */
export const csvHeaderRow = (): string => `${CSV_HEADER.join(',')}\r\n`;

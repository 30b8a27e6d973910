import { randomBytes } from 'node:crypto';
import type { ExportAttachment } from './attachments';
import type { ExportedMessage } from './exporter';
import type { People } from './formats';

/*
 * EML: one RFC 5322 message per chat message, so mail archives and e-discovery tools can ingest an
 * export. Threads become mail threads (a reply's In-Reply-To and References name its root's
 * Message-ID); non-ASCII names and subjects are RFC 2047 encoded words; the body is UTF-8 text in
 * base64, so any content survives the 7-bit path unchanged. A message with files is multipart/mixed:
 * the text, then each file as an attachment (base64, its detected type, its name).
 */

/** The domain of every generated address and Message-ID: reserved, so it can never route anywhere. */
const DOMAIN = 'tributary.invalid';
const CRLF = '\r\n';

const messageId = (id: string) => `<${id}@${DOMAIN}>`;

/** RFC 5322 date-time in UTC, e.g. `Tue, 01 Dec 2026 23:00:00 +0000`. */
export function mailDate(ms: number): string {
  return new Date(ms).toUTCString().replace(/GMT$/, '+0000');
}

/** Splits text into chunks of at most `maxBytes` UTF-8 bytes without cutting a character. */
function utf8Chunks(text: string, maxBytes: number): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const char of text) {
    if (Buffer.byteLength(current + char) > maxBytes) {
      chunks.push(current);
      current = '';
    }
    current += char;
  }
  if (current !== '') chunks.push(current);
  return chunks;
}

/** A header's free text: as it is when plain printable ASCII, else RFC 2047 `B` encoded words. */
export function encodeText(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text) && !text.includes('=?')) return text;
  // 45 bytes → 60 base64 characters → a 72-character encoded word, under the 75 allowed
  return utf8Chunks(text, 45)
    .map((chunk) => `=?UTF-8?B?${Buffer.from(chunk).toString('base64')}?=`)
    .join(`${CRLF} `);
}

/** A display name plus address; the name quoted or encoded as RFC 5322 needs. */
function mailbox(name: string, address: string): string {
  const plain = /^[\x20-\x7e]*$/.test(name) && !name.includes('=?');
  const shown = plain ? `"${name.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"` : encodeText(name);
  return `${shown} <${address}>`;
}

/** A header line, folded at spaces to stay under 78 characters where the value allows. */
function header(name: string, value: string): string {
  if (value.includes(CRLF)) return `${name}: ${value}`; // encoded words, already folded
  const words = value.split(' ');
  const lines: string[] = [];
  let line = `${name}:`;
  for (const word of words) {
    if (line.length + 1 + word.length > 76 && line.length > name.length + 1) {
      lines.push(line);
      line = ` ${word}`;
    } else line += ` ${word}`;
  }
  lines.push(line);
  return lines.join(CRLF);
}

/** An address for people without one on record (never expected; ids stay traceable). */
const fallbackAddress = (id: string) => `${id}@${DOMAIN}`;

/** The first line of a body, shortened, as a subject. */
function subjectOf(body: string, deleted: boolean): string {
  if (deleted) return '(deleted message)';
  const first = body.split(/\r?\n/, 1)[0]!.trim();
  const chars = [...first];
  return chars.length === 0 ? '(no text)' : chars.length > 70 ? `${chars.slice(0, 69).join('')}…` : first;
}

/** A file name for the message, sortable by stream and seq. */
export function emlFileName({ stream, message }: ExportedMessage): string {
  const streamPart = (stream.teamHandle ?? stream.kind).replace(/[^A-Za-z0-9._-]/g, '_');
  return `${streamPart}-${String(message.seq).padStart(8, '0')}-${message.id}.eml`;
}

/** Base64 in lines of 76 characters, CRLF-separated. */
function base64Lines(bytes: Buffer): string {
  return (bytes.toString('base64').match(/.{1,76}/g) ?? []).join(CRLF);
}

/** A MIME parameter value: quoted when plain ASCII, else RFC 2047 encoded words (what mail readers accept). */
function parameter(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) && !value.includes('=?')
    ? `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`
    : `"${encodeText(value).replaceAll(`${CRLF} `, ' ')}"`;
}

/** One file as a MIME part; a file whose bytes are gone is named in a header instead. */
function attachmentPart({ file, bytes }: ExportAttachment & { bytes: Buffer }): string {
  return [
    header('Content-Type', `${file.mime}; name=${parameter(file.name)}`),
    header('Content-Disposition', `attachment; filename=${parameter(file.name)}; size=${file.size}`),
    header('Content-Transfer-Encoding', 'base64'),
    header('Content-ID', `<${file.id}@${DOMAIN}>`),
    '',
    base64Lines(bytes),
  ].join(CRLF);
}

/**
 * The whole .eml file of one message, with its files (exportFilesOf + withBytes) as attachments.
 * A file listed without bytes (gone from the file store) is named in `X-Tributary-File-Missing`.
 */
export function emlFile(
  { stream, message, memberIds }: ExportedMessage,
  people: People,
  attachments: readonly ExportAttachment[] = [],
): string {
  const author = people.get(message.authorId);
  const address = (id: string) => people.get(id)?.email ?? fallbackAddress(id);
  const lines = [
    header('From', mailbox(author?.name ?? message.authorName, author?.email ?? fallbackAddress(message.authorId))),
    header('To', mailbox(stream.name, `${stream.id}@${DOMAIN}`)),
    header('Date', mailDate(message.createdAt)),
    header('Subject', encodeText(subjectOf(message.body, message.deletedAt !== null))),
    header('Message-ID', messageId(message.id)),
  ];
  if (message.threadRootId !== null)
    lines.push(
      header('In-Reply-To', messageId(message.threadRootId)),
      header('References', messageId(message.threadRootId)),
    );
  const stored = attachments.filter((a): a is ExportAttachment & { bytes: Buffer } => a.bytes !== null);
  const boundary = `tributary-${randomBytes(12).toString('hex')}`;
  lines.push(
    header('MIME-Version', '1.0'),
    ...(stored.length > 0
      ? [header('Content-Type', `multipart/mixed; boundary="${boundary}"`)]
      : [header('Content-Type', 'text/plain; charset=utf-8'), header('Content-Transfer-Encoding', 'base64')]),
    header('X-Tributary-Stream', encodeText(`${stream.name} (${stream.kind})`)),
    header('X-Tributary-Seq', String(message.seq)),
    header('X-Tributary-Members', memberIds.map(address).join(', ') || '(none)'),
  );
  if (message.mentions.length > 0) lines.push(header('X-Tributary-Mentions', message.mentions.map(address).join(', ')));
  if (message.tags.length > 0) lines.push(header('X-Tributary-Tags', encodeText(message.tags.join(' '))));
  for (const [emoji, ids] of Object.entries(message.reactions))
    lines.push(header('X-Tributary-Reaction', `${encodeText(emoji)} ${ids.map(address).join(', ')}`));
  if (message.editedAt !== null) lines.push(header('X-Tributary-Edited', mailDate(message.editedAt)));
  if (message.deletedAt !== null) lines.push(header('X-Tributary-Deleted', mailDate(message.deletedAt)));
  if (message.sharedAt !== null) lines.push(header('X-Tributary-Shared', mailDate(message.sharedAt)));
  if (message.provenance) lines.push(header('X-Tributary-Provenance', encodeText(JSON.stringify(message.provenance))));
  for (const { file } of attachments.filter((a) => a.bytes === null))
    lines.push(header('X-Tributary-File-Missing', encodeText(`${file.name} (${file.id})`)));
  const text = base64Lines(Buffer.from(message.body.replace(/\r?\n/g, CRLF), 'utf8'));
  if (stored.length === 0) return `${lines.join(CRLF)}${CRLF}${CRLF}${text}${CRLF}`;
  const textPart = [
    header('Content-Type', 'text/plain; charset=utf-8'),
    header('Content-Transfer-Encoding', 'base64'),
    '',
    text,
  ].join(CRLF);
  const parts = [textPart, ...stored.map(attachmentPart)].map((part) => `--${boundary}${CRLF}${part}${CRLF}`);
  return `${lines.join(CRLF)}${CRLF}${CRLF}${parts.join('')}--${boundary}--${CRLF}`;
}

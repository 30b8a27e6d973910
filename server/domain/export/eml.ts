import type { ExportedMessage } from './exporter';
import type { People } from './formats';

/*
 * EML: one RFC 5322 message per chat message, so mail archives and e-discovery tools can ingest an
 * export. Threads become mail threads (a reply's In-Reply-To and References name its root's
 * Message-ID); non-ASCII names and subjects are RFC 2047 encoded words; the body is UTF-8 text in
 * base64, so any content survives the 7-bit path unchanged.
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

/** The whole .eml file of one message. */
export function emlFile({ stream, message, memberIds }: ExportedMessage, people: People): string {
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
  lines.push(
    header('MIME-Version', '1.0'),
    header('Content-Type', 'text/plain; charset=utf-8'),
    header('Content-Transfer-Encoding', 'base64'),
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
  const body = Buffer.from(message.body.replace(/\r?\n/g, CRLF), 'utf8').toString('base64');
  const bodyLines = body.match(/.{1,76}/g) ?? [];
  return `${lines.join(CRLF)}${CRLF}${CRLF}${bodyLines.join(CRLF)}${CRLF}`;
}

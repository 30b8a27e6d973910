/*
 * What a bot may send in a message: Flowdock's parameters (Messages.md) read into what the socket
 * protocol's `message:send` / `message:edit` take. Tributary keeps tags and mentions in the text, so
 * `tags` given apart from the content are appended to it as `#tag` / `@handle`.
 */
import { z } from 'zod';
import { parseReferences } from '../../shared/domain/mentions';
import { ProtocolError } from '../../shared/protocol/index';

/** `tags`: a JSON list, or a comma-separated string (forms send one or repeat the field). */
export const tagsInputSchema = z.union([z.array(z.string().max(100)).max(50), z.string().max(5000)]);

/** A message id in a path or a body: the message's seq, an integer. */
export const messageIdSchema = z.union([
  z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  z
    .string()
    .regex(/^\d{1,15}$/)
    .transform(Number),
]);

/** The tag list of a request, one entry each, without empty ones. */
function tagList(tags: z.infer<typeof tagsInputSchema>): string[] {
  const list = typeof tags === 'string' ? tags.split(',') : tags.flatMap((t) => t.split(','));
  return list.map((t) => t.trim()).filter((t) => t !== '');
}

/**
 * The words to append to `content` for `tags`: each `#tag` or `@handle` it does not already carry.
 * Flowdock's internal tags (`:user:…`, `:thread`) are left out: they are derived, not written. A tag
 * that is no tag or handle in Tributary's syntax is INVALID (field `tags`).
 */
export function tagWords(content: string, tags: z.infer<typeof tagsInputSchema> | undefined): string[] {
  if (tags === undefined) return [];
  const present = parseReferences(content);
  const words: string[] = [];
  for (const raw of tagList(tags)) {
    if (raw.startsWith(':')) continue;
    if (raw.startsWith('@')) {
      const parsed = parseReferences(raw);
      const handle = raw.slice(1).toLowerCase();
      const isMention = parsed.mentions.length === 1 ? parsed.mentions[0] === handle : parsed.all;
      if (!isMention) throw new ProtocolError('INVALID', `tags: "${raw}" is not a user tag`, 'tags');
      const known = parsed.all ? present.all : present.mentions.includes(handle);
      if (!known && !words.includes(raw)) words.push(raw);
      continue;
    }
    const tag = raw.replace(/^#/, '');
    const parsed = parseReferences(`#${tag}`);
    if (parsed.tags.length !== 1 || parsed.tags[0] !== tag.toLowerCase())
      throw new ProtocolError('INVALID', `tags: "${raw}" is not a tag`, 'tags');
    if (!present.tags.includes(tag.toLowerCase()) && !words.includes(`#${tag}`)) words.push(`#${tag}`);
  }
  return words;
}

/** The body to store: the content with the missing tags appended on a line of their own. */
export function bodyWithTags(content: string, tags: z.infer<typeof tagsInputSchema> | undefined): string {
  const words = tagWords(content, tags);
  return words.length === 0 ? content : `${content.trimEnd()}\n\n${words.join(' ')}`;
}

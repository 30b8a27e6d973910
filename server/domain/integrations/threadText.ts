/*
 * An external thread (Flowdock's `thread`: Threads.md) as the markdown of its root message. Flowdock
 * allowed `a` tags in titles and field values and HTML in bodies; message bodies here are markdown
 * with raw HTML switched off, so links become markdown links and every other tag is dropped.
 */

/** A thread's state as an integration last posted it. */
export interface ExternalThread {
  title: string;
  body: string | null;
  externalUrl: string | null;
  status: { value: string; color: string } | null;
  fields: Array<{ label: string; value: string }>;
  actions: Array<{ name: string; url: string; description: string | null }>;
}

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&nbsp;': ' ' };

/** HTML as markdown text: `<a href="u">t</a>` → `[t](u)`, `<br>`/`<p>` → line breaks, other tags gone. */
export function htmlToMarkdown(html: string): string {
  return html
    .replace(/<a\s[^>]*?href\s*=\s*"([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, (_, href: string, text: string) =>
      /^(https?:|mailto:)/i.test(href.trim()) ? `[${text.replace(/<[^>]*>/g, '')}](${href.trim()})` : text,
    )
    .replace(/<br\s*\/?>|<\/p>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(lt|gt|quot|#39|nbsp);/g, (entity) => ENTITIES[entity] ?? entity)
    .replace(/&amp;/g, '&')
    .trim();
}

/** The root message's body: the title in bold with its status, the body, the fields, the links. */
export function threadMarkdown(thread: ExternalThread): string {
  const title = htmlToMarkdown(thread.title).replace(/\s+/g, ' ') || '(untitled)';
  const lines = [`**${title}**${thread.status ? ` · ${htmlToMarkdown(thread.status.value)}` : ''}`];
  const body = thread.body === null ? '' : htmlToMarkdown(thread.body);
  if (body !== '') lines.push('', body);
  if (thread.fields.length > 0) {
    lines.push('');
    for (const field of thread.fields)
      lines.push(`- ${htmlToMarkdown(field.label)}: ${htmlToMarkdown(field.value).replace(/\s+/g, ' ')}`);
  }
  const links = [
    ...(thread.externalUrl !== null ? [thread.externalUrl] : []),
    ...thread.actions.map((action) => `[${action.name}](${action.url})`),
  ];
  if (links.length > 0) lines.push('', links.join(' · '));
  return lines.join('\n');
}

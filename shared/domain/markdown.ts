/*
 * A small markdown dialect for message bodies, parsed to an AST that the renderer turns into
 * elements. There is deliberately no HTML node: raw HTML in a body stays text, and links exist only
 * for http(s) and mailto, so rendering the AST can never produce markup an attacker chose.
 *
 * Supported: paragraphs, line breaks, **bold**, *italic*, `code`, ``` fenced blocks ```, > quotes,
 * - lists, [text](url), <url> autolinks, bare URLs, @mentions and #tags.
 */
import { HANDLE_PATTERN } from './mentions';

export type MdInline =
  | { type: 'text'; text: string }
  | { type: 'strong'; children: MdInline[] }
  | { type: 'em'; children: MdInline[] }
  | { type: 'code'; text: string }
  | { type: 'link'; href: string; children: MdInline[] }
  | { type: 'mention'; handle: string }
  | { type: 'tag'; tag: string }
  | { type: 'break' };

export type MdBlock =
  | { type: 'paragraph'; children: MdInline[] }
  | { type: 'codeBlock'; lang: string | null; text: string }
  | { type: 'quote'; children: MdBlock[] }
  | { type: 'list'; items: MdInline[][] };

/** Quotes and emphasis nest at most this deep; deeper markers stay text (bounds recursion). */
const MAX_DEPTH = 6;
const SAFE_PROTOCOL_RE = /^(https?:\/\/|mailto:)/i;
const BARE_URL_RE = /^(?:https?:\/\/|mailto:)[^\s<>"'`]+/i;
const HANDLE_RE = new RegExp(`^${HANDLE_PATTERN}`);
const TAG_RE = /^[\p{L}\p{N}_-]{1,64}/u;
const ESCAPABLE = '\\`*_[]()#@>-!<{}';

/**
 * Returns the URL when it may become a link (http, https or mailto, no whitespace or control
 * characters that browsers strip to smuggle another scheme), otherwise null.
 */
export function safeHref(raw: string): string | null {
  const url = raw.trim();
  // Browsers drop tabs/newlines inside URLs, so `jav\tascript:` would become javascript:.
  // eslint-disable-next-line no-control-regex
  if (url.length === 0 || url.length > 4096 || /[\u0000-\u0020\u007f-\u009f\u2028\u2029<>"'`\\]/.test(url)) return null;
  if (!SAFE_PROTOCOL_RE.test(url)) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:' && parsed.protocol !== 'mailto:') return null;
  if (parsed.protocol !== 'mailto:' && !parsed.hostname) return null;
  return url;
}

/** Drops punctuation that usually ends a sentence rather than a URL. */
function trimUrlTail(url: string): string {
  let end = url.length;
  while (end > 0 && /[.,;:!?*_~]/.test(url[end - 1]!)) end -= 1;
  let trimmed = url.slice(0, end);
  // A closing paren belongs to the URL only when it opened one, e.g. wikipedia links.
  while (trimmed.endsWith(')') && count(trimmed, '(') < count(trimmed, ')')) trimmed = trimmed.slice(0, -1);
  return trimmed;
}

function count(text: string, ch: string): number {
  let n = 0;
  for (const c of text) if (c === ch) n += 1;
  return n;
}

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{L}\p{N}_]/u.test(ch);
}

class InlineParser {
  private out: MdInline[] = [];
  private buf = '';
  /** Positions after which a delimiter has no closer; avoids quadratic rescans on hostile input. */
  private noCloser = new Map<string, number>();

  constructor(
    private readonly src: string,
    private readonly depth: number,
    private readonly inLink: boolean,
  ) {}

  parse(): MdInline[] {
    const s = this.src;
    let i = 0;
    while (i < s.length) {
      const next = this.step(i);
      if (next > i) {
        i = next;
        continue;
      }
      this.buf += s[i];
      i += 1;
    }
    this.flush();
    return this.out;
  }

  private flush(): void {
    if (this.buf) this.out.push({ type: 'text', text: this.buf });
    this.buf = '';
  }

  private emit(node: MdInline): void {
    this.flush();
    this.out.push(node);
  }

  private findCloser(delim: string, from: number): number {
    const known = this.noCloser.get(delim);
    if (known !== undefined && from >= known) return -1;
    const at = this.src.indexOf(delim, from);
    if (at < 0) this.noCloser.set(delim, from);
    return at;
  }

  /** Tries every construct at position i; returns the new position, or i when none matched. */
  private step(i: number): number {
    const s = this.src;
    const ch = s[i]!;
    const prev = i > 0 ? s[i - 1] : undefined;
    switch (ch) {
      case '\\': {
        const n = s[i + 1];
        if (n !== undefined && ESCAPABLE.includes(n)) {
          this.buf += n;
          return i + 2;
        }
        return i;
      }
      case '\n':
        this.emit({ type: 'break' });
        return i + 1;
      case '`': {
        let ticks = 1;
        while (s[i + ticks] === '`') ticks += 1;
        const fence = '`'.repeat(ticks);
        const close = this.findCloser(fence, i + ticks);
        if (close < 0) {
          this.buf += fence;
          return i + ticks;
        }
        this.emit({ type: 'code', text: s.slice(i + ticks, close) });
        return close + ticks;
      }
      case '*':
        return this.emphasis(i);
      case '[':
        return this.inLink ? i : this.link(i);
      case '<':
        return this.inLink ? i : this.autolink(i);
      case '@': {
        if (isWordChar(prev) || prev === '@') return i;
        const m = HANDLE_RE.exec(s.slice(i + 1, i + 65));
        if (!m) return i;
        const handle = m[0].replace(/[._-]+$/, '');
        if (!handle) return i;
        this.emit({ type: 'mention', handle });
        return i + 1 + handle.length;
      }
      case '#': {
        if (prev !== undefined && (isWordChar(prev) || prev === '&' || prev === '#' || prev === '/')) return i;
        const m = TAG_RE.exec(s.slice(i + 1, i + 65));
        if (!m) return i;
        const tag = m[0].replace(/[-_]+$/, '');
        if (!tag || /^\d+$/.test(tag)) return i;
        this.emit({ type: 'tag', tag });
        return i + 1 + tag.length;
      }
      case 'h':
      case 'H':
      case 'm':
      case 'M': {
        if (this.inLink || isWordChar(prev)) return i;
        const m = BARE_URL_RE.exec(s.slice(i, i + 4096));
        if (!m) return i;
        const url = trimUrlTail(m[0]);
        const href = safeHref(url);
        if (!href) return i;
        this.emit({ type: 'link', href, children: [{ type: 'text', text: url }] });
        return i + url.length;
      }
      default:
        return i;
    }
  }

  private emphasis(i: number): number {
    const s = this.src;
    if (this.depth >= MAX_DEPTH) return i;
    const strong = s[i + 1] === '*';
    const delim = strong ? '**' : '*';
    const start = i + delim.length;
    if (start >= s.length || /\s/.test(s[start]!)) return i;
    let close = this.findCloser(delim, start);
    // For single `*`, skip the `**` of a nested strong run.
    while (!strong && close >= 0 && s[close + 1] === '*') {
      const after = this.findCloser('**', close + 2);
      if (after < 0) return i;
      close = this.findCloser('*', after + 2);
    }
    if (close < 0 || close === start || /\s/.test(s[close - 1]!)) return i;
    const children = new InlineParser(s.slice(start, close), this.depth + 1, this.inLink).parse();
    this.emit({ type: strong ? 'strong' : 'em', children });
    return close + delim.length;
  }

  /** `[text](url)`: brackets balance, so `[a [b] c](u)` is one link; an unsafe URL stays text. */
  private link(i: number): number {
    const s = this.src;
    let depth = 0;
    let j = i;
    for (; j < s.length; j += 1) {
      const c = s[j];
      if (c === '\\') {
        j += 1;
        continue;
      }
      if (c === '[') depth += 1;
      else if (c === ']') {
        depth -= 1;
        if (depth === 0) break;
      } else if (c === '\n' && s[j + 1] === '\n') return i;
      if (j - i > 2000) return i;
    }
    if (j >= s.length || s[j + 1] !== '(') return i;
    let parens = 0;
    let k = j + 1;
    for (; k < s.length; k += 1) {
      const c = s[k];
      if (c === '(') parens += 1;
      else if (c === ')') {
        parens -= 1;
        if (parens === 0) break;
      } else if (c === '\n') return i;
      if (k - j > 4096) return i;
    }
    if (k >= s.length) return i;
    const href = safeHref(s.slice(j + 2, k));
    if (!href) return i;
    const children = new InlineParser(s.slice(i + 1, j), this.depth + 1, true).parse();
    this.emit({ type: 'link', href, children });
    return k + 1;
  }

  /** `<https://example.com>`; anything else in angle brackets is text. */
  private autolink(i: number): number {
    const s = this.src;
    const close = s.indexOf('>', i + 1);
    if (close < 0 || close - i > 4096) return i;
    const inner = s.slice(i + 1, close);
    const href = safeHref(inner);
    if (!href || inner !== inner.trim()) return i;
    this.emit({ type: 'link', href, children: [{ type: 'text', text: inner }] });
    return close + 1;
  }
}

/** Parses inline markdown (one paragraph's text). */
export function parseInline(text: string): MdInline[] {
  return new InlineParser(text, 0, false).parse();
}

const FENCE_RE = /^ {0,3}```\s*([\w+-]*)\s*$/;
const QUOTE_RE = /^ {0,3}> ?(.*)$/;
const LIST_RE = /^ {0,3}[-*] +(.*)$/;

function startsBlock(line: string): boolean {
  return FENCE_RE.test(line) || QUOTE_RE.test(line) || LIST_RE.test(line);
}

function parseBlocksAt(lines: string[], depth: number): MdBlock[] {
  const blocks: MdBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '') {
      i += 1;
      continue;
    }
    const fence = FENCE_RE.exec(line);
    if (fence) {
      const body: string[] = [];
      i += 1;
      while (i < lines.length && !/^ {0,3}```\s*$/.test(lines[i]!)) body.push(lines[i++]!);
      i += 1; // the closing fence, or past the end when unclosed
      blocks.push({ type: 'codeBlock', lang: fence[1] ? fence[1] : null, text: body.join('\n') });
      continue;
    }
    if (QUOTE_RE.test(line) && depth < MAX_DEPTH) {
      const inner: string[] = [];
      while (i < lines.length) {
        const m = QUOTE_RE.exec(lines[i]!);
        if (!m) break;
        inner.push(m[1]!);
        i += 1;
      }
      blocks.push({ type: 'quote', children: parseBlocksAt(inner, depth + 1) });
      continue;
    }
    if (LIST_RE.test(line)) {
      const items: MdInline[][] = [];
      while (i < lines.length) {
        const m = LIST_RE.exec(lines[i]!);
        if (!m) break;
        items.push(parseInline(m[1]!));
        i += 1;
      }
      blocks.push({ type: 'list', items });
      continue;
    }
    const para: string[] = [line];
    i += 1;
    while (i < lines.length && lines[i]!.trim() !== '' && !startsBlock(lines[i]!)) para.push(lines[i++]!);
    blocks.push({ type: 'paragraph', children: parseInline(para.join('\n')) });
  }
  return blocks;
}

/** Parses a message body into blocks. Never throws; unknown syntax is text. */
export function parseMarkdown(text: string): MdBlock[] {
  return parseBlocksAt(text.replace(/\r\n?/g, '\n').split('\n'), 0);
}

/** The plain text of inline nodes, e.g. for previews and accessible names. */
export function inlineText(nodes: MdInline[]): string {
  return nodes
    .map((n) => {
      switch (n.type) {
        case 'text':
        case 'code':
          return n.text;
        case 'strong':
        case 'em':
        case 'link':
          return inlineText(n.children);
        case 'mention':
          return `@${n.handle}`;
        case 'tag':
          return `#${n.tag}`;
        case 'break':
          return '\n';
      }
    })
    .join('');
}

/*
 * The emoji picker's data: emojibase's dataset (the one shared/domain/emoji.ts checks reactions
 * against, so whatever the picker offers the server accepts), searched by name, keyword and GitHub
 * shortcode. Skin-tone variants and components are left out: one entry per emoji.
 */
import emojis from 'emojibase-data/en/compact.json' with { type: 'json' };
import githubShortcodes from 'emojibase-data/en/shortcodes/github.json' with { type: 'json' };

/** One emoji the picker offers. */
export interface EmojiEntry {
  emoji: string;
  /** Unicode's English name, e.g. "thumbs up". */
  label: string;
  /** Lower-case words to match: the name's words, emojibase's tags and the shortcodes. */
  words: string[];
  /** GitHub's shortcodes (`tada` for 🎉), lower case. */
  shortcodes: string[];
}

/** emojibase's group of skin-tone and hair components: parts of emoji, not emoji of their own. */
const COMPONENT_GROUP = 2;

let entries: EmojiEntry[] | null = null;

/** Every emoji in Unicode's order, built on first use (~1,900). */
export function allEmoji(): EmojiEntry[] {
  if (entries) return entries;
  const shortcodes = githubShortcodes as Record<string, string | string[]>;
  entries = emojis
    .filter((e) => e.group !== undefined && e.group !== COMPONENT_GROUP)
    .sort((a, b) => (a.order ?? 0) - (b.order ?? 0))
    .map((e) => {
      const codes = [shortcodes[e.hexcode] ?? []].flat().map((code) => code.toLowerCase());
      const words = [...e.label.toLowerCase().split(/[\s:,]+/), ...(e.tags ?? []), ...codes];
      return { emoji: e.unicode, label: e.label, words: words.filter((w) => w !== ''), shortcodes: codes };
    });
  return entries;
}

/**
 * Emoji whose words start with every word of the query ("thu up" finds 👍), best first: an exact
 * shortcode or name, then a name that starts with the query, then whole-word matches, then the rest,
 * each in Unicode's order.
 */
export function searchEmoji(query: string, limit = 48): EmojiEntry[] {
  const terms = query.toLowerCase().replace(/:/g, ' ').split(/\s+/).filter(Boolean);
  if (terms.length === 0) return allEmoji().slice(0, limit);
  const whole = terms.join(' ');
  const rank = (e: EmojiEntry): number => {
    const label = e.label.toLowerCase();
    if (e.shortcodes.includes(whole) || label === whole) return 0;
    if (label.startsWith(whole)) return 1;
    if (terms.every((t) => e.words.includes(t))) return 2;
    return 3;
  };
  return allEmoji()
    .filter((e) => terms.every((t) => e.words.some((w) => w.startsWith(t))))
    .map((e, i) => ({ e, i, r: rank(e) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .slice(0, limit)
    .map(({ e }) => e);
}

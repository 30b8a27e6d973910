/*
 * What counts as an emoji for reactions: exactly one emoji from emojibase's dataset (Unicode's
 * emoji, skin tones included; emojibase-data, MIT), in either presentation, or a `:shortcode:` from
 * GitHub's list (gemoji's names, as Flowdock used: `:+1:`, `:tada:`). Client and server run this
 * same function, so what the composer offers is what the server accepts. The dataset will also feed
 * an emoji picker.
 */
// The import attribute lets plain Node ESM loaders (Playwright's) load the data, as bundlers do.
import emojis from 'emojibase-data/en/compact.json' with { type: 'json' };
import githubShortcodes from 'emojibase-data/en/shortcodes/github.json' with { type: 'json' };

/** emojibase's group of skin-tone and hair components: parts of emoji, not emoji to react with. */
const COMPONENT_GROUP = 2;
const VARIATION_SELECTOR_16 = /\uFE0F/g;

/** The lookup key of an emoji: both presentations (with and without U+FE0F) find the same entry. */
const keyOf = (text: string): string => text.replace(VARIATION_SELECTOR_16, '');

/**
 * The canonical spelling of an emoji from its hexcode: the code points as listed, plus U+FE0F after a
 * lone character that is text by default (❤ → ❤️), so every spelling of one emoji is stored alike.
 */
function canonicalOf(hexcode: string): string {
  const text = String.fromCodePoint(...hexcode.split('-').map((hex) => Number.parseInt(hex, 16)));
  return [...text].length === 1 && !/\p{Emoji_Presentation}/u.test(text) ? `${text}\uFE0F` : text;
}

interface EmojiIndex {
  byKey: Map<string, string>;
  byShortcode: Map<string, string>;
}

let index: EmojiIndex | null = null;

/** Built on first use: ~3,800 emoji with skin tones, ~1,900 shortcodes. */
function emojiIndex(): EmojiIndex {
  if (index) return index;
  const byKey = new Map<string, string>();
  for (const emoji of emojis) {
    // regional indicator letters have no group; components are parts of other emoji
    if (emoji.group === undefined || emoji.group === COMPONENT_GROUP) continue;
    for (const { hexcode } of [emoji, ...(emoji.skins ?? [])]) {
      const canonical = canonicalOf(hexcode);
      byKey.set(keyOf(canonical), canonical);
    }
  }
  const byShortcode = new Map<string, string>();
  for (const [hexcode, codes] of Object.entries(githubShortcodes)) {
    const canonical = byKey.get(keyOf(canonicalOf(hexcode)));
    if (canonical) for (const code of [codes].flat()) byShortcode.set(code, canonical);
  }
  index = { byKey, byShortcode };
  return index;
}

/** Longest accepted input: the longest emoji sequences (families, flags) are 11 code points. */
export const MAX_EMOJI_INPUT_CHARS = 64;

/**
 * The canonical emoji for a reaction, or null when the input is not one emoji nor a known shortcode
 * (`:thumbsup:` → 👍; `❤` → ❤️). Keys of `Message.reactions` are always canonical.
 */
export function canonicalEmoji(input: string): string | null {
  if (input.length === 0 || input.length > MAX_EMOJI_INPUT_CHARS) return null;
  const shortcode = /^:([a-z0-9_+-]+):$/.exec(input);
  if (shortcode) return emojiIndex().byShortcode.get(shortcode[1] ?? '') ?? null;
  return emojiIndex().byKey.get(keyOf(input)) ?? null;
}

/*
 * The emoji I used last, newest first, remembered in this window's local storage: a convenience of
 * this computer, not an account setting (nothing about it needs to follow me to other devices).
 */

const KEY = 'tributary.recentEmoji';
/** Recent emoji kept (one picker row and a half). */
export const MAX_RECENT_EMOJI = 12;

/** The remembered emoji, newest first; none when storage is unavailable or holds something odd. */
export function recentEmoji(): string[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(parsed)
      ? parsed.filter((e): e is string => typeof e === 'string').slice(0, MAX_RECENT_EMOJI)
      : [];
  } catch {
    return [];
  }
}

/** Puts an emoji first among the recent ones. */
export function rememberEmoji(emoji: string): void {
  try {
    const next = [emoji, ...recentEmoji().filter((e) => e !== emoji)].slice(0, MAX_RECENT_EMOJI);
    localStorage.setItem(KEY, JSON.stringify(next));
  } catch {
    // storage full or denied: the picker simply remembers nothing
  }
}

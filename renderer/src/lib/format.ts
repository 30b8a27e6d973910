/*
 * Dates, times and relative times for the message list, search and sharing, in the interface's
 * locale (react-intl over Intl: "Yesterday"/"Eilen", "2:05 PM"/"14.05", "3 hours ago"/"3 tuntia
 * sitten"). Pure functions of an IntlShape, so lists can call them per row.
 */
import { defineMessages, type IntlShape } from 'react-intl';

const DAY_MS = 86_400_000;

const messages = defineMessages({
  yesterdayAt: { id: 'date.yesterdayAt', defaultMessage: 'Yesterday at {time}' },
});

/** The local calendar day of a time, as YYYY-MM-DD (for grouping, never shown). */
export function dayKey(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** 0 for today, 1 for yesterday, null for any other day. */
function recentDay(ms: number, now: number): 0 | 1 | null {
  const key = dayKey(ms);
  if (key === dayKey(now)) return 0;
  if (key === dayKey(now - DAY_MS)) return 1;
  return null;
}

function sameYear(ms: number, now: number): boolean {
  return new Date(ms).getFullYear() === new Date(now).getFullYear();
}

/** A label starts a line: "today" becomes "Today", "tänään" "Tänään". */
function capitalized(text: string, locale: string): string {
  return text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
}

/** A day separator: "Today", "Yesterday" (the locale's own words), else weekday and date. */
export function dayLabel(intl: IntlShape, ms: number, now: number = Date.now()): string {
  const recent = recentDay(ms, now);
  if (recent !== null) return capitalized(intl.formatRelativeTime(-recent, 'day', { numeric: 'auto' }), intl.locale);
  return intl.formatDate(ms, {
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    ...(sameYear(ms, now) ? {} : { year: 'numeric' }),
  });
}

/** Hours and minutes, as the locale writes them. */
export function timeLabel(intl: IntlShape, ms: number): string {
  return intl.formatTime(ms, { hour: '2-digit', minute: '2-digit' });
}

/** A compact date for lists: the time today, "Yesterday at 14:05", "Nov 3" this year, "Nov 3, 2025" before. */
export function shortDate(intl: IntlShape, ms: number, now: number = Date.now()): string {
  const recent = recentDay(ms, now);
  if (recent === 0) return timeLabel(intl, ms);
  if (recent === 1) return intl.formatMessage(messages.yesterdayAt, { time: timeLabel(intl, ms) });
  return intl.formatDate(ms, { month: 'short', day: 'numeric', ...(sameYear(ms, now) ? {} : { year: 'numeric' }) });
}

/** How long ago, in the largest whole unit up to days ("5 minutes ago", "eilen"); the date beyond a week. */
export function timeAgo(intl: IntlShape, ms: number, now: number = Date.now()): string {
  const seconds = Math.round((ms - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 60) return intl.formatRelativeTime(0, 'second', { numeric: 'auto' });
  if (abs < 3600) return intl.formatRelativeTime(Math.round(seconds / 60), 'minute', { numeric: 'auto' });
  if (abs < DAY_MS / 1000) return intl.formatRelativeTime(Math.round(seconds / 3600), 'hour', { numeric: 'auto' });
  if (abs < (7 * DAY_MS) / 1000)
    return intl.formatRelativeTime(Math.round(seconds / 86_400), 'day', { numeric: 'auto' });
  return intl.formatDate(ms, { month: 'short', day: 'numeric', ...(sameYear(ms, now) ? {} : { year: 'numeric' }) });
}

/** Date and time in full, for tooltips. */
export function fullDate(intl: IntlShape, ms: number): string {
  return intl.formatDate(ms, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Search snippets are raw message text: drop the markdown markers a reader would never see. */
export function plainSnippet(text: string): string {
  return text.replace(/\*\*|__|~~|`/g, '');
}

/** A size on disk for people: "812 B", "3.3 MB" (powers of 1000, as file managers show them). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

// Dates, times and relative times in each shipped locale, from the same catalogs the app uses.
import { createIntl, createIntlCache, type IntlShape } from 'react-intl';
import { describe, expect, it } from 'vitest';
import { catalogs } from '../../renderer/src/i18n/catalogs';
import type { Locale } from '../../renderer/src/i18n/locale';
import { dayLabel, fullDate, shortDate, timeAgo, timeLabel } from '../../renderer/src/lib/format';

const cache = createIntlCache();
const intl = (locale: Locale): IntlShape =>
  createIntl({ locale, messages: catalogs[locale], onError: (e) => expect.fail(e.message) }, cache);
const en = intl('en');
const fi = intl('fi');

// A fixed "now": Wednesday 18 March 2026, 10:00 local time.
const now = new Date(2026, 2, 18, 10, 0).getTime();
const at = (days: number, hours: number, minutes = 0) => new Date(2026, 2, 18 - days, hours, minutes).getTime();

describe('date formats per locale', () => {
  it('labels days: today and yesterday in words, other days with weekday and date, the year only when it differs', () => {
    expect([dayLabel(en, at(0, 8), now), dayLabel(en, at(1, 23), now), dayLabel(en, at(2, 9), now)]).toEqual([
      'Today',
      'Yesterday',
      'Monday, March 16',
    ]);
    expect([dayLabel(fi, at(0, 8), now), dayLabel(fi, at(1, 23), now), dayLabel(fi, at(2, 9), now)]).toEqual([
      'Tänään',
      'Eilen',
      'maanantai 16. maaliskuuta',
    ]);
    expect(dayLabel(fi, new Date(2025, 11, 31, 12).getTime(), now)).toBe('keskiviikkona 31. joulukuuta 2025');
  });

  it('writes times and short dates the way each language does', () => {
    expect(timeLabel(en, at(0, 14, 5))).toBe('02:05 PM');
    expect(timeLabel(fi, at(0, 14, 5))).toBe('14.05');
    expect(shortDate(en, at(1, 14, 5), now)).toBe('Yesterday at 02:05 PM');
    expect(shortDate(fi, at(1, 14, 5), now)).toBe('Eilen klo 14.05');
    expect(shortDate(fi, at(30, 9), now)).toBe('16.2.');
    expect(fullDate(fi, at(0, 14, 5))).toBe('18.3.2026 klo 14.05');
  });

  it('says how long ago, in the largest whole unit up to days, then the date', () => {
    const ago = (ms: number) => [timeAgo(en, now - ms, now), timeAgo(fi, now - ms, now)];
    expect(ago(20_000)).toEqual(['now', 'nyt']);
    expect(ago(5 * 60_000)).toEqual(['5 minutes ago', '5 minuuttia sitten']);
    expect(ago(60_000)).toEqual(['1 minute ago', '1 minuutti sitten']);
    expect(ago(3 * 3_600_000)).toEqual(['3 hours ago', '3 tuntia sitten']);
    expect(ago(2 * 86_400_000)).toEqual(['2 days ago', 'toissa päivänä']);
    expect(ago(10 * 86_400_000)).toEqual(['Mar 8', '8.3.']);
  });
});

/*
 * A file's size as a reader expects it in their language: "512 B", "1.5 MB" / "1,5 Mt" (Intl's unit
 * formatting; binary multiples, as file managers show them).
 */
import type { IntlShape } from 'react-intl';

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;

/** Bytes in the largest unit that keeps the number at least 1, with at most one decimal. */
export function formatFileSize(intl: IntlShape, bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return intl.formatNumber(value, {
    style: 'unit',
    unit: UNITS[unit]!,
    unitDisplay: 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  });
}

/** Whether a file shows as an image preview (the server made a thumbnail of it). */
export function isPreviewable(file: { mime: string; thumbnail: boolean }): boolean {
  return file.thumbnail && file.mime.startsWith('image/');
}

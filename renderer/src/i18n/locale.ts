/*
 * Which language the interface speaks. The store holds the choice (`locale`, `setLocale`); it starts
 * from the system's preferred languages (Electron and Chromium report them as navigator.languages)
 * and falls back to English. A language setting later only has to call setLocale.
 */

/** The languages with a catalog in this folder, English first (the source language and the fallback). */
export const LOCALES = ['en', 'fi'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}

/** The first of the preferred BCP 47 tags whose language we ship (fi-FI → fi), else English. */
export function pickLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    let language: string;
    try {
      language = new Intl.Locale(tag).language;
    } catch {
      continue; // a malformed tag from the platform names no language
    }
    if (isLocale(language)) return language;
  }
  return DEFAULT_LOCALE;
}

/** The locale the system asks for. */
export function systemLocale(): Locale {
  if (typeof navigator === 'undefined') return DEFAULT_LOCALE;
  return pickLocale(navigator.languages?.length ? navigator.languages : [navigator.language]);
}

/*
 * Formatting problems react-intl reported (a message id without a catalog entry, a value a message
 * needs but did not get). Its own module, free of app imports, so setup.ts can check it without
 * loading components before a test file's vi.mock() replaces one of them.
 */
import type { IntlConfig } from 'react-intl';

const errors: string[] = [];

/** The I18nProvider's onError in tests. */
export const recordIntlError: NonNullable<IntlConfig['onError']> = (error) => {
  errors.push(`${error.code}: ${error.message}`);
};

/** Returns and forgets what was recorded (setup.ts fails a test that has any). */
export function takeIntlErrors(): string[] {
  return errors.splice(0);
}

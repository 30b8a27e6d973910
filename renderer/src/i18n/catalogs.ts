/*
 * The message catalogs, one per locale: `en.json` is extracted from the code (`npm run i18n:extract`:
 * every `defineMessages` / `<FormattedMessage>` id with its English defaultMessage), the others are
 * translated by hand with exactly the same ids and ICU arguments (test/renderer/catalogs.test.ts).
 * The production build turns each into parsed ICU ASTs (vite.config.ts), so no message is parsed on
 * the user's machine; tests import the JSON as it is, which react-intl parses on first use.
 */
import type { MessageFormatElement } from 'react-intl';
import en from './en.json';
import fi from './fi.json';
import type { Locale } from './locale';

/** Message id → ICU message (as written, or pre-parsed by the build). */
export type Catalog = Record<string, string> | Record<string, MessageFormatElement[]>;

export const catalogs: Record<Locale, Catalog> = { en, fi };

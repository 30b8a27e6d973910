/** Provides react-intl to the whole tree in the store's locale, and tells the page its language. */
import { useEffect, type ReactNode } from 'react';
import { IntlProvider, type IntlConfig } from 'react-intl';
import { useStore } from '../store';
import { catalogs } from './catalogs';
import { DEFAULT_LOCALE } from './locale';

export interface I18nProviderProps {
  children: ReactNode;
  /** Where formatting problems go (a missing message, a missing value); tests collect them to fail. */
  onError?: IntlConfig['onError'];
}

export function I18nProvider({ children, onError }: I18nProviderProps) {
  const locale = useStore((s) => s.locale);
  useEffect(() => {
    // Screen readers pick their voice, and Chromium its hyphenation and quotes, from <html lang>.
    document.documentElement.lang = locale;
  }, [locale]);
  return (
    <IntlProvider
      locale={locale}
      defaultLocale={DEFAULT_LOCALE}
      messages={catalogs[locale]}
      {...(onError ? { onError } : {})}
    >
      {children}
    </IntlProvider>
  );
}

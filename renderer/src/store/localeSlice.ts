import { systemLocale } from '../i18n/locale';
import type { LocaleSlice, SliceCreator } from './types';

export const localeInitial = { locale: systemLocale() } satisfies Partial<LocaleSlice>;

export const createLocaleSlice: SliceCreator<LocaleSlice> = (set) => ({
  ...localeInitial,
  setLocale: (locale) => set({ locale }),
});

/*
 * Settings › Language applied to the interface: a language chosen there, or the system's when it
 * says `system`. The setting lives in the core's app settings, so it survives restarts. The store's
 * locale starts as the system's (localeSlice), so a first `system` read changes nothing and leaves a
 * locale set another way (tests, before settings arrive) alone; a later change to `system` goes back.
 */
import { useEffect, useRef } from 'react';
import type { LanguageSetting } from '../../../shared/ipc/accounts';
import { useStore } from '../store';
import { systemLocale } from './locale';

export function useLanguageSetting(): void {
  const language = useStore((s) => s.settings?.language ?? null);
  const setLocale = useStore((s) => s.setLocale);
  const previous = useRef<LanguageSetting | null>(null);
  useEffect(() => {
    const before = previous.current;
    previous.current = language;
    if (language === null || language === before) return;
    if (language !== 'system') setLocale(language);
    else if (before !== null) setLocale(systemLocale());
  }, [language, setLocale]);
}

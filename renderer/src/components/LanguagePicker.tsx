/** Settings › Language: English, Suomi, or whatever the system prefers; kept in the app settings. */
import { defineMessages, useIntl } from 'react-intl';
import type { LanguageSetting } from '../../../shared/ipc/accounts';
import { useStore } from '../store';

const messages = defineMessages({
  heading: { id: 'settings.language', defaultMessage: 'Language' },
  system: { id: 'settings.language.system', defaultMessage: 'Follow the system' },
  // each language is named in itself, so it can be found whatever the current one is
  en: { id: 'settings.language.en', defaultMessage: 'English' },
  fi: { id: 'settings.language.fi', defaultMessage: 'Suomi' },
});
const CHOICES: LanguageSetting[] = ['system', 'en', 'fi'];

export function LanguagePicker() {
  const intl = useIntl();
  const language = useStore((s) => s.settings?.language ?? null);
  const changeSettings = useStore((s) => s.changeSettings);
  if (language === null) return null;
  return (
    <section aria-labelledby="settings-language">
      <h3 id="settings-language">{intl.formatMessage(messages.heading)}</h3>
      <select
        aria-labelledby="settings-language"
        value={language}
        onChange={(e) => void changeSettings({ language: e.target.value as LanguageSetting })}
      >
        {CHOICES.map((choice) => (
          <option key={choice} value={choice} lang={choice === 'system' ? undefined : choice}>
            {intl.formatMessage(messages[choice])}
          </option>
        ))}
      </select>
    </section>
  );
}

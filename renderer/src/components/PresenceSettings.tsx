/**
 * Settings › Presence: whether others see when I am online. A privacy choice kept on the server, so
 * all my devices agree; it can only be read and changed while connected.
 */
import { useEffect } from 'react';
import { defineMessages, useIntl } from 'react-intl';
import { useStore } from '../store';

const messages = defineMessages({
  title: { id: 'settings.presence', defaultMessage: 'Presence' },
  show: { id: 'settings.presenceShow', defaultMessage: 'Show others when I am online' },
  hint: {
    id: 'settings.presenceHint',
    defaultMessage: 'Applies on all your devices. When off, nobody sees you online; typing is still shown.',
  },
  offline: { id: 'settings.presenceOffline', defaultMessage: 'Can be changed when connected.' },
});

export function PresenceSettings() {
  const intl = useIntl();
  const visible = useStore((s) => s.presenceVisible);
  const live = useStore((s) => s.sync.state === 'live');
  const load = useStore((s) => s.loadPresenceSetting);
  const setVisible = useStore((s) => s.setPresenceVisible);
  useEffect(() => {
    void load();
  }, [load, live]);
  return (
    <section aria-labelledby="settings-presence">
      <h3 id="settings-presence">{intl.formatMessage(messages.title)}</h3>
      <label className="checkbox">
        <input
          type="checkbox"
          data-testid="presence-visible"
          checked={visible ?? true}
          disabled={visible === null}
          aria-describedby="settings-presence-hint"
          onChange={(e) => void setVisible(e.target.checked)}
        />
        {intl.formatMessage(messages.show)}
      </label>
      <p id="settings-presence-hint" className="muted">
        {intl.formatMessage(visible === null ? messages.offline : messages.hint)}
      </p>
    </section>
  );
}

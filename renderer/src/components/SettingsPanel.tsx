/**
 * Settings: notifications (global and per stream, with the system's permission), theme, where login
 * tokens are kept, the account's local data (size, folder, clear), sign-out (optionally removing the
 * local data) and about (versions, where the logs are).
 */
import { useEffect, useState, type ReactNode } from 'react';
import { defineMessages, useIntl, type MessageDescriptor } from 'react-intl';
import type { About, NotifyLevel, Theme } from '../../../shared/ipc';
import { formatBytes } from '../lib/format';
import { useStore } from '../store';
import { LanguagePicker } from './LanguagePicker';
import { ProfileEditor } from './ProfileEditor';
import { FileCacheSettings } from './files/FileCacheSettings';
import { PresenceSettings } from './PresenceSettings';

const messages = defineMessages({
  title: { id: 'settings.title', defaultMessage: 'Settings' },
  close: { id: 'settings.close', defaultMessage: 'Close settings' },
  notifications: { id: 'settings.notifications', defaultMessage: 'Notifications' },
  notifyLegend: { id: 'settings.notifyLegend', defaultMessage: 'Notify me about' },
  perStream: { id: 'settings.perStream', defaultMessage: 'Per stream' },
  followGlobal: { id: 'settings.followGlobal', defaultMessage: 'As above' },
  askPermission: { id: 'settings.askPermission', defaultMessage: 'Allow notifications' },
  theme: { id: 'settings.theme', defaultMessage: 'Theme' },
  tokens: { id: 'settings.tokens', defaultMessage: 'Staying signed in' },
  tokensOs: { id: 'settings.tokensOs', defaultMessage: 'Login tokens are kept encrypted by the system keychain.' },
  tokensFile: {
    id: 'settings.tokensFile',
    defaultMessage: 'This system has no keychain: a token would be kept unencrypted in a file only you can read.',
  },
  storeToken: { id: 'settings.storeToken', defaultMessage: 'Keep me signed in (token in that file)' },
  dontStoreToken: { id: 'settings.dontStoreToken', defaultMessage: 'Ask for my password after each restart' },
  localData: { id: 'settings.localData', defaultMessage: 'Local data' },
  size: { id: 'settings.size', defaultMessage: 'Size' },
  folder: { id: 'settings.folder', defaultMessage: 'Folder' },
  encrypted: { id: 'settings.encrypted', defaultMessage: 'Encrypted' },
  yes: { id: 'settings.yes', defaultMessage: 'yes' },
  no: { id: 'settings.no', defaultMessage: 'no' },
  clear: { id: 'settings.clear', defaultMessage: 'Clear local data' },
  clearQuestion: {
    id: 'settings.clearQuestion',
    defaultMessage: 'Delete the local copy of this account? It is fetched again; unsent messages stay.',
  },
  clearConfirm: { id: 'settings.clearConfirm', defaultMessage: 'Clear' },
  keep: { id: 'settings.keep', defaultMessage: 'Keep' },
  signOut: { id: 'settings.signOut', defaultMessage: 'Sign out' },
  removeData: { id: 'settings.removeData', defaultMessage: 'Also remove this account’s local data from this computer' },
  about: { id: 'settings.about', defaultMessage: 'About' },
  version: { id: 'settings.version', defaultMessage: 'Version' },
  logs: { id: 'settings.logs', defaultMessage: 'Log files' },
  noLogs: { id: 'settings.noLogs', defaultMessage: 'This app writes no log files.' },
});

const LEVEL = defineMessages({
  all: { id: 'settings.level.all', defaultMessage: 'Every message' },
  mentions: { id: 'settings.level.mentions', defaultMessage: 'Mentions of me' },
  nothing: { id: 'settings.level.nothing', defaultMessage: 'Nothing' },
}) satisfies Record<NotifyLevel, MessageDescriptor>;

const PERMISSION = defineMessages({
  granted: { id: 'settings.permission.granted', defaultMessage: 'The system allows desktop notifications.' },
  denied: {
    id: 'settings.permission.denied',
    defaultMessage: 'The system blocks desktop notifications: allow Tributary in the system settings.',
  },
  unsupported: {
    id: 'settings.permission.unsupported',
    defaultMessage: 'This system cannot show desktop notifications.',
  },
  default: {
    id: 'settings.permission.default',
    defaultMessage: 'The browser has not been asked yet to show notifications.',
  },
});

const THEMES = defineMessages({
  system: { id: 'settings.theme.system', defaultMessage: 'As the system' },
  light: { id: 'settings.theme.light', defaultMessage: 'Light' },
  dark: { id: 'settings.theme.dark', defaultMessage: 'Dark' },
}) satisfies Record<Theme, MessageDescriptor>;

type Permission = keyof typeof PERMISSION;

/** A definition list of name → value rows, each row one group (as the HTML spec lets <dl> hold). */
function Facts({ rows, testId }: { rows: Array<[string, ReactNode]>; testId: string }) {
  return (
    <dl className="settings-facts" data-testid={testId}>
      {rows.map(([name, value]) => (
        <div key={name} className="settings-fact">
          <dt>{name}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The notification permission: the desktop host's answer, or the page's own in a browser. */
function permissionOf(about: About | null): Permission | null {
  if (!about) return null;
  if (about.desktopNotifications !== 'page') return about.desktopNotifications;
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

function LevelRadios({
  name,
  value,
  onChange,
}: {
  name: string;
  value: NotifyLevel;
  onChange: (l: NotifyLevel) => void;
}) {
  const intl = useIntl();
  return (
    <>
      {(Object.keys(LEVEL) as NotifyLevel[]).map((level) => (
        <label key={level} className="radio">
          <input type="radio" name={name} checked={value === level} onChange={() => onChange(level)} />
          {intl.formatMessage(LEVEL[level])}
        </label>
      ))}
    </>
  );
}

function NotificationSettings() {
  const intl = useIntl();
  const settings = useStore((s) => s.settings);
  const streams = useStore((s) => s.streams);
  const about = useStore((s) => s.about);
  const changeSettings = useStore((s) => s.changeSettings);
  const [asked, setAsked] = useState(0);
  if (!settings) return null;
  const permission = permissionOf(about);
  return (
    <section aria-labelledby="settings-notifications">
      <h3 id="settings-notifications">{intl.formatMessage(messages.notifications)}</h3>
      <fieldset>
        <legend>{intl.formatMessage(messages.notifyLegend)}</legend>
        <LevelRadios name="notify" value={settings.notify} onChange={(notify) => void changeSettings({ notify })} />
      </fieldset>
      {permission && (
        <p className="muted" data-testid="notification-permission" data-permission={permission} key={asked}>
          {intl.formatMessage(PERMISSION[permission])}{' '}
          {permission === 'default' && (
            <button
              type="button"
              className="button button-small"
              onClick={() => void Notification.requestPermission().then(() => setAsked(asked + 1))}
            >
              {intl.formatMessage(messages.askPermission)}
            </button>
          )}
        </p>
      )}
      <h4>{intl.formatMessage(messages.perStream)}</h4>
      <ul className="settings-streams">
        {streams.map((st) => (
          <li key={st.id}>
            <label>
              <span>{st.name}</span>
              <select
                value={settings.streamNotify[st.id] ?? ''}
                onChange={(e) =>
                  void changeSettings({
                    streamNotify: { streamId: st.id, level: (e.target.value || null) as NotifyLevel | null },
                  })
                }
              >
                <option value="">{intl.formatMessage(messages.followGlobal)}</option>
                {(Object.keys(LEVEL) as NotifyLevel[]).map((level) => (
                  <option key={level} value={level}>
                    {intl.formatMessage(LEVEL[level])}
                  </option>
                ))}
              </select>
            </label>
          </li>
        ))}
      </ul>
    </section>
  );
}

function AppearanceAndTokens() {
  const intl = useIntl();
  const settings = useStore((s) => s.settings);
  const changeSettings = useStore((s) => s.changeSettings);
  if (!settings) return null;
  const { tokenStorage } = settings;
  return (
    <>
      <section aria-labelledby="settings-theme">
        <h3 id="settings-theme">{intl.formatMessage(messages.theme)}</h3>
        <fieldset>
          <legend className="visually-hidden">{intl.formatMessage(messages.theme)}</legend>
          {(Object.keys(THEMES) as Theme[]).map((theme) => (
            <label key={theme} className="radio">
              <input
                type="radio"
                name="theme"
                checked={settings.theme === theme}
                onChange={() => void changeSettings({ theme })}
              />
              {intl.formatMessage(THEMES[theme])}
            </label>
          ))}
        </fieldset>
      </section>
      <section aria-labelledby="settings-tokens">
        <h3 id="settings-tokens">{intl.formatMessage(messages.tokens)}</h3>
        {tokenStorage.protection === 'os' ? (
          <p>{intl.formatMessage(messages.tokensOs)}</p>
        ) : (
          <fieldset>
            <legend>{intl.formatMessage(messages.tokensFile)}</legend>
            {(['store', 'dontStore'] as const).map((choice) => (
              <label key={choice} className="radio">
                <input
                  type="radio"
                  name="tokenStorage"
                  checked={tokenStorage.choice === choice}
                  onChange={() => void changeSettings({ tokenStorage: choice })}
                />
                {choice === 'store'
                  ? intl.formatMessage(messages.storeToken)
                  : intl.formatMessage(messages.dontStoreToken)}
              </label>
            ))}
          </fieldset>
        )}
      </section>
    </>
  );
}

function LocalData() {
  const intl = useIntl();
  const info = useStore((s) => s.cacheInfo);
  const clearLocalData = useStore((s) => s.clearLocalData);
  const logout = useStore((s) => s.logout);
  const [confirmClear, setConfirmClear] = useState(false);
  const [removeData, setRemoveData] = useState(false);
  return (
    <section aria-labelledby="settings-data">
      <h3 id="settings-data">{intl.formatMessage(messages.localData)}</h3>
      {info && (
        <Facts
          testId="local-data"
          rows={[
            [intl.formatMessage(messages.size), formatBytes(info.bytes)],
            [intl.formatMessage(messages.folder), <code key="folder">{info.folder}</code>],
            [
              intl.formatMessage(messages.encrypted),
              info.encrypted ? intl.formatMessage(messages.yes) : intl.formatMessage(messages.no),
            ],
          ]}
        />
      )}
      {confirmClear ? (
        <p className="confirm">
          {intl.formatMessage(messages.clearQuestion)}
          <button
            type="button"
            className="button button-small button-danger"
            onClick={() => {
              setConfirmClear(false);
              void clearLocalData();
            }}
          >
            {intl.formatMessage(messages.clearConfirm)}
          </button>
          <button type="button" className="button button-small" onClick={() => setConfirmClear(false)}>
            {intl.formatMessage(messages.keep)}
          </button>
        </p>
      ) : (
        <button type="button" className="button" onClick={() => setConfirmClear(true)}>
          {intl.formatMessage(messages.clear)}
        </button>
      )}
      <h3>{intl.formatMessage(messages.signOut)}</h3>
      <label className="checkbox">
        <input type="checkbox" checked={removeData} onChange={(e) => setRemoveData(e.target.checked)} />
        {intl.formatMessage(messages.removeData)}
      </label>
      <button type="button" className="button" onClick={() => void logout({ removeLocalData: removeData })}>
        {intl.formatMessage(messages.signOut)}
      </button>
    </section>
  );
}

function AboutSection() {
  const intl = useIntl();
  const about = useStore((s) => s.about);
  if (!about) return null;
  return (
    <section aria-labelledby="settings-about">
      <h3 id="settings-about">{intl.formatMessage(messages.about)}</h3>
      <Facts
        testId="about"
        rows={[
          [intl.formatMessage(messages.version), about.appVersion],
          ...Object.entries(about.versions),
          [
            intl.formatMessage(messages.logs),
            about.logsFolder ? <code key="logs">{about.logsFolder}</code> : intl.formatMessage(messages.noLogs),
          ],
        ]}
      />
    </section>
  );
}

export function SettingsPanel() {
  const intl = useIntl();
  const setPanel = useStore((s) => s.setPanel);
  const loadSettings = useStore((s) => s.loadSettings);
  const loadSettingsDetails = useStore((s) => s.loadSettingsDetails);
  useEffect(() => {
    void loadSettings();
    void loadSettingsDetails();
  }, [loadSettings, loadSettingsDetails]);
  return (
    <aside
      className="side-panel settings-panel"
      data-testid="settings-panel"
      aria-label={intl.formatMessage(messages.title)}
    >
      <header className="panel-header">
        <h2>{intl.formatMessage(messages.title)}</h2>
        <button
          type="button"
          className="icon-button"
          aria-label={intl.formatMessage(messages.close)}
          onClick={() => setPanel('none')}
        >
          ✕
        </button>
      </header>
      <div className="panel-body settings-body">
        <ProfileEditor />
        <LanguagePicker />
        <NotificationSettings />
        <PresenceSettings />
        <AppearanceAndTokens />
        <LocalData />
        <FileCacheSettings />
        <AboutSection />
      </div>
    </aside>
  );
}

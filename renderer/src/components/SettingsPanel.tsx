/**
 * Settings: notifications (global and per stream, with the system's permission), theme, where login
 * tokens are kept, the account's local data (size, folder, clear), sign-out (optionally removing the
 * local data) and about (versions, where the logs are).
 */
import { useEffect, useState, type ReactNode } from 'react';
import type { About, NotifyLevel, Theme } from '../../../shared/ipc';
import { formatBytes } from '../lib/format';
import { useStore } from '../store';

/** Every text of the screen, in one place (for the coming i18n catalogs). */
const TEXT = {
  title: 'Settings',
  close: 'Close settings',
  notifications: 'Notifications',
  notifyLegend: 'Notify me about',
  level: { all: 'Every message', mentions: 'Mentions of me', nothing: 'Nothing' } satisfies Record<NotifyLevel, string>,
  perStream: 'Per stream',
  followGlobal: 'As above',
  permission: {
    granted: 'The system allows desktop notifications.',
    denied: 'The system blocks desktop notifications: allow Tributary in the system settings.',
    unsupported: 'This system cannot show desktop notifications.',
    default: 'The browser has not been asked yet to show notifications.',
  },
  askPermission: 'Allow notifications',
  theme: 'Theme',
  themes: { system: 'As the system', light: 'Light', dark: 'Dark' } satisfies Record<Theme, string>,
  tokens: 'Staying signed in',
  tokensOs: 'Login tokens are kept encrypted by the system keychain.',
  tokensFile: 'This system has no keychain: a token would be kept unencrypted in a file only you can read.',
  storeToken: 'Keep me signed in (token in that file)',
  dontStoreToken: 'Ask for my password after each restart',
  localData: 'Local data',
  size: 'Size',
  folder: 'Folder',
  encrypted: 'Encrypted',
  yes: 'yes',
  no: 'no',
  clear: 'Clear local data',
  clearQuestion: 'Delete the local copy of this account? It is fetched again; unsent messages stay.',
  clearConfirm: 'Clear',
  keep: 'Keep',
  signOut: 'Sign out',
  removeData: 'Also remove this account’s local data from this computer',
  about: 'About',
  version: 'Version',
  logs: 'Log files',
  noLogs: 'This app writes no log files.',
};

type Permission = keyof typeof TEXT.permission;

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
  return (
    <>
      {(Object.keys(TEXT.level) as NotifyLevel[]).map((level) => (
        <label key={level} className="radio">
          <input type="radio" name={name} checked={value === level} onChange={() => onChange(level)} />
          {TEXT.level[level]}
        </label>
      ))}
    </>
  );
}

function NotificationSettings() {
  const settings = useStore((s) => s.settings);
  const streams = useStore((s) => s.streams);
  const about = useStore((s) => s.about);
  const changeSettings = useStore((s) => s.changeSettings);
  const [asked, setAsked] = useState(0);
  if (!settings) return null;
  const permission = permissionOf(about);
  return (
    <section aria-labelledby="settings-notifications">
      <h3 id="settings-notifications">{TEXT.notifications}</h3>
      <fieldset>
        <legend>{TEXT.notifyLegend}</legend>
        <LevelRadios name="notify" value={settings.notify} onChange={(notify) => void changeSettings({ notify })} />
      </fieldset>
      {permission && (
        <p className="muted" data-testid="notification-permission" data-permission={permission} key={asked}>
          {TEXT.permission[permission]}{' '}
          {permission === 'default' && (
            <button
              type="button"
              className="button button-small"
              onClick={() => void Notification.requestPermission().then(() => setAsked(asked + 1))}
            >
              {TEXT.askPermission}
            </button>
          )}
        </p>
      )}
      <h4>{TEXT.perStream}</h4>
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
                <option value="">{TEXT.followGlobal}</option>
                {(Object.keys(TEXT.level) as NotifyLevel[]).map((level) => (
                  <option key={level} value={level}>
                    {TEXT.level[level]}
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
  const settings = useStore((s) => s.settings);
  const changeSettings = useStore((s) => s.changeSettings);
  if (!settings) return null;
  const { tokenStorage } = settings;
  return (
    <>
      <section aria-labelledby="settings-theme">
        <h3 id="settings-theme">{TEXT.theme}</h3>
        <fieldset>
          <legend className="visually-hidden">{TEXT.theme}</legend>
          {(Object.keys(TEXT.themes) as Theme[]).map((theme) => (
            <label key={theme} className="radio">
              <input
                type="radio"
                name="theme"
                checked={settings.theme === theme}
                onChange={() => void changeSettings({ theme })}
              />
              {TEXT.themes[theme]}
            </label>
          ))}
        </fieldset>
      </section>
      <section aria-labelledby="settings-tokens">
        <h3 id="settings-tokens">{TEXT.tokens}</h3>
        {tokenStorage.protection === 'os' ? (
          <p>{TEXT.tokensOs}</p>
        ) : (
          <fieldset>
            <legend>{TEXT.tokensFile}</legend>
            {(['store', 'dontStore'] as const).map((choice) => (
              <label key={choice} className="radio">
                <input
                  type="radio"
                  name="tokenStorage"
                  checked={tokenStorage.choice === choice}
                  onChange={() => void changeSettings({ tokenStorage: choice })}
                />
                {choice === 'store' ? TEXT.storeToken : TEXT.dontStoreToken}
              </label>
            ))}
          </fieldset>
        )}
      </section>
    </>
  );
}

function LocalData() {
  const info = useStore((s) => s.cacheInfo);
  const clearLocalData = useStore((s) => s.clearLocalData);
  const logout = useStore((s) => s.logout);
  const [confirmClear, setConfirmClear] = useState(false);
  const [removeData, setRemoveData] = useState(false);
  return (
    <section aria-labelledby="settings-data">
      <h3 id="settings-data">{TEXT.localData}</h3>
      {info && (
        <Facts
          testId="local-data"
          rows={[
            [TEXT.size, formatBytes(info.bytes)],
            [TEXT.folder, <code key="folder">{info.folder}</code>],
            [TEXT.encrypted, info.encrypted ? TEXT.yes : TEXT.no],
          ]}
        />
      )}
      {confirmClear ? (
        <p className="confirm">
          {TEXT.clearQuestion}
          <button
            type="button"
            className="button button-small button-danger"
            onClick={() => {
              setConfirmClear(false);
              void clearLocalData();
            }}
          >
            {TEXT.clearConfirm}
          </button>
          <button type="button" className="button button-small" onClick={() => setConfirmClear(false)}>
            {TEXT.keep}
          </button>
        </p>
      ) : (
        <button type="button" className="button" onClick={() => setConfirmClear(true)}>
          {TEXT.clear}
        </button>
      )}
      <h3>{TEXT.signOut}</h3>
      <label className="checkbox">
        <input type="checkbox" checked={removeData} onChange={(e) => setRemoveData(e.target.checked)} />
        {TEXT.removeData}
      </label>
      <button type="button" className="button" onClick={() => void logout({ removeLocalData: removeData })}>
        {TEXT.signOut}
      </button>
    </section>
  );
}

function AboutSection() {
  const about = useStore((s) => s.about);
  if (!about) return null;
  return (
    <section aria-labelledby="settings-about">
      <h3 id="settings-about">{TEXT.about}</h3>
      <Facts
        testId="about"
        rows={[
          [TEXT.version, about.appVersion],
          ...Object.entries(about.versions),
          [TEXT.logs, about.logsFolder ? <code key="logs">{about.logsFolder}</code> : TEXT.noLogs],
        ]}
      />
    </section>
  );
}

export function SettingsPanel() {
  const setPanel = useStore((s) => s.setPanel);
  const loadSettings = useStore((s) => s.loadSettings);
  const loadSettingsDetails = useStore((s) => s.loadSettingsDetails);
  useEffect(() => {
    void loadSettings();
    void loadSettingsDetails();
  }, [loadSettings, loadSettingsDetails]);
  return (
    <aside className="side-panel settings-panel" data-testid="settings-panel" aria-label={TEXT.title}>
      <header className="panel-header">
        <h2>{TEXT.title}</h2>
        <button type="button" className="icon-button" aria-label={TEXT.close} onClick={() => setPanel('none')}>
          ✕
        </button>
      </header>
      <div className="panel-body settings-body">
        <NotificationSettings />
        <AppearanceAndTokens />
        <LocalData />
        <AboutSection />
      </div>
    </aside>
  );
}

/**
 * The app shell: login until signed in, then accounts · sidebar · stream · side panel, plus global
 * shortcuts, the theme, and reconnecting at once when the network returns or the window gains focus.
 */
import { useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { HOST_REFUSED_EVENT } from './api/bridge';
import { AccountSwitcher } from './components/AccountSwitcher';
import { FirstRunTour } from './components/FirstRunTour';
import { HelpPanel } from './components/HelpPanel';
import { ProfileCard } from './components/ProfileCard';
import { LoginScreen } from './components/LoginScreen';
import { Modal } from './components/Modal';
import { QuickSwitcher } from './components/QuickSwitcher';
import { DirectPicker } from './components/DirectPicker';
import { SearchPanel } from './components/SearchPanel';
import { SettingsPanel } from './components/SettingsPanel';
import { ShareDialog } from './components/ShareDialog';
import { SharingPanel } from './components/SharingPanel';
import { ApiTokensPanel } from './components/ApiTokensPanel';
import { IntegrationsPanel } from './components/IntegrationsPanel';
import { GuidelinesDialog } from './components/GuidelinesDialog';
import { GuidelinesPanel } from './components/GuidelinesPanel';
import { PulsePanel } from './components/pulse/PulsePanel';
import { TagPanel } from './components/TagPanel';
import { CompliancePanel } from './components/compliance/CompliancePanel';
import { AuditPanel } from './components/audit/AuditPanel';
import { AdminPanel } from './components/admin/AdminPanel';
import { Sidebar } from './components/Sidebar';
import { StatusBanner } from './components/StatusBanner';
import { StreamView } from './components/StreamView';
import { ThreadPanel } from './components/ThreadPanel';
import { Toasts } from './components/Toasts';
import { formatError } from './i18n/errors';
import { useLanguageSetting } from './i18n/useLanguageSetting';
import { useStore } from './store';
import { subscribePushes } from './store/pushes';

const messages = defineMessages({
  starting: { id: 'app.starting', defaultMessage: 'Starting Tributary…' },
  tryAgain: { id: 'app.tryAgain', defaultMessage: 'Try again' },
  outOfDateTitle: { id: 'app.outOfDate.title', defaultMessage: 'This tab is out of date' },
  outOfDateBody: {
    id: 'app.outOfDate.body',
    defaultMessage:
      'It belongs to an earlier launch of the browser host, which no longer accepts it: nothing typed here can be sent. Open the address the browser host printed when it started (<code>http://127.0.0.1:…/?token=…</code>) and close this tab. Your messages are kept by the app, not by this tab.',
  },
  addAccount: { id: 'app.addAccount', defaultMessage: 'Add an account' },
});

/**
 * Shortcuts that work from anywhere, even while typing: Ctrl/Cmd+K (switch stream), Ctrl/Cmd+F
 * (search), Alt+Up/Alt+Down (previous/next stream). The share dialog holds a half-written note, so
 * while it is open they wait.
 */
function useGlobalShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      const s = useStore.getState();
      if (s.shareMessage !== null) return;
      const key = e.key.toLowerCase();
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey) {
        if (key === 'k') {
          e.preventDefault();
          s.setSwitcherOpen(true);
        } else if (key === 'f') {
          e.preventDefault();
          s.focusSearch();
        }
      } else if (e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey && !s.switcherOpen) {
        if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
          e.preventDefault();
          s.selectAdjacentStream(e.key === 'ArrowUp' ? -1 : 1);
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/**
 * The network came back (`online`) or the user returned to the window (`focus`): reconnect now rather
 * than at the next backoff attempt (up to 30 s away). Focus only asks when sync is offline.
 */
function useReconnectTriggers(): void {
  useEffect(() => {
    const onOnline = () => void useStore.getState().retryNow();
    const onFocus = () => {
      const s = useStore.getState();
      if (s.sync.state === 'offline') void s.retryNow();
    };
    window.addEventListener('online', onOnline);
    window.addEventListener('focus', onFocus);
    return () => {
      window.removeEventListener('online', onOnline);
      window.removeEventListener('focus', onFocus);
    };
  }, []);
}

/** Settings › Theme on the document: `system` follows the OS through color-scheme (styles/base.css). */
function useTheme(): void {
  const theme = useStore((s) => s.settings?.theme ?? 'system');
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
}

/** Whether the browser host refused this page: a tab left open from an earlier launch. */
function useHostRefused(): boolean {
  const [refused, setRefused] = useState(false);
  useEffect(() => {
    const onRefused = () => setRefused(true);
    window.addEventListener(HOST_REFUSED_EVENT, onRefused);
    return () => window.removeEventListener(HOST_REFUSED_EVENT, onRefused);
  }, []);
  return refused;
}

/** Said in place of the app by a tab the browser host no longer accepts. */
function OutOfDateTab() {
  return (
    <main className="splash" data-testid="host-refused">
      <div className="splash-error" role="alert">
        <h1>
          <FormattedMessage {...messages.outOfDateTitle} />
        </h1>
        <p>
          <FormattedMessage
            {...messages.outOfDateBody}
            values={{ code: (chunks) => <code key="code">{chunks}</code> }}
          />
        </p>
      </div>
    </main>
  );
}

function AddAccountDialog() {
  const setAddingAccount = useStore((s) => s.setAddingAccount);
  const close = () => setAddingAccount(false);
  const intl = useIntl();
  return (
    <Modal onClose={close} className="add-account" testId="add-account" label={intl.formatMessage(messages.addAccount)}>
      <LoginScreen onCancel={close} />
    </Modal>
  );
}

function Shell() {
  const panel = useStore((s) => s.panel);
  const hasThread = useStore((s) => s.thread !== null);
  const switcherOpen = useStore((s) => s.switcherOpen);
  const directPickerOpen = useStore((s) => s.directPickerOpen);
  const closeThread = useStore((s) => s.closeThread);
  const addingAccount = useStore((s) => s.addingAccount);
  const contentRef = useRef<HTMLDivElement>(null);
  useGlobalShortcuts();
  useReconnectTriggers();

  // Escape in the stream or its thread closes the thread, unless something inside used it
  // (autocomplete, inline editor, reaction menu).
  const onContentKeyDown = (e: ReactKeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'Escape' || e.defaultPrevented || panel !== 'none' || !hasThread) return;
    e.preventDefault();
    closeThread();
  };

  // When a side panel closes or the stream changes while focus was inside what went away, focus
  // would fall to <body>, where no key does anything useful: give it to the stream's composer.
  const sideOpen = panel !== 'none' || hasThread;
  const selectedStreamId = useStore((s) => s.selectedStreamId);
  const seen = useRef({ sideOpen, selectedStreamId });
  useEffect(() => {
    const before = seen.current;
    seen.current = { sideOpen, selectedStreamId };
    const changed = (before.sideOpen && !sideOpen) || before.selectedStreamId !== selectedStreamId;
    if (!changed || (document.activeElement && document.activeElement !== document.body)) return;
    contentRef.current?.querySelector<HTMLElement>('[data-testid="composer"] textarea')?.focus();
  }, [sideOpen, selectedStreamId]);

  return (
    <div className="shell">
      <AccountSwitcher />
      <Sidebar />
      <div className="main-column">
        <StatusBanner />
        <div className="content" ref={contentRef} onKeyDown={onContentKeyDown}>
          <StreamView />
          {panel === 'search' && <SearchPanel />}
          {panel === 'sharing' && <SharingPanel />}
          {panel === 'settings' && <SettingsPanel />}
          {panel === 'apiTokens' && <ApiTokensPanel />}
          {panel === 'integrations' && <IntegrationsPanel />}
          {panel === 'tags' && <TagPanel />}
          {panel === 'audit' && <AuditPanel />}
          {panel === 'compliance' && <CompliancePanel />}
          {panel === 'admin' && <AdminPanel />}
          {panel === 'help' && <HelpPanel />}
          {panel === 'guidelines' && <GuidelinesPanel />}
          {panel === 'pulse' && <PulsePanel />}
          {panel === 'none' && hasThread && <ThreadPanel />}
          {panel === 'none' && !hasThread && <FirstRunTour />}
        </div>
      </div>
      {switcherOpen && <QuickSwitcher />}
      {directPickerOpen && <DirectPicker />}
      <ShareDialog />
      <GuidelinesDialog />
      {addingAccount && <AddAccountDialog />}
      <ProfileCard />
    </div>
  );
}

export function App() {
  const session = useStore((s) => s.session);
  const loadSession = useStore((s) => s.loadSession);
  const loginError = useStore((s) => s.loginError);
  useTheme();
  useLanguageSetting();
  const hostRefused = useHostRefused();
  const intl = useIntl();

  useEffect(() => {
    const off = subscribePushes();
    void loadSession();
    return off;
  }, [loadSession]);

  if (hostRefused) return <OutOfDateTab />;
  return (
    <>
      {session === null ? (
        <main className="splash" aria-busy={loginError === null}>
          {loginError ? (
            <div className="splash-error">
              <p role="alert" className="error-text" title={loginError.message}>
                {formatError(intl, loginError)}
              </p>
              <button type="button" className="button" onClick={() => void loadSession()}>
                <FormattedMessage {...messages.tryAgain} />
              </button>
            </div>
          ) : (
            <p className="muted">
              <FormattedMessage {...messages.starting} />
            </p>
          )}
        </main>
      ) : session.signedIn ? (
        <Shell />
      ) : (
        <LoginScreen />
      )}
      <Toasts />
    </>
  );
}

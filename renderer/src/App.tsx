/** The app shell: login until signed in, then sidebar · stream · side panel, plus global shortcuts. */
import { useEffect, useRef, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { LoginScreen } from './components/LoginScreen';
import { QuickSwitcher } from './components/QuickSwitcher';
import { SearchPanel } from './components/SearchPanel';
import { ShareDialog } from './components/ShareDialog';
import { SharingPanel } from './components/SharingPanel';
import { ApiTokensPanel } from './components/ApiTokensPanel';
import { TagPanel } from './components/TagPanel';
import { Sidebar } from './components/Sidebar';
import { StatusBanner } from './components/StatusBanner';
import { StreamView } from './components/StreamView';
import { ThreadPanel } from './components/ThreadPanel';
import { Toasts } from './components/Toasts';
import { formatError } from './i18n/errors';
import { useStore } from './store';
import { subscribePushes } from './store/pushes';

const messages = defineMessages({
  starting: { id: 'app.starting', defaultMessage: 'Starting Tributary…' },
  tryAgain: { id: 'app.tryAgain', defaultMessage: 'Try again' },
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

function Shell() {
  const panel = useStore((s) => s.panel);
  const hasThread = useStore((s) => s.thread !== null);
  const switcherOpen = useStore((s) => s.switcherOpen);
  const closeThread = useStore((s) => s.closeThread);
  const contentRef = useRef<HTMLDivElement>(null);
  useGlobalShortcuts();

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
      <Sidebar />
      <div className="main-column">
        <StatusBanner />
        <div className="content" ref={contentRef} onKeyDown={onContentKeyDown}>
          <StreamView />
          {panel === 'search' && <SearchPanel />}
          {panel === 'sharing' && <SharingPanel />}
          {panel === 'apiTokens' && <ApiTokensPanel />}
          {panel === 'tags' && <TagPanel />}
          {panel === 'none' && hasThread && <ThreadPanel />}
        </div>
      </div>
      {switcherOpen && <QuickSwitcher />}
      <ShareDialog />
    </div>
  );
}

export function App() {
  const session = useStore((s) => s.session);
  const loadSession = useStore((s) => s.loadSession);
  const loginError = useStore((s) => s.loginError);
  const intl = useIntl();

  useEffect(() => {
    const off = subscribePushes();
    void loadSession();
    return off;
  }, [loadSession]);

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

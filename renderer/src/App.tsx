/** The app shell: login until signed in, then sidebar · stream · side panel, plus global shortcuts. */
import { useEffect } from 'react';
import { LoginScreen } from './components/LoginScreen';
import { QuickSwitcher } from './components/QuickSwitcher';
import { SearchPanel } from './components/SearchPanel';
import { ShareDialog } from './components/ShareDialog';
import { SharingPanel } from './components/SharingPanel';
import { Sidebar } from './components/Sidebar';
import { StatusBanner } from './components/StatusBanner';
import { StreamView } from './components/StreamView';
import { ThreadPanel } from './components/ThreadPanel';
import { Toasts } from './components/Toasts';
import { useStore } from './store';
import { subscribePushes } from './store/pushes';

function useGlobalShortcuts(enabled: boolean): void {
  const setSwitcherOpen = useStore((s) => s.setSwitcherOpen);
  const setPanel = useStore((s) => s.setPanel);
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const key = e.key.toLowerCase();
      if (key === 'k') {
        e.preventDefault();
        setSwitcherOpen(true);
      } else if (key === 'f') {
        e.preventDefault();
        setPanel('search');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled, setSwitcherOpen, setPanel]);
}

function Shell() {
  const panel = useStore((s) => s.panel);
  const hasThread = useStore((s) => s.thread !== null);
  const switcherOpen = useStore((s) => s.switcherOpen);
  useGlobalShortcuts(true);
  return (
    <div className="shell">
      <Sidebar />
      <div className="main-column">
        <StatusBanner />
        <div className="content">
          <StreamView />
          {panel === 'search' && <SearchPanel />}
          {panel === 'sharing' && <SharingPanel />}
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
              <p role="alert" className="error-text">
                {loginError}
              </p>
              <button type="button" className="button" onClick={() => void loadSession()}>
                Try again
              </button>
            </div>
          ) : (
            <p className="muted">Starting Tributary…</p>
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

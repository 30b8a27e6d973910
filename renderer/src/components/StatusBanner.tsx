/**
 * Connection state for the user: offline with unsent count and "Retry now", connecting, catch-up
 * progress; an account whose token is gone asks for the password here while its cache stays shown;
 * the one-time question whether to keep tokens in a plain file (no system keychain).
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { useStore } from '../store';

/** Every text of the banner, in one place (for the coming i18n catalogs). */
const TEXT = {
  unsent: (n: number) => ` · ${n} unsent ${n === 1 ? 'message' : 'messages'}`,
  offline: 'You are offline; messages will be sent when the connection returns',
  reconnecting: 'Reconnecting automatically.',
  retryNow: 'Retry now',
  connecting: 'Connecting…',
  catchingUp: 'Catching up…',
  catchUpProgress: 'Catch-up progress',
  sending: (n: number) => `Sending ${n}…`,
  signInAgain: (email: string) => `The server wants the password of ${email} again. Your messages stay readable.`,
  password: 'Password',
  signIn: 'Sign in',
  signInAgainForm: 'Sign in again',
  signingIn: 'Signing in…',
  tokenQuestion:
    'This system has no keychain: staying signed in means keeping the login token in a file only you can read, unencrypted.',
  storeToken: 'Stay signed in',
  dontStoreToken: 'Ask for my password after each restart',
};

/** Asks for the password of the active account again, in place, while its cache stays on screen. */
function SignInAgain() {
  const session = useStore((s) => s.session);
  const busy = useStore((s) => s.loginBusy);
  const error = useStore((s) => s.loginError);
  const login = useStore((s) => s.login);
  const [password, setPassword] = useState('');
  if (!session?.serverUrl || !session.email) return null;
  const { serverUrl, email } = session;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void login({ serverUrl, email, password }).then((ok) => ok && setPassword(''));
  };
  return (
    <form
      className="banner banner-signin"
      onSubmit={submit}
      aria-label={TEXT.signInAgainForm}
      data-testid="sign-in-again"
    >
      <span>{TEXT.signInAgain(email)}</span>
      <input
        type="password"
        aria-label={TEXT.password}
        autoComplete="current-password"
        value={password}
        required
        onChange={(e) => setPassword(e.target.value)}
      />
      <button type="submit" className="button button-small button-primary" disabled={busy}>
        {busy ? TEXT.signingIn : TEXT.signIn}
      </button>
      {error && (
        <span role="alert" className="error-text">
          {error}
        </span>
      )}
    </form>
  );
}

/** Plain token storage: asked once, answered for good (Settings can change it later). */
function TokenStorageQuestion() {
  const changeSettings = useStore((s) => s.changeSettings);
  const loadSession = useStore((s) => s.loadSession);
  const answer = (tokenStorage: 'store' | 'dontStore') =>
    void changeSettings({ tokenStorage }).then(() => loadSession());
  return (
    <div className="banner banner-notice" role="note" data-testid="token-storage-question">
      <span>{TEXT.tokenQuestion}</span>
      <button type="button" className="button button-small" onClick={() => answer('store')}>
        {TEXT.storeToken}
      </button>
      <button type="button" className="button button-small" onClick={() => answer('dontStore')}>
        {TEXT.dontStoreToken}
      </button>
    </div>
  );
}

export function StatusBanner() {
  const sync = useStore((s) => s.sync);
  const notice = useStore((s) => s.session?.notice ?? null);
  const needsPassword = useStore((s) => s.session?.needsPassword ?? false);
  const askTokenStorage = useStore((s) => s.session?.askTokenStorage ?? false);
  const retryNow = useStore((s) => s.retryNow);
  const unsent = sync.pendingCount > 0 ? TEXT.unsent(sync.pendingCount) : '';
  let content: ReactNode = null;
  if (sync.state === 'offline')
    content = (
      <>
        <span>
          {TEXT.offline}
          {unsent}.{/* The technical reason is there for whoever asks (hover), not in the sentence. */}
          <span className="muted" title={sync.lastError ?? undefined}>
            {' '}
            {TEXT.reconnecting}
          </span>
        </span>
        <button type="button" className="button button-small" onClick={() => void retryNow()}>
          {TEXT.retryNow}
        </button>
      </>
    );
  else if (sync.state === 'connecting')
    content = (
      <span>
        {TEXT.connecting}
        {unsent}
      </span>
    );
  else if (sync.state === 'catchingUp')
    content = (
      <span className="catchup">
        {TEXT.catchingUp}
        <progress
          data-testid="catchup-progress"
          aria-label={TEXT.catchUpProgress}
          max={Math.max(1, sync.total)}
          value={Math.min(sync.done, Math.max(1, sync.total))}
        />
        <span className="muted">
          {sync.done}/{sync.total}
        </span>
        {unsent}
      </span>
    );
  else if (sync.pendingCount > 0) content = <span>{TEXT.sending(sync.pendingCount)}</span>;
  return (
    <>
      {notice && (
        <div className="banner banner-notice" role="note">
          {notice}
        </div>
      )}
      {askTokenStorage && <TokenStorageQuestion />}
      {(needsPassword || sync.state === 'signInRequired') && <SignInAgain />}
      <div
        className={`banner banner-${sync.state}${content ? '' : ' banner-empty'}`}
        role="status"
        data-testid="status-banner"
        data-state={sync.state}
      >
        {content}
      </div>
    </>
  );
}

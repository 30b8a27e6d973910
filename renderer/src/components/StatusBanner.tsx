/**
 * Connection state for the user: offline with unsent count and "Retry now", connecting, catch-up
 * progress; an account whose token is gone asks for the password here while its cache stays shown;
 * the one-time question whether to keep tokens in a plain file (no system keychain).
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { formatError } from '../i18n/errors';
import { useStore } from '../store';

const messages = defineMessages({
  offline: {
    id: 'status.offline',
    defaultMessage: 'You are offline; messages will be sent when the connection returns.',
  },
  reconnecting: { id: 'status.reconnecting', defaultMessage: 'Reconnecting automatically.' },
  connecting: { id: 'status.connecting', defaultMessage: 'Connecting…' },
  catchingUp: { id: 'status.catchingUp', defaultMessage: 'Catching up…' },
  catchupProgress: { id: 'status.catchupProgress', defaultMessage: 'Catch-up progress' },
  catchupCount: { id: 'status.catchupCount', defaultMessage: '{done, number}/{total, number}' },
  unsent: {
    id: 'status.unsent',
    defaultMessage: '{count, plural, one {# unsent message} other {# unsent messages}}',
  },
  sending: {
    id: 'status.sending',
    defaultMessage: 'Sending {count, plural, one {# message} other {# messages}}…',
  },
  retryNow: { id: 'status.retryNow', defaultMessage: 'Retry now' },
  signInAgain: {
    id: 'status.signInAgain',
    defaultMessage: 'The server wants the password of {email} again. Your messages stay readable.',
  },
  password: { id: 'status.password', defaultMessage: 'Password' },
  signIn: { id: 'status.signIn', defaultMessage: 'Sign in' },
  signInAgainForm: { id: 'status.signInAgainForm', defaultMessage: 'Sign in again' },
  signingIn: { id: 'status.signingIn', defaultMessage: 'Signing in…' },
  tokenQuestion: {
    id: 'status.tokenQuestion',
    defaultMessage:
      'This system has no keychain: staying signed in means keeping the login token in a file only you can read, unencrypted.',
  },
  storeToken: { id: 'status.storeToken', defaultMessage: 'Stay signed in' },
  dontStoreToken: { id: 'status.dontStoreToken', defaultMessage: 'Ask for my password after each restart' },
});

/** Asks for the password of the active account again, in place, while its cache stays on screen. */
function SignInAgain() {
  const intl = useIntl();
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
      aria-label={intl.formatMessage(messages.signInAgainForm)}
      data-testid="sign-in-again"
    >
      <span>
        <FormattedMessage {...messages.signInAgain} values={{ email }} />
      </span>
      <input
        type="password"
        aria-label={intl.formatMessage(messages.password)}
        autoComplete="current-password"
        value={password}
        required
        onChange={(e) => setPassword(e.target.value)}
      />
      <button type="submit" className="button button-small button-primary" disabled={busy}>
        <FormattedMessage {...(busy ? messages.signingIn : messages.signIn)} />
      </button>
      {error && (
        <span role="alert" className="error-text" title={error.message}>
          {formatError(intl, error, 'login')}
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
      <span>
        <FormattedMessage {...messages.tokenQuestion} />
      </span>
      <button type="button" className="button button-small" onClick={() => answer('store')}>
        <FormattedMessage {...messages.storeToken} />
      </button>
      <button type="button" className="button button-small" onClick={() => answer('dontStore')}>
        <FormattedMessage {...messages.dontStoreToken} />
      </button>
    </div>
  );
}

/** " · 3 unsent messages" after a state, or nothing when the outbox is empty. */
function Unsent({ count }: { count: number }) {
  if (count === 0) return null;
  return (
    <>
      {' · '}
      <FormattedMessage {...messages.unsent} values={{ count }} />
    </>
  );
}

export function StatusBanner() {
  const intl = useIntl();
  const sync = useStore((s) => s.sync);
  const notice = useStore((s) => s.session?.notice ?? null);
  const needsPassword = useStore((s) => s.session?.needsPassword ?? false);
  const askTokenStorage = useStore((s) => s.session?.askTokenStorage ?? false);
  const retryNow = useStore((s) => s.retryNow);
  const unsent = <Unsent count={sync.pendingCount} />;
  let content: ReactNode = null;
  if (sync.state === 'offline')
    content = (
      <>
        <span>
          <FormattedMessage {...messages.offline} />
          {unsent}
          {/* The technical reason is there for whoever asks (hover), not in the sentence. */}
          <span className="muted" title={sync.lastError ?? undefined}>
            {' '}
            <FormattedMessage {...messages.reconnecting} />
          </span>
        </span>
        <button type="button" className="button button-small" onClick={() => void retryNow()}>
          <FormattedMessage {...messages.retryNow} />
        </button>
      </>
    );
  else if (sync.state === 'connecting')
    content = (
      <span>
        <FormattedMessage {...messages.connecting} />
        {unsent}
      </span>
    );
  else if (sync.state === 'catchingUp')
    content = (
      <span className="catchup">
        <FormattedMessage {...messages.catchingUp} />
        <progress
          data-testid="catchup-progress"
          aria-label={intl.formatMessage(messages.catchupProgress)}
          max={Math.max(1, sync.total)}
          value={Math.min(sync.done, Math.max(1, sync.total))}
        />
        <span className="muted">
          <FormattedMessage {...messages.catchupCount} values={{ done: sync.done, total: sync.total }} />
        </span>
        {unsent}
      </span>
    );
  else if (sync.pendingCount > 0)
    content = (
      <span>
        <FormattedMessage {...messages.sending} values={{ count: sync.pendingCount }} />
      </span>
    );
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

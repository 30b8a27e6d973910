/**
 * Sign-in: server URL (prefilled), email, password. The demo accounts fill the form with a click, but
 * only for a server that says it runs the demo organization (`server:info`), never for a real one.
 * With `onCancel` it adds another account from inside the app (a dialog), else it is the whole screen.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { DEMO_PASSWORD } from '../../../shared/domain/demo';
import { serverUrlIssue, type ServerUrlIssue } from '../../../shared/domain/serverUrl';
import { formatError, formatServerUrlIssue } from '../i18n/errors';
import { useStore } from '../store';

const messages = defineMessages({
  form: { id: 'login.form', defaultMessage: 'Sign in' },
  title: { id: 'login.title', defaultMessage: 'Tributary' },
  intro: { id: 'login.intro', defaultMessage: 'Sign in to your organization’s streams.' },
  serverUrl: { id: 'login.serverUrl', defaultMessage: 'Server URL' },
  email: { id: 'login.email', defaultMessage: 'Email' },
  password: { id: 'login.password', defaultMessage: 'Password' },
  submit: { id: 'login.submit', defaultMessage: 'Sign in' },
  submitting: { id: 'login.submitting', defaultMessage: 'Signing in…' },
  addAccount: { id: 'login.addAccount', defaultMessage: 'Add an account' },
  cancel: { id: 'login.cancel', defaultMessage: 'Cancel' },
  demoAccounts: {
    id: 'login.demoAccounts',
    defaultMessage: 'Demo accounts (password <code>{password}</code>):',
  },
  useDemoAccount: { id: 'login.useDemoAccount', defaultMessage: 'Use demo account {account}' },
});

/** Asking the server about itself waits until typing pauses. */
const CHECK_DELAY_MS = 300;

/** Whether the server in the form runs the demo: asked whenever the URL settles on an allowed one. */
function useDemoServer(serverUrl: string): boolean {
  const checkServer = useStore((s) => s.checkServer);
  const url = serverUrl.trim();
  const demo = useStore((s) => s.serverInfo?.serverUrl === url && s.serverInfo.demo);
  useEffect(() => {
    if (serverUrlIssue(url) !== null) return;
    const timer = setTimeout(() => void checkServer(url), CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [url, checkServer]);
  return demo;
}

export function LoginScreen({ onCancel }: { onCancel?: () => void } = {}) {
  const intl = useIntl();
  const defaults = useStore((s) => s.session?.defaults ?? null);
  const busy = useStore((s) => s.loginBusy);
  const storeError = useStore((s) => s.loginError);
  const login = useStore((s) => s.login);
  const [serverUrl, setServerUrl] = useState(defaults?.serverUrl ?? '');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  // Said before anything is sent: a password must never go to a remote server over plain http://.
  const [urlIssue, setUrlIssue] = useState<ServerUrlIssue | null>(null);
  const error =
    urlIssue !== null
      ? { text: formatServerUrlIssue(intl, urlIssue), detail: undefined }
      : storeError && { text: formatError(intl, storeError, 'login'), detail: storeError.message };
  const demo = useDemoServer(serverUrl) ? (defaults?.demoAccounts ?? []) : [];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const issue = serverUrlIssue(serverUrl);
    setUrlIssue(issue);
    if (issue === null) void login({ serverUrl: serverUrl.trim(), email: email.trim(), password });
  };

  const form = (
    <form
      className="login-card"
      onSubmit={submit}
      data-testid="login-form"
      aria-label={intl.formatMessage(messages.form)}
    >
      {onCancel ? (
        <h2>
          <FormattedMessage {...messages.addAccount} />
        </h2>
      ) : (
        <h1>
          <FormattedMessage {...messages.title} />
        </h1>
      )}
      <p className="muted">
        <FormattedMessage {...messages.intro} />
      </p>
      <label>
        <FormattedMessage {...messages.serverUrl} />
        <input
          type="url"
          name="serverUrl"
          value={serverUrl}
          required
          aria-invalid={urlIssue !== null}
          onChange={(e) => {
            setServerUrl(e.target.value);
            setUrlIssue(null);
          }}
        />
      </label>
      <label>
        <FormattedMessage {...messages.email} />
        <input
          type="email"
          name="email"
          autoComplete="username"
          value={email}
          required
          onChange={(e) => setEmail(e.target.value)}
        />
      </label>
      <label>
        <FormattedMessage {...messages.password} />
        <input
          type="password"
          name="password"
          autoComplete="current-password"
          value={password}
          required
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      {error && (
        <p role="alert" className="error-text" data-testid="login-error" title={error.detail}>
          {error.text}
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={busy}>
        <FormattedMessage {...(busy ? messages.submitting : messages.submit)} />
      </button>
      {onCancel && (
        <button type="button" className="button" onClick={onCancel}>
          <FormattedMessage {...messages.cancel} />
        </button>
      )}
      {demo.length > 0 && (
        <div className="demo-accounts" data-testid="demo-accounts">
          <p className="muted">
            <FormattedMessage
              {...messages.demoAccounts}
              values={{ password: DEMO_PASSWORD, code: (chunks) => <code key="code">{chunks}</code> }}
            />
          </p>
          <div className="chips">
            {demo.map((account) => (
              <button
                key={account}
                type="button"
                className="chip"
                aria-label={intl.formatMessage(messages.useDemoAccount, { account })}
                onClick={() => {
                  setEmail(account);
                  setPassword(DEMO_PASSWORD);
                }}
              >
                {account}
              </button>
            ))}
          </div>
        </div>
      )}
    </form>
  );
  return onCancel ? form : <main className="login">{form}</main>;
}

/**
 * Sign-in: server URL (prefilled), email, password; the demo accounts fill the email with a click.
 * With `onCancel` it adds another account from inside the app (a dialog), else it is the whole screen.
 */
import { useState, type FormEvent } from 'react';
import { DEMO_PASSWORD } from '../../../shared/domain/demo';
import { serverUrlProblem } from '../../../shared/domain/serverUrl';
import { useStore } from '../store';

export function LoginScreen({ onCancel }: { onCancel?: () => void } = {}) {
  const defaults = useStore((s) => s.session?.defaults ?? null);
  const busy = useStore((s) => s.loginBusy);
  const storeError = useStore((s) => s.loginError);
  const login = useStore((s) => s.login);
  const [serverUrl, setServerUrl] = useState(defaults?.serverUrl ?? '');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  // Said before anything is sent: a password must never go to a remote server over plain http://.
  const [urlError, setUrlError] = useState<string | null>(null);
  const error = urlError ?? storeError;
  const demo = defaults?.demoAccounts ?? [];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problem = serverUrlProblem(serverUrl);
    setUrlError(problem);
    if (problem === null) void login({ serverUrl: serverUrl.trim(), email: email.trim(), password });
  };

  const form = (
    <form className="login-card" onSubmit={submit} data-testid="login-form" aria-label="Sign in">
      {onCancel ? <h2>Add an account</h2> : <h1>Tributary</h1>}
      <p className="muted">Sign in to your organization's streams.</p>
      <label>
        Server URL
        <input
          type="url"
          name="serverUrl"
          value={serverUrl}
          required
          aria-invalid={urlError !== null}
          onChange={(e) => {
            setServerUrl(e.target.value);
            setUrlError(null);
          }}
        />
      </label>
      <label>
        Email
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
        Password
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
        <p role="alert" className="error-text" data-testid="login-error">
          {error}
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
      {onCancel && (
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      )}
      {demo.length > 0 && (
        <div className="demo-accounts" data-testid="demo-accounts">
          <p className="muted">
            Demo accounts (password <code>{DEMO_PASSWORD}</code>):
          </p>
          <div className="chips">
            {demo.map((account) => (
              <button
                key={account}
                type="button"
                className="chip"
                aria-label={`Use demo account ${account}`}
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

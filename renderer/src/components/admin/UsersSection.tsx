/**
 * The organization's users: add one (a generated password is shown once), change an org role, reset
 * a password, deactivate. The server checks and audits each change; the list is re-read after it.
 */
import { useCallback, useEffect, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import type { AdminUser, OrgRole } from '../../../../shared/protocol';
import { call } from '../../api/client';
import { formatError } from '../../i18n/errors';
import { useAdminCall } from './useAdminCall';

const messages = defineMessages({
  list: { id: 'admin.users.list', defaultMessage: 'Users' },
  email: { id: 'admin.users.email', defaultMessage: 'Email' },
  name: { id: 'admin.users.name', defaultMessage: 'Name' },
  role: { id: 'admin.users.role', defaultMessage: 'Org role' },
  roleOf: { id: 'admin.users.roleOf', defaultMessage: 'Org role of {name}' },
  password: { id: 'admin.users.password', defaultMessage: 'Initial password (empty: generate one)' },
  add: { id: 'admin.users.add', defaultMessage: 'Add user' },
  member: { id: 'admin.users.role.member', defaultMessage: 'Member' },
  admin: { id: 'admin.users.role.admin', defaultMessage: 'Admin' },
  compliance: { id: 'admin.users.role.compliance', defaultMessage: 'Compliance' },
  active: { id: 'admin.users.active', defaultMessage: 'Active' },
  deactivated: { id: 'admin.users.deactivated', defaultMessage: 'Deactivated' },
  deactivate: { id: 'admin.users.deactivate', defaultMessage: 'Deactivate' },
  reset: { id: 'admin.users.reset', defaultMessage: 'Reset password' },
  shownOnce: {
    id: 'admin.users.shownOnce',
    defaultMessage: 'Password for {email}: {password} (copy it now: it is not shown again)',
  },
});

const ROLES: OrgRole[] = ['member', 'admin', 'compliance'];

export function UsersSection() {
  const intl = useIntl();
  const { error, busy, run, fail } = useAdminCall();
  const [users, setUsers] = useState<AdminUser[]>([]);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [orgRole, setOrgRole] = useState<OrgRole>('member');
  const [password, setPassword] = useState('');
  const [shown, setShown] = useState<{ email: string; password: string } | null>(null);

  const reload = useCallback(() => call('admin:users', {}).then((answer) => setUsers(answer.users), fail), [fail]);
  useEffect(() => void reload(), [reload]);

  const change = async (work: () => Promise<unknown>) => {
    if ((await run(work)) !== null) await reload();
  };
  const add = async () => {
    const answer = await run(() => call('admin:addUser', { email, name, orgRole, ...(password ? { password } : {}) }));
    if (!answer) return;
    setShown(answer.password ? { email: answer.user.email, password: answer.password } : null);
    setEmail('');
    setName('');
    setPassword('');
    await reload();
  };
  const reset = async (user: AdminUser) => {
    const answer = await run(() => call('admin:resetPassword', { userId: user.id }));
    if (answer?.password) setShown({ email: user.email, password: answer.password });
  };

  return (
    <section className="admin-section" data-testid="admin-users">
      <form
        className="admin-form"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <label className="field">
          <span>{intl.formatMessage(messages.email)}</span>
          <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label className="field">
          <span>{intl.formatMessage(messages.name)}</span>
          <input required value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span>{intl.formatMessage(messages.role)}</span>
          <select value={orgRole} onChange={(e) => setOrgRole(e.target.value as OrgRole)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {intl.formatMessage(messages[r])}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{intl.formatMessage(messages.password)}</span>
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <button type="submit" className="button" disabled={busy}>
          <FormattedMessage {...messages.add} />
        </button>
      </form>
      {shown && (
        <p role="status" data-testid="admin-password">
          <FormattedMessage {...messages.shownOnce} values={shown} />
        </p>
      )}
      {error && <p role="alert">{formatError(intl, error)}</p>}
      <ul aria-label={intl.formatMessage(messages.list)} className="admin-list">
        {users.map((user) => (
          <li key={user.id}>
            <span>
              {user.name} · {user.email} ·{' '}
              {intl.formatMessage(user.deactivated ? messages.deactivated : messages.active)}
            </span>
            <select
              aria-label={intl.formatMessage(messages.roleOf, { name: user.name })}
              value={user.orgRole}
              disabled={busy || user.deactivated}
              onChange={(e) =>
                void change(() => call('admin:setOrgRole', { userId: user.id, orgRole: e.target.value as OrgRole }))
              }
            >
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {intl.formatMessage(messages[r])}
                </option>
              ))}
            </select>
            <button type="button" className="button button-small" disabled={busy} onClick={() => void reset(user)}>
              <FormattedMessage {...messages.reset} />
            </button>
            {!user.deactivated && (
              <button
                type="button"
                className="button button-small"
                disabled={busy}
                onClick={() => void change(() => call('admin:deactivate', { userId: user.id }))}
              >
                <FormattedMessage {...messages.deactivate} />
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

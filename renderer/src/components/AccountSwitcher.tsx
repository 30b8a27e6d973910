/**
 * The accounts open in this app (several servers or organizations at once), each with its unread and
 * mention counts; a click shows that account's streams. "Add account" opens the sign-in form.
 */
import { defineMessages, FormattedNumber, useIntl, type IntlShape } from 'react-intl';
import type { AccountSummary } from '../../../shared/ipc';
import { useStore } from '../store';

const messages = defineMessages({
  accounts: { id: 'accounts.nav', defaultMessage: 'Accounts' },
  add: { id: 'accounts.add', defaultMessage: 'Add account' },
  label: {
    id: 'accounts.label',
    defaultMessage:
      '{name}, {email}{unread, plural, =0 {} one {, # unread} other {, # unread}}{mentions, plural, =0 {} one {, # mention} other {, # mentions}}{state, select, offline {, offline} signInRequired {, needs sign-in} other {}}',
  },
});

/** What a screen reader (and the tooltip) says of one account. */
function accountLabel(intl: IntlShape, a: AccountSummary): string {
  return intl.formatMessage(messages.label, {
    name: a.orgName ?? a.serverUrl,
    email: a.email,
    unread: a.unread,
    mentions: a.mentions,
    state: a.state,
  });
}

function AccountButton({ account }: { account: AccountSummary }) {
  const intl = useIntl();
  const switchAccount = useStore((s) => s.switchAccount);
  const initial = (account.orgName ?? account.email).slice(0, 1).toUpperCase();
  return (
    <li>
      <button
        type="button"
        className={`account-item${account.active ? ' selected' : ''}`}
        data-testid="account-item"
        data-account-id={account.id}
        aria-current={account.active ? 'true' : undefined}
        aria-label={accountLabel(intl, account)}
        title={accountLabel(intl, account)}
        onClick={() => void switchAccount(account.id)}
      >
        <span className="account-initial" aria-hidden="true">
          {initial}
        </span>
        {account.mentions > 0 ? (
          <span className="badge badge-mention" data-testid="account-mentions" aria-hidden="true">
            @<FormattedNumber value={account.mentions} />
          </span>
        ) : (
          account.unread > 0 && (
            <span className="badge badge-unread" data-testid="account-unread" aria-hidden="true">
              <FormattedNumber value={account.unread} />
            </span>
          )
        )}
      </button>
    </li>
  );
}

export function AccountSwitcher() {
  const intl = useIntl();
  const accounts = useStore((s) => s.accounts);
  const setAddingAccount = useStore((s) => s.setAddingAccount);
  return (
    <nav className="account-switcher" data-testid="account-switcher" aria-label={intl.formatMessage(messages.accounts)}>
      <ul>
        {accounts.map((a) => (
          <AccountButton key={a.id} account={a} />
        ))}
      </ul>
      <button
        type="button"
        className="account-item account-add"
        aria-label={intl.formatMessage(messages.add)}
        title={intl.formatMessage(messages.add)}
        onClick={() => setAddingAccount(true)}
      >
        <span aria-hidden="true">+</span>
      </button>
    </nav>
  );
}

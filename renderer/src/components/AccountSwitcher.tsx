/**
 * The accounts open in this app (several servers or organizations at once), each with its unread and
 * mention counts; a click shows that account's streams. "Add account" opens the sign-in form.
 */
import type { AccountSummary } from '../../../shared/ipc';
import { useStore } from '../store';

/** Every text of the switcher, in one place (for the coming i18n catalogs). */
const TEXT = {
  accounts: 'Accounts',
  add: 'Add account',
  label: (a: AccountSummary) =>
    [
      `${a.orgName ?? a.serverUrl}, ${a.email}`,
      a.unread > 0 ? `${a.unread} unread` : null,
      a.mentions > 0 ? `${a.mentions} ${a.mentions === 1 ? 'mention' : 'mentions'}` : null,
      a.state === 'offline' ? 'offline' : a.state === 'signInRequired' ? 'needs sign-in' : null,
    ]
      .filter(Boolean)
      .join(', '),
};

function AccountButton({ account }: { account: AccountSummary }) {
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
        aria-label={TEXT.label(account)}
        title={TEXT.label(account)}
        onClick={() => void switchAccount(account.id)}
      >
        <span className="account-initial" aria-hidden="true">
          {initial}
        </span>
        {account.mentions > 0 ? (
          <span className="badge badge-mention" data-testid="account-mentions" aria-hidden="true">
            @{account.mentions}
          </span>
        ) : (
          account.unread > 0 && (
            <span className="badge badge-unread" data-testid="account-unread" aria-hidden="true">
              {account.unread}
            </span>
          )
        )}
      </button>
    </li>
  );
}

export function AccountSwitcher() {
  const accounts = useStore((s) => s.accounts);
  const setAddingAccount = useStore((s) => s.setAddingAccount);
  return (
    <nav className="account-switcher" data-testid="account-switcher" aria-label={TEXT.accounts}>
      <ul>
        {accounts.map((a) => (
          <AccountButton key={a.id} account={a} />
        ))}
      </ul>
      <button
        type="button"
        className="account-item account-add"
        aria-label={TEXT.add}
        title={TEXT.add}
        onClick={() => setAddingAccount(true)}
      >
        <span aria-hidden="true">+</span>
      </button>
    </nav>
  );
}

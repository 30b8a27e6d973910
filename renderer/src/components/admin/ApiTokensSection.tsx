/**
 * Every live personal API token of the organization with its owner and creation time; the admin may
 * revoke any of them (the bot's streams end). "Last used" (to the minute) tells a live bot from a forgotten token.
 */
import { useCallback, useEffect, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import type { AdminApiToken } from '../../../../shared/protocol';
import { call } from '../../api/client';
import { formatError } from '../../i18n/errors';
import { fullDate } from '../../lib/format';
import { tokenUseMessages } from '../ApiTokensPanel';
import { LastUsed } from '../NamedSecrets';
import { useAdminCall } from './useAdminCall';

const messages = defineMessages({
  list: { id: 'admin.tokens.list', defaultMessage: 'Personal API tokens' },
  none: { id: 'admin.tokens.none', defaultMessage: 'Nobody has an API token.' },
  row: { id: 'admin.tokens.row', defaultMessage: '{name} of {owner} ({email}), created {date}' },
  revoke: { id: 'admin.tokens.revoke', defaultMessage: 'Revoke {name} of {owner}' },
});

export function ApiTokensSection() {
  const intl = useIntl();
  const { error, busy, run, fail } = useAdminCall();
  const [tokens, setTokens] = useState<AdminApiToken[]>([]);

  const reload = useCallback(
    () => call('admin:apiTokens', {}).then((answer) => setTokens(answer.apiTokens), fail),
    [fail],
  );
  useEffect(() => void reload(), [reload]);

  const revoke = async (token: AdminApiToken) => {
    if ((await run(() => call('admin:revokeApiToken', { apiTokenId: token.id }))) !== null) await reload();
  };

  return (
    <section className="admin-section" data-testid="admin-tokens">
      {error && <p role="alert">{formatError(intl, error)}</p>}
      {tokens.length === 0 ? (
        <p>
          <FormattedMessage {...messages.none} />
        </p>
      ) : (
        <ul aria-label={intl.formatMessage(messages.list)} className="admin-list">
          {tokens.map((token) => (
            <li key={token.id}>
              <span>
                {intl.formatMessage(messages.row, {
                  name: token.name,
                  owner: token.userName,
                  email: token.userEmail,
                  date: fullDate(intl, token.createdAt),
                })}
              </span>{' '}
              <LastUsed texts={tokenUseMessages} at={token.lastUsedAt} />
              <button
                type="button"
                className="button button-small"
                disabled={busy}
                aria-label={intl.formatMessage(messages.revoke, { name: token.name, owner: token.userName })}
                onClick={() => void revoke(token)}
              >
                <FormattedMessage id="admin.tokens.revokeShort" defaultMessage="Revoke" />
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

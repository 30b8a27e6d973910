/**
 * Personal API tokens for bots (the Flowdock-compatible API): create one (its secret is shown once,
 * to copy), see which exist, revoke them. Online only: the tokens live on the server.
 */
import { useEffect, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { formatError } from '../i18n/errors';
import { fullDate, shortDate } from '../lib/format';
import { useStore } from '../store';
import { SidePanel } from './SidePanel';

const messages = defineMessages({
  title: { id: 'apiTokens.title', defaultMessage: 'API tokens' },
  close: { id: 'apiTokens.close', defaultMessage: 'Close API tokens' },
  intro: {
    id: 'apiTokens.intro',
    defaultMessage: 'Bots and scripts use a token to read and post as you through the Flowdock-compatible API.',
  },
  name: { id: 'apiTokens.name', defaultMessage: 'Token name' },
  namePlaceholder: { id: 'apiTokens.namePlaceholder', defaultMessage: 'e.g. deploy bot' },
  create: { id: 'apiTokens.create', defaultMessage: 'Create token' },
  secretTitle: { id: 'apiTokens.secretTitle', defaultMessage: 'New token “{name}”' },
  secretHint: {
    id: 'apiTokens.secretHint',
    defaultMessage: 'Copy it now: it is not shown again. Use it as the user name of HTTP Basic authentication.',
  },
  secretLabel: { id: 'apiTokens.secretLabel', defaultMessage: 'Token' },
  done: { id: 'apiTokens.done', defaultMessage: 'I have copied it' },
  list: { id: 'apiTokens.list', defaultMessage: 'Your tokens' },
  none: { id: 'apiTokens.none', defaultMessage: 'No tokens yet.' },
  created: { id: 'apiTokens.created', defaultMessage: 'Created {date}' },
  revoke: { id: 'apiTokens.revoke', defaultMessage: 'Revoke' },
  revokeLabel: { id: 'apiTokens.revokeLabel', defaultMessage: 'Revoke token {name}' },
});

export function ApiTokensPanel() {
  const intl = useIntl();
  const tokens = useStore((s) => s.apiTokens);
  const secret = useStore((s) => s.apiTokenSecret);
  const error = useStore((s) => s.apiTokensError);
  const load = useStore((s) => s.loadApiTokens);
  const create = useStore((s) => s.createApiToken);
  const revoke = useStore((s) => s.revokeApiToken);
  const dismiss = useStore((s) => s.dismissApiTokenSecret);
  const setPanel = useStore((s) => s.setPanel);
  const [name, setName] = useState('');

  useEffect(() => {
    void load();
  }, [load]);
  // a secret left on screen would outlive the panel: closing it forgets the secret
  useEffect(() => dismiss, [dismiss]);

  return (
    <SidePanel
      className="api-tokens-panel"
      testId="api-tokens-panel"
      title={intl.formatMessage(messages.title)}
      closeLabel={intl.formatMessage(messages.close)}
      onClose={() => setPanel('none')}
    >
      <div className="panel-body">
        <p className="hint">
          <FormattedMessage {...messages.intro} />
        </p>
        {error && (
          <p role="alert" className="error-text" title={error.message}>
            {formatError(intl, error)}
          </p>
        )}
        {secret ? (
          <section className="api-token-secret" aria-live="polite">
            <h3>
              <FormattedMessage {...messages.secretTitle} values={{ name: secret.name }} />
            </h3>
            <p>
              <FormattedMessage {...messages.secretHint} />
            </p>
            <label>
              <FormattedMessage {...messages.secretLabel} />
              <input
                readOnly
                value={secret.secret}
                data-testid="api-token-secret"
                onFocus={(e) => e.currentTarget.select()}
              />
            </label>
            <button type="button" className="button" onClick={dismiss}>
              <FormattedMessage {...messages.done} />
            </button>
          </section>
        ) : (
          <form
            className="api-token-form"
            onSubmit={(e) => {
              e.preventDefault();
              const trimmed = name.trim();
              if (trimmed === '') return;
              void create(trimmed).then((created) => created && setName(''));
            }}
          >
            <label>
              <FormattedMessage {...messages.name} />
              <input
                value={name}
                maxLength={100}
                placeholder={intl.formatMessage(messages.namePlaceholder)}
                onChange={(e) => setName(e.target.value)}
              />
            </label>
            <button type="submit" className="button" disabled={name.trim() === ''}>
              <FormattedMessage {...messages.create} />
            </button>
          </form>
        )}
        <h3>
          <FormattedMessage {...messages.list} />
        </h3>
        {tokens.length === 0 ? (
          <p className="empty-state">
            <FormattedMessage {...messages.none} />
          </p>
        ) : (
          <ul className="api-tokens">
            {tokens.map((token) => (
              <li key={token.id}>
                <span className="api-token-name">{token.name}</span>{' '}
                <span className="meta" title={fullDate(intl, token.createdAt)}>
                  <FormattedMessage {...messages.created} values={{ date: shortDate(intl, token.createdAt) }} />
                </span>{' '}
                <button
                  type="button"
                  className="button button-small"
                  aria-label={intl.formatMessage(messages.revokeLabel, { name: token.name })}
                  onClick={() => void revoke(token.id)}
                >
                  <FormattedMessage {...messages.revoke} />
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </SidePanel>
  );
}

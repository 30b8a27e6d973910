/**
 * Personal API tokens for bots (the Flowdock-compatible API): create one (its secret is shown once,
 * to copy), see which exist, revoke them. Online only: the tokens live on the server.
 */
import { useEffect } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { formatError } from '../i18n/errors';
import { useStore } from '../store';
import { NameForm, RevocableList, ShownOnce } from './NamedSecrets';
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

/** Shared with the admin console's overview of everyone's tokens. */
export const tokenUseMessages = defineMessages({
  used: { id: 'apiTokens.lastUsed', defaultMessage: 'last used {date}' },
  never: { id: 'apiTokens.neverUsed', defaultMessage: 'never used' },
});
const listTexts = { ...messages, lastUsed: tokenUseMessages };

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
          <ShownOnce
            texts={messages}
            name={secret.name}
            secret={secret.secret}
            testId="api-token-secret"
            onDone={dismiss}
          />
        ) : (
          <NameForm texts={messages} onCreate={create} />
        )}
        <RevocableList texts={listTexts} items={tokens} onRevoke={(id) => void revoke(id)} />
      </div>
    </SidePanel>
  );
}

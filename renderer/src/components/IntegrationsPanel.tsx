/**
 * The integrations of the selected team stream, for its curators and org admins: create one (its
 * flow token is shown once, to copy into the tool), see which exist, revoke them. Online only: the
 * integrations live on the server.
 */
import { useEffect, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { formatError } from '../i18n/errors';
import { fullDate, shortDate } from '../lib/format';
import { useStore } from '../store';
import { SidePanel } from './SidePanel';

const messages = defineMessages({
  title: { id: 'integrations.title', defaultMessage: 'Integrations' },
  close: { id: 'integrations.close', defaultMessage: 'Close integrations' },
  intro: {
    id: 'integrations.intro',
    defaultMessage:
      'Tools such as CI or a ticket system post into {stream} with a flow token, through the Flowdock-compatible API. Their posts show the integration as their author.',
  },
  name: { id: 'integrations.name', defaultMessage: 'Integration name' },
  namePlaceholder: { id: 'integrations.namePlaceholder', defaultMessage: 'e.g. Jenkins' },
  create: { id: 'integrations.create', defaultMessage: 'Create integration' },
  tokenTitle: { id: 'integrations.tokenTitle', defaultMessage: 'Flow token of “{name}”' },
  tokenHint: {
    id: 'integrations.tokenHint',
    defaultMessage: 'Copy it now: it is not shown again. The tool sends it as flow_token with each post.',
  },
  tokenLabel: { id: 'integrations.tokenLabel', defaultMessage: 'Flow token' },
  done: { id: 'integrations.done', defaultMessage: 'I have copied it' },
  list: { id: 'integrations.list', defaultMessage: 'Integrations of this stream' },
  none: { id: 'integrations.none', defaultMessage: 'No integrations yet.' },
  created: { id: 'integrations.created', defaultMessage: 'Created {date}' },
  revoke: { id: 'integrations.revoke', defaultMessage: 'Revoke' },
  revokeLabel: { id: 'integrations.revokeLabel', defaultMessage: 'Revoke integration {name}' },
});

export function IntegrationsPanel() {
  const intl = useIntl();
  const stream = useStore((s) => s.streams.find((st) => st.id === s.selectedStreamId) ?? null);
  const integrations = useStore((s) => s.integrations);
  const token = useStore((s) => s.integrationToken);
  const error = useStore((s) => s.integrationsError);
  const load = useStore((s) => s.loadIntegrations);
  const create = useStore((s) => s.createIntegration);
  const revoke = useStore((s) => s.revokeIntegration);
  const dismiss = useStore((s) => s.dismissIntegrationToken);
  const setPanel = useStore((s) => s.setPanel);
  const [name, setName] = useState('');
  const streamId = stream?.id ?? null;

  useEffect(() => {
    if (streamId !== null) void load(streamId);
  }, [load, streamId]);
  // a token left on screen would outlive the panel: closing it forgets the token
  useEffect(() => dismiss, [dismiss]);

  if (!stream) return null;
  return (
    <SidePanel
      className="api-tokens-panel"
      testId="integrations-panel"
      title={intl.formatMessage(messages.title)}
      closeLabel={intl.formatMessage(messages.close)}
      onClose={() => setPanel('none')}
    >
      <div className="panel-body">
        <p className="hint">
          <FormattedMessage {...messages.intro} values={{ stream: stream.name }} />
        </p>
        {error && (
          <p role="alert" className="error-text" title={error.message}>
            {formatError(intl, error)}
          </p>
        )}
        {token ? (
          <section className="api-token-secret" aria-live="polite">
            <h3>
              <FormattedMessage {...messages.tokenTitle} values={{ name: token.name }} />
            </h3>
            <p>
              <FormattedMessage {...messages.tokenHint} />
            </p>
            <label>
              <FormattedMessage {...messages.tokenLabel} />
              <input
                readOnly
                value={token.flowToken}
                data-testid="integration-token"
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
              void create(stream.id, trimmed).then((created) => created && setName(''));
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
        {integrations.length === 0 ? (
          <p className="empty-state">
            <FormattedMessage {...messages.none} />
          </p>
        ) : (
          <ul className="api-tokens">
            {integrations.map((integration) => (
              <li key={integration.id}>
                <span className="api-token-name">{integration.name}</span>{' '}
                <span className="meta" title={fullDate(intl, integration.createdAt)}>
                  <FormattedMessage {...messages.created} values={{ date: shortDate(intl, integration.createdAt) }} />
                </span>{' '}
                <button
                  type="button"
                  className="button button-small"
                  aria-label={intl.formatMessage(messages.revokeLabel, { name: integration.name })}
                  onClick={() => void revoke(integration.id)}
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

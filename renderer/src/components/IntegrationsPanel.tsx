/**
 * The integrations of the selected team stream, for its curators and org admins: create one (its
 * flow token is shown once, to copy into the tool), see which exist, revoke them. Online only: the
 * integrations live on the server.
 */
import { useEffect } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { formatError } from '../i18n/errors';
import { useStore } from '../store';
import { NameForm, RevocableList, ShownOnce, type NamedSecretTexts } from './NamedSecrets';
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

/** The flow token is this panel's secret. */
const texts: NamedSecretTexts = {
  ...messages,
  secretTitle: messages.tokenTitle,
  secretHint: messages.tokenHint,
  secretLabel: messages.tokenLabel,
};

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
          <ShownOnce
            texts={texts}
            name={token.name}
            secret={token.flowToken}
            testId="integration-token"
            onDone={dismiss}
          />
        ) : (
          <NameForm texts={texts} onCreate={(name) => create(stream.id, name)} />
        )}
        <RevocableList texts={texts} items={integrations} onRevoke={(id) => void revoke(id)} />
      </div>
    </SidePanel>
  );
}

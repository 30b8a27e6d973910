/**
 * Beside the author of an integration's post: a small "integration" mark, so nobody takes a CI job or
 * a ticket system for a colleague, and the person in the external tool the post names, if any. The
 * integration's avatar URL is not loaded: the page fetches nothing from other hosts.
 */
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import type { MessageIntegration } from '../../../shared/protocol';

const messages = defineMessages({
  badge: { id: 'integration.badge', defaultMessage: 'Integration' },
  badgeTitle: { id: 'integration.badgeTitle', defaultMessage: 'Posted by the integration {name}, not by a person' },
  externalAuthor: { id: 'integration.externalAuthor', defaultMessage: 'for {person}' },
});

export function IntegrationBadge({ integration }: { integration: MessageIntegration }) {
  const intl = useIntl();
  return (
    <>
      <span
        className="msg-integration-badge"
        data-testid="integration-badge"
        title={intl.formatMessage(messages.badgeTitle, { name: integration.name })}
      >
        <FormattedMessage {...messages.badge} />
      </span>
      {integration.externalAuthor !== null && (
        <span className="msg-integration-person muted">
          <FormattedMessage {...messages.externalAuthor} values={{ person: integration.externalAuthor }} />
        </span>
      )}
    </>
  );
}

/**
 * The link policy: the organization's allow and deny lists (one domain a line) and a tester box that
 * answers "would this link be allowed?" with `evaluateUrl`, the function the server applies to posts
 * and the client core to opening links, on the lists as they are being edited.
 */
import { useEffect, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { evaluateUrl } from '../../../../shared/domain/urlPolicy';
import { call } from '../../api/client';
import { formatError } from '../../i18n/errors';
import { useAdminCall } from './useAdminCall';

const messages = defineMessages({
  allow: { id: 'admin.links.allow', defaultMessage: 'Allowed domains (one a line; empty allows every domain)' },
  deny: { id: 'admin.links.deny', defaultMessage: 'Denied domains (one a line)' },
  save: { id: 'admin.links.save', defaultMessage: 'Save link policy' },
  saved: { id: 'admin.links.saved', defaultMessage: 'Saved. Everyone connected has the new policy.' },
  tester: { id: 'admin.links.tester', defaultMessage: 'Would this link be allowed?' },
  testerPlaceholder: { id: 'admin.links.testerPlaceholder', defaultMessage: 'https://example.com/page' },
  allowed: { id: 'admin.links.allowed', defaultMessage: 'Allowed' },
  blocked: { id: 'admin.links.blocked', defaultMessage: 'Blocked: {reason}' },
});

const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

export function LinkPolicySection() {
  const intl = useIntl();
  const { error, busy, run, fail } = useAdminCall();
  const [allow, setAllow] = useState('');
  const [deny, setDeny] = useState('');
  const [saved, setSaved] = useState(false);
  const [probe, setProbe] = useState('');

  useEffect(() => {
    void call('admin:urlPolicy', {}).then((answer) => {
      setAllow(answer.urlPolicy.allow.join('\n'));
      setDeny(answer.urlPolicy.deny.join('\n'));
    }, fail);
  }, [fail]);

  const save = async () => {
    setSaved(false);
    const answer = await run(() => call('admin:setUrlPolicy', { allow: lines(allow), deny: lines(deny) }));
    if (!answer) return;
    setAllow(answer.urlPolicy.allow.join('\n'));
    setDeny(answer.urlPolicy.deny.join('\n'));
    setSaved(true);
  };
  const verdict = probe.trim() ? evaluateUrl(probe.trim(), { allow: lines(allow), deny: lines(deny) }) : null;

  return (
    <section className="admin-section" data-testid="admin-links">
      <label className="field">
        <span>{intl.formatMessage(messages.allow)}</span>
        <textarea rows={4} value={allow} onChange={(e) => setAllow(e.target.value)} />
      </label>
      <label className="field">
        <span>{intl.formatMessage(messages.deny)}</span>
        <textarea rows={4} value={deny} onChange={(e) => setDeny(e.target.value)} />
      </label>
      <button type="button" className="button" disabled={busy} onClick={() => void save()}>
        <FormattedMessage {...messages.save} />
      </button>
      {saved && (
        <p role="status">
          <FormattedMessage {...messages.saved} />
        </p>
      )}
      {error && <p role="alert">{formatError(intl, error)}</p>}
      <label className="field">
        <span>{intl.formatMessage(messages.tester)}</span>
        <input
          type="url"
          value={probe}
          placeholder={intl.formatMessage(messages.testerPlaceholder)}
          onChange={(e) => setProbe(e.target.value)}
        />
      </label>
      {verdict && (
        <p data-testid="admin-link-verdict" role="status">
          {verdict.allowed
            ? intl.formatMessage(messages.allowed)
            : intl.formatMessage(messages.blocked, { reason: verdict.reason })}
        </p>
      )}
    </section>
  );
}

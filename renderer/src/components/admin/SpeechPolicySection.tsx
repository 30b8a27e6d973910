/**
 * The speech policy (docs/governance.md#who-may-speak-to-everyone): who may post directly in the
 * org-wide stream and who may use @all / @team. Each change is saved at once, audited and pushed to
 * everyone's composer by the server.
 */
import { useEffect, useState } from 'react';
import { defineMessages, useIntl } from 'react-intl';
import type { SpeechPolicy } from '../../../../shared/domain/speechPolicy';
import { call } from '../../api/client';
import { formatError } from '../../i18n/errors';
import { useAdminCall } from './useAdminCall';

const messages = defineMessages({
  orgStreamPosting: { id: 'admin.speech.orgStreamPosting', defaultMessage: 'Who may post in the org-wide stream' },
  orgStreamMentions: {
    id: 'admin.speech.orgStreamMentions',
    defaultMessage: 'Who may use @all and @team in the org-wide stream',
  },
  teamStreamMentions: {
    id: 'admin.speech.teamStreamMentions',
    defaultMessage: 'Who may use @all and @team in team streams',
  },
  everyone: { id: 'admin.speech.everyone', defaultMessage: 'Everyone' },
  curators: { id: 'admin.speech.curators', defaultMessage: 'Curators and admins' },
  admins: { id: 'admin.speech.admins', defaultMessage: 'Admins only' },
});

type Choice = 'everyone' | 'curators' | 'admins';
const RULES: Array<{ rule: keyof SpeechPolicy; choices: Choice[] }> = [
  { rule: 'orgStreamPosting', choices: ['everyone', 'curators'] },
  { rule: 'orgStreamMentions', choices: ['everyone', 'curators', 'admins'] },
  { rule: 'teamStreamMentions', choices: ['everyone', 'curators'] },
];

export function SpeechPolicySection() {
  const intl = useIntl();
  const { error, busy, run, fail } = useAdminCall();
  const [policy, setPolicy] = useState<SpeechPolicy | null>(null);

  useEffect(() => {
    void call('speechPolicy:get', {}).then((answer) => setPolicy(answer.policy), fail);
  }, [fail]);

  const change = async (rule: keyof SpeechPolicy, value: string) => {
    const answer = await run(() => call('speechPolicy:set', { patch: { [rule]: value } }));
    if (answer) setPolicy(answer.policy);
  };

  return (
    <section className="admin-section" data-testid="admin-speech">
      {error && <p role="alert">{formatError(intl, error)}</p>}
      {policy &&
        RULES.map(({ rule, choices }) => (
          <label key={rule} className="field">
            <span>{intl.formatMessage(messages[rule])}</span>
            <select value={policy[rule]} disabled={busy} onChange={(e) => void change(rule, e.target.value)}>
              {choices.map((c) => (
                <option key={c} value={c}>
                  {intl.formatMessage(messages[c])}
                </option>
              ))}
            </select>
          </label>
        ))}
    </section>
  );
}

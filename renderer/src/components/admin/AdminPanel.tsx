/**
 * The admin console for org admins (docs/governance.md#admin-console): users, teams, the link and
 * speech policies, the organization's API tokens and its retention periods, one section at a time. Online only: it shows
 * and changes the server's state, and the server checks every request (the button that opens it is
 * only a convenience).
 */
import { useState } from 'react';
import { defineMessages, useIntl } from 'react-intl';
import { useStore } from '../../store';
import { SidePanel } from '../SidePanel';
import { ApiTokensSection } from './ApiTokensSection';
import { LinkPolicySection } from './LinkPolicySection';
import { RetentionSection } from './RetentionSection';
import { SpeechPolicySection } from './SpeechPolicySection';
import { TeamsSection } from './TeamsSection';
import { UsersSection } from './UsersSection';

const messages = defineMessages({
  title: { id: 'admin.title', defaultMessage: 'Admin console' },
  close: { id: 'admin.close', defaultMessage: 'Close the admin console' },
  sections: { id: 'admin.sections', defaultMessage: 'Admin console sections' },
  users: { id: 'admin.tab.users', defaultMessage: 'Users' },
  teams: { id: 'admin.tab.teams', defaultMessage: 'Teams' },
  links: { id: 'admin.tab.links', defaultMessage: 'Link policy' },
  speech: { id: 'admin.tab.speech', defaultMessage: 'Speech policy' },
  tokens: { id: 'admin.tab.tokens', defaultMessage: 'API tokens' },
  retention: { id: 'admin.tab.retention', defaultMessage: 'Retention' },
});

type Section = 'users' | 'teams' | 'links' | 'speech' | 'tokens' | 'retention';
const SECTIONS: Section[] = ['users', 'teams', 'links', 'speech', 'tokens', 'retention'];

export function AdminPanel() {
  const intl = useIntl();
  const setPanel = useStore((s) => s.setPanel);
  const [section, setSection] = useState<Section>('users');

  return (
    <SidePanel
      className="admin-panel"
      testId="admin-panel"
      title={intl.formatMessage(messages.title)}
      closeLabel={intl.formatMessage(messages.close)}
      onClose={() => setPanel('none')}
    >
      <div className="panel-body">
        <div role="tablist" aria-label={intl.formatMessage(messages.sections)}>
          {SECTIONS.map((s) => (
            <button
              key={s}
              type="button"
              role="tab"
              aria-selected={section === s}
              className={`button button-small${section === s ? ' active' : ''}`}
              onClick={() => setSection(s)}
            >
              {intl.formatMessage(messages[s])}
            </button>
          ))}
        </div>
        {section === 'users' && <UsersSection />}
        {section === 'teams' && <TeamsSection />}
        {section === 'links' && <LinkPolicySection />}
        {section === 'speech' && <SpeechPolicySection />}
        {section === 'tokens' && <ApiTokensSection />}
        {section === 'retention' && <RetentionSection />}
      </div>
    </SidePanel>
  );
}

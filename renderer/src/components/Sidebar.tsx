/**
 * Streams: the org-wide stream on top, then teams, then direct conversations (named after the other
 * people in them), each with unread and mention badges; settings.
 */
import { defineMessages, FormattedMessage, FormattedNumber, useIntl } from 'react-intl';
import type { Stream } from '../../../shared/protocol';
import { selectMyId, useStore } from '../store';
import { Avatar } from './Avatar';
import { PersonName } from './PersonName';
import { useStreamName } from '../store/personNames';

const messages = defineMessages({
  nav: { id: 'sidebar.nav', defaultMessage: 'Streams' },
  productName: { id: 'sidebar.productName', defaultMessage: 'Tributary' },
  jumpTo: { id: 'sidebar.jumpTo', defaultMessage: 'Jump to… <kbd>Ctrl K</kbd>' },
  organization: { id: 'sidebar.organization', defaultMessage: 'Organization' },
  teams: { id: 'sidebar.teams', defaultMessage: 'Teams' },
  archivedTeams: { id: 'sidebar.archivedTeams', defaultMessage: 'Archived teams' },
  directs: { id: 'sidebar.directs', defaultMessage: 'Direct messages' },
  newDirect: { id: 'sidebar.newDirect', defaultMessage: 'New conversation' },
  logout: { id: 'sidebar.logout', defaultMessage: 'Log out' },
  orgWide: { id: 'sidebar.orgWide', defaultMessage: 'Whole organization' },
  settings: { id: 'sidebar.settings', defaultMessage: 'Settings' },
  help: { id: 'sidebar.help', defaultMessage: 'Help' },
  markAllRead: { id: 'sidebar.markAllRead', defaultMessage: 'Mark all as read' },
  streamLabel: {
    id: 'sidebar.streamLabel',
    defaultMessage:
      '{name}{unread, plural, =0 {} one {, # unread} other {, # unread}}{mentions, plural, =0 {} one {, # mention} other {, # mentions}}',
  },
});

/** The mark before a stream's name: the organization, a team, or people. */
export function streamIcon(stream: Pick<Stream, 'kind'>): string {
  if (stream.kind === 'org') return '◎';
  return stream.kind === 'direct' ? '@' : '#';
}

function StreamButton({ stream }: { stream: Stream }) {
  const intl = useIntl();
  const selected = useStore((s) => s.selectedStreamId === stream.id);
  const selectStream = useStore((s) => s.selectStream);
  const name = useStreamName(stream);
  // a conversation with one other person shows them; with several, the mark of people
  const myId = useStore(selectMyId);
  const others = stream.participants?.filter((p) => p.id !== myId) ?? [];
  const other = stream.kind === 'direct' && others.length === 1 ? others[0] : undefined;
  const label = intl.formatMessage(messages.streamLabel, {
    name,
    unread: stream.unread,
    mentions: stream.mentions,
  });
  return (
    <li>
      <button
        type="button"
        className={`stream-item${selected ? ' selected' : ''}${stream.unread > 0 ? ' unread' : ''}`}
        data-testid="stream-item"
        data-stream-id={stream.id}
        data-stream-kind={stream.kind}
        aria-current={selected ? 'page' : undefined}
        aria-label={label}
        onClick={() => selectStream(stream.id)}
      >
        {other ? (
          <Avatar userId={other.id} name={name} className="stream-avatar" />
        ) : (
          <span className="stream-icon" aria-hidden="true">
            {streamIcon(stream)}
          </span>
        )}
        <span className="stream-name">{name}</span>
        {stream.mentions > 0 && (
          <span className="badge badge-mention" data-testid="mention-badge" aria-hidden="true">
            @<FormattedNumber value={stream.mentions} />
          </span>
        )}
        {stream.unread > 0 && (
          <span className="badge badge-unread" data-testid="unread-badge" aria-hidden="true">
            <FormattedNumber value={stream.unread} />
          </span>
        )}
      </button>
    </li>
  );
}

export function Sidebar() {
  const intl = useIntl();
  const streams = useStore((s) => s.streams);
  const orgName = useStore((s) => s.session?.orgName ?? null);
  const user = useStore((s) => s.session?.user ?? null);
  const logout = useStore((s) => s.logout);
  const setSwitcherOpen = useStore((s) => s.setSwitcherOpen);
  const panel = useStore((s) => s.panel);
  const setPanel = useStore((s) => s.setPanel);
  const markAllRead = useStore((s) => s.markAllRead);
  const anyUnread = streams.some((s) => s.unread > 0 || s.mentions > 0);
  const org = streams.filter((s) => s.kind === 'org');
  // archived teams stay readable, apart and folded away: they take no new posts
  const teams = streams.filter((s) => s.kind === 'team' && s.archived !== true);
  const archivedTeams = streams.filter((s) => s.kind === 'team' && s.archived === true);
  const directs = streams.filter((s) => s.kind === 'direct');
  const setDirectPickerOpen = useStore((s) => s.setDirectPickerOpen);
  return (
    <nav className="sidebar" aria-label={intl.formatMessage(messages.nav)} data-testid="sidebar">
      <div className="sidebar-org">{orgName ?? intl.formatMessage(messages.productName)}</div>
      <button type="button" className="switcher-button" onClick={() => setSwitcherOpen(true)}>
        <FormattedMessage {...messages.jumpTo} values={{ kbd: (chunks) => <kbd key="kbd">{chunks}</kbd> }} />
      </button>
      {/* the org-wide stream is the organization's, not a team's: said before it */}
      <h2 className="sidebar-heading" id="sidebar-org-heading">
        <FormattedMessage {...messages.orgWide} />
      </h2>
      <ul className="stream-list" aria-labelledby="sidebar-org-heading">
        {org.map((s) => (
          <StreamButton key={s.id} stream={s} />
        ))}
      </ul>
      <h2 className="sidebar-heading">
        <FormattedMessage {...messages.teams} />
      </h2>
      <ul className="stream-list" aria-label={intl.formatMessage(messages.teams)}>
        {teams.map((s) => (
          <StreamButton key={s.id} stream={s} />
        ))}
      </ul>
      {archivedTeams.length > 0 && (
        <details className="sidebar-archived" data-testid="archived-teams">
          <summary className="sidebar-heading">
            <FormattedMessage {...messages.archivedTeams} />
          </summary>
          <ul className="stream-list" aria-label={intl.formatMessage(messages.archivedTeams)}>
            {archivedTeams.map((s) => (
              <StreamButton key={s.id} stream={s} />
            ))}
          </ul>
        </details>
      )}
      <h2 className="sidebar-heading sidebar-heading-action">
        <FormattedMessage {...messages.directs} />
        <button
          type="button"
          className="icon-button"
          aria-label={intl.formatMessage(messages.newDirect)}
          title={intl.formatMessage(messages.newDirect)}
          data-testid="new-direct"
          onClick={() => setDirectPickerOpen(true)}
        >
          +
        </button>
      </h2>
      <ul className="stream-list" aria-label={intl.formatMessage(messages.directs)} data-testid="direct-list">
        {directs.map((s) => (
          <StreamButton key={s.id} stream={s} />
        ))}
      </ul>
      {anyUnread && (
        <button type="button" className="link-button sidebar-mark-read" onClick={() => void markAllRead()}>
          <FormattedMessage {...messages.markAllRead} />
        </button>
      )}
      <div className="sidebar-footer">
        {user && <PersonName userId={user.id} name={user.name} className="sidebar-user" testId="current-user" />}
        <button
          type="button"
          className="button button-small"
          aria-pressed={panel === 'settings'}
          onClick={() => setPanel(panel === 'settings' ? 'none' : 'settings')}
        >
          <FormattedMessage {...messages.settings} />
        </button>
        <button
          type="button"
          className="button button-small"
          aria-pressed={panel === 'help'}
          onClick={() => setPanel(panel === 'help' ? 'none' : 'help')}
        >
          <FormattedMessage {...messages.help} />
        </button>
        <button type="button" className="button button-small" onClick={() => void logout()}>
          <FormattedMessage {...messages.logout} />
        </button>
      </div>
    </nav>
  );
}

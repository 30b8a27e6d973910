/** The selected stream: header with panel toggles, its history and its composer. */
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { useStore } from '../store';
import { streamShownName } from '../store/personNames';
import { sharingWork } from '../store/sharingSlice';
import { ArchivedNotice } from './ArchivedNotice';
import { Composer } from './Composer';
import { MessageList } from './MessageList';
import { RetentionNotice } from './RetentionNotice';
import { PresenceBar } from './PresenceBar';
import { scrollListByPage } from './VirtualList';
import { useFileDrop } from './files/useFileDrop';

const messages = defineMessages({
  noneSelected: { id: 'stream.noneSelected', defaultMessage: 'No stream selected.' },
  noneSelectedHint: {
    id: 'stream.noneSelectedHint',
    defaultMessage: 'Pick a stream on the left, or press Ctrl/⌘+K to switch to one by name.',
  },
  search: { id: 'stream.search', defaultMessage: 'Search' },
  sharing: { id: 'stream.sharing', defaultMessage: 'Sharing' },
  tags: { id: 'stream.tags', defaultMessage: 'Tags' },
  guidelines: { id: 'stream.guidelines', defaultMessage: 'Guidelines' },
  firstUnread: { id: 'stream.firstUnread', defaultMessage: 'Jump to first unread' },
  markRead: { id: 'stream.markRead', defaultMessage: 'Mark as read' },
  composer: { id: 'stream.composer', defaultMessage: 'Message {stream}' },
  apiTokens: { id: 'stream.apiTokens', defaultMessage: 'API tokens' },
  audit: { id: 'stream.audit', defaultMessage: 'Audit trail' },
  compliance: { id: 'stream.compliance', defaultMessage: 'Compliance' },
  admin: { id: 'stream.admin', defaultMessage: 'Admin console' },
  integrations: { id: 'stream.integrations', defaultMessage: 'Integrations' },
  pulse: { id: 'stream.pulse', defaultMessage: 'Team pulse' },
  waiting: {
    id: 'stream.sharingWaiting',
    defaultMessage: '{count, plural, one {# item waits} other {# items wait}} for you',
  },
  dropFiles: { id: 'stream.dropFiles', defaultMessage: 'Drop files to attach them' },
  orgStream: {
    id: 'stream.orgStream',
    defaultMessage: 'The organization’s stream: everyone in the organization reads it',
  },
});

export function StreamView() {
  const intl = useIntl();
  const stream = useStore((s) => s.streams.find((st) => st.id === s.selectedStreamId) ?? null);
  const panel = useStore((s) => s.panel);
  const setPanel = useStore((s) => s.setPanel);
  // the audit trail is for org admins and compliance; the server refuses everyone else anyway
  const readsAudit = useStore((s) => s.session?.user?.orgRole === 'admin' || s.session?.user?.orgRole === 'compliance');
  const orgRole = useStore((s) => s.session?.user?.orgRole);
  const promotions = useStore((s) => s.promotions);
  const work = sharingWork(promotions);
  const waiting = work.consent + work.queue;
  const hadUnread = useStore(
    (s) => stream !== null && (s.dividerSeq[stream.id] ?? stream.lastReadSeq) < stream.headSeq,
  );
  const jumpToFirstUnread = useStore((s) => s.jumpToFirstUnread);
  const markRead = useStore((s) => s.markRead);
  // the server decides (integration:*, pulse:get); this only hides buttons that would be refused
  const managesIntegrations = useStore(
    (s) => stream?.kind === 'team' && (stream.role === 'curator' || s.session?.user?.orgRole === 'admin'),
  );
  // files dropped anywhere on the stream attach to its composer's draft (keyed by the stream)
  const drop = useFileDrop(stream?.id ?? '', stream?.id ?? '');
  // a direct conversation is named by its people's display names, which may change while it is open
  const title = useStore((s) => (stream ? streamShownName(stream, s.users, s.session?.user?.id ?? null) : ''));
  if (!stream)
    return (
      <main className="stream-view empty" data-testid="stream-view">
        <div className="empty-state" data-testid="empty-state">
          <strong>
            <FormattedMessage {...messages.noneSelected} />
          </strong>
          <FormattedMessage {...messages.noneSelectedHint} />
        </div>
      </main>
    );
  return (
    <main
      className={`stream-view${drop.over ? ' drop-target' : ''}`}
      data-testid="stream-view"
      aria-label={title}
      {...drop.props}
      onKeyDown={(e) => {
        // PageUp/PageDown scroll the history from the composer too (the list handles its own).
        if ((e.key !== 'PageUp' && e.key !== 'PageDown') || e.defaultPrevented) return;
        const list = e.currentTarget.querySelector<HTMLElement>('.vlist');
        if (!list || list.contains(e.target as Node)) return;
        e.preventDefault();
        scrollListByPage(list, e.key === 'PageUp' ? -1 : 1);
      }}
    >
      <header className="stream-header">
        <h1 data-testid="stream-title">
          <span aria-hidden="true">{stream.kind === 'org' ? '◎ ' : '# '}</span>
          {title}
        </h1>
        {stream.kind === 'org' && (
          <span className="stream-scope muted" data-testid="org-stream-label">
            <FormattedMessage {...messages.orgStream} />
          </span>
        )}
        <RetentionNotice streamId={stream.id} kind={stream.kind} />
        <PresenceBar streamId={stream.id} />
        <div className="header-actions">
          {hadUnread && (
            <button type="button" className="button button-small" onClick={() => void jumpToFirstUnread(stream.id)}>
              <FormattedMessage {...messages.firstUnread} />
            </button>
          )}
          {(stream.unread > 0 || stream.mentions > 0) && (
            <button type="button" className="button button-small" onClick={() => void markRead(stream.id)}>
              <FormattedMessage {...messages.markRead} />
            </button>
          )}
          <button
            type="button"
            className={`button button-small${panel === 'search' ? ' active' : ''}`}
            aria-pressed={panel === 'search'}
            onClick={() => setPanel(panel === 'search' ? 'none' : 'search')}
          >
            <FormattedMessage {...messages.search} />
          </button>
          <button
            type="button"
            className={`button button-small${panel === 'sharing' ? ' active' : ''}`}
            aria-pressed={panel === 'sharing'}
            aria-describedby={waiting > 0 ? 'sharing-waiting' : undefined}
            onClick={() => setPanel(panel === 'sharing' ? 'none' : 'sharing')}
          >
            <FormattedMessage {...messages.sharing} />
            {waiting > 0 && (
              <span className="badge" data-testid="sharing-count" aria-hidden="true">
                {waiting}
              </span>
            )}
          </button>
          <button
            type="button"
            className={`button button-small${panel === 'apiTokens' ? ' active' : ''}`}
            aria-pressed={panel === 'apiTokens'}
            onClick={() => setPanel(panel === 'apiTokens' ? 'none' : 'apiTokens')}
          >
            <FormattedMessage {...messages.apiTokens} />
          </button>
          {managesIntegrations && (
            <button
              type="button"
              className={`button button-small${panel === 'integrations' ? ' active' : ''}`}
              aria-pressed={panel === 'integrations'}
              onClick={() => setPanel(panel === 'integrations' ? 'none' : 'integrations')}
            >
              <FormattedMessage {...messages.integrations} />
            </button>
          )}
          {managesIntegrations && (
            <button
              type="button"
              className={`button button-small${panel === 'pulse' ? ' active' : ''}`}
              aria-pressed={panel === 'pulse'}
              data-testid="pulse-button"
              onClick={() => setPanel(panel === 'pulse' ? 'none' : 'pulse')}
            >
              <FormattedMessage {...messages.pulse} />
            </button>
          )}
          {waiting > 0 && (
            <span id="sharing-waiting" className="visually-hidden">
              <FormattedMessage {...messages.waiting} values={{ count: waiting }} />
            </span>
          )}
          <button
            type="button"
            className={`button button-small${panel === 'tags' ? ' active' : ''}`}
            aria-pressed={panel === 'tags'}
            onClick={() => setPanel(panel === 'tags' ? 'none' : 'tags')}
          >
            <FormattedMessage {...messages.tags} />
          </button>
          {readsAudit && (
            <button
              type="button"
              className={`button button-small${panel === 'audit' ? ' active' : ''}`}
              aria-pressed={panel === 'audit'}
              onClick={() => setPanel(panel === 'audit' ? 'none' : 'audit')}
            >
              <FormattedMessage {...messages.audit} />
            </button>
          )}
          {orgRole === 'compliance' && (
            <button
              type="button"
              className={`button button-small${panel === 'compliance' ? ' active' : ''}`}
              aria-pressed={panel === 'compliance'}
              data-testid="compliance-button"
              onClick={() => setPanel(panel === 'compliance' ? 'none' : 'compliance')}
            >
              <FormattedMessage {...messages.compliance} />
            </button>
          )}
          {orgRole === 'admin' && (
            <button
              type="button"
              className={`button button-small${panel === 'admin' ? ' active' : ''}`}
              aria-pressed={panel === 'admin'}
              onClick={() => setPanel(panel === 'admin' ? 'none' : 'admin')}
            >
              <FormattedMessage {...messages.admin} />
            </button>
          )}
          <button
            type="button"
            className={`button button-small${panel === 'guidelines' ? ' active' : ''}`}
            aria-pressed={panel === 'guidelines'}
            data-testid="guidelines-button"
            onClick={() => setPanel(panel === 'guidelines' ? 'none' : 'guidelines')}
          >
            <FormattedMessage {...messages.guidelines} />
          </button>
        </div>
      </header>
      {/* Keyed: scroll state ("Jump to latest", a pending jump) belongs to one stream. */}
      <MessageList key={stream.id} streamId={stream.id} />
      {stream.archived === true ? (
        <ArchivedNotice />
      ) : (
        <Composer streamId={stream.id} label={intl.formatMessage(messages.composer, { stream: title })} />
      )}
      {drop.over && (
        <div className="drop-hint" aria-hidden="true">
          <FormattedMessage {...messages.dropFiles} />
        </div>
      )}
    </main>
  );
}

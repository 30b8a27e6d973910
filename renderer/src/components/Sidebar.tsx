/** Streams: the org-wide stream on top, then teams, each with unread and mention badges; settings. */
import type { Stream } from '../../../shared/protocol';
import { useStore } from '../store';

/** The sidebar's own texts, in one place (for the coming i18n catalogs). */
const TEXT = {
  orgWide: 'Whole organization',
  teams: 'Teams',
  settings: 'Settings',
  logOut: 'Log out',
};

function StreamButton({ stream }: { stream: Stream }) {
  const selected = useStore((s) => s.selectedStreamId === stream.id);
  const selectStream = useStore((s) => s.selectStream);
  const label = [
    stream.name,
    stream.unread > 0 ? `${stream.unread} unread` : null,
    stream.mentions > 0 ? `${stream.mentions} ${stream.mentions === 1 ? 'mention' : 'mentions'}` : null,
  ]
    .filter(Boolean)
    .join(', ');
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
        <span className="stream-icon" aria-hidden="true">
          {stream.kind === 'org' ? '◎' : '#'}
        </span>
        <span className="stream-name">{stream.name}</span>
        {stream.mentions > 0 && (
          <span className="badge badge-mention" data-testid="mention-badge" aria-hidden="true">
            @{stream.mentions}
          </span>
        )}
        {stream.unread > 0 && (
          <span className="badge badge-unread" data-testid="unread-badge" aria-hidden="true">
            {stream.unread}
          </span>
        )}
      </button>
    </li>
  );
}

export function Sidebar() {
  const streams = useStore((s) => s.streams);
  const orgName = useStore((s) => s.session?.orgName ?? 'Tributary');
  const user = useStore((s) => s.session?.user ?? null);
  const logout = useStore((s) => s.logout);
  const setSwitcherOpen = useStore((s) => s.setSwitcherOpen);
  const panel = useStore((s) => s.panel);
  const setPanel = useStore((s) => s.setPanel);
  const org = streams.filter((s) => s.kind === 'org');
  const teams = streams.filter((s) => s.kind !== 'org');
  return (
    <nav className="sidebar" aria-label="Streams" data-testid="sidebar">
      <div className="sidebar-org">{orgName}</div>
      <button type="button" className="switcher-button" onClick={() => setSwitcherOpen(true)}>
        Jump to… <kbd>Ctrl K</kbd>
      </button>
      {/* the org-wide stream is the organization's, not a team's: said before it */}
      <h2 className="sidebar-heading" id="sidebar-org-heading">
        {TEXT.orgWide}
      </h2>
      <ul className="stream-list" aria-labelledby="sidebar-org-heading">
        {org.map((s) => (
          <StreamButton key={s.id} stream={s} />
        ))}
      </ul>
      <h2 className="sidebar-heading">{TEXT.teams}</h2>
      <ul className="stream-list" aria-label="Teams">
        {teams.map((s) => (
          <StreamButton key={s.id} stream={s} />
        ))}
      </ul>
      <div className="sidebar-footer">
        {user && (
          <span className="sidebar-user" data-testid="current-user">
            {user.name}
          </span>
        )}
        <button
          type="button"
          className="button button-small"
          aria-pressed={panel === 'settings'}
          onClick={() => setPanel(panel === 'settings' ? 'none' : 'settings')}
        >
          {TEXT.settings}
        </button>
        <button type="button" className="button button-small" onClick={() => void logout()}>
          {TEXT.logOut}
        </button>
      </div>
    </nav>
  );
}

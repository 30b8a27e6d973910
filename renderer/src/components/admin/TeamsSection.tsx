/**
 * The organization's teams: create, rename, sharing policy, archive, and members with their team role (add,
 * change, remove). Each change reaches the member's open apps at once (the server pushes it).
 */
import { useCallback, useEffect, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import type { AdminTeam, AdminUser, SharingPolicy, TeamRole } from '../../../../shared/protocol';
import { call } from '../../api/client';
import { formatError } from '../../i18n/errors';
import { TeamArchiveControl } from './TeamArchiveControl';
import { useAdminCall } from './useAdminCall';

const messages = defineMessages({
  list: { id: 'admin.teams.list', defaultMessage: 'Teams' },
  name: { id: 'admin.teams.name', defaultMessage: 'Team name' },
  create: { id: 'admin.teams.create', defaultMessage: 'Create team' },
  rename: { id: 'admin.teams.rename', defaultMessage: 'Rename' },
  renameOf: { id: 'admin.teams.renameOf', defaultMessage: 'New name of {team}' },
  policyOf: { id: 'admin.teams.policyOf', defaultMessage: 'Sharing policy of {team}' },
  approval: { id: 'admin.teams.policy.approval', defaultMessage: 'Curators approve' },
  open: { id: 'admin.teams.policy.open', defaultMessage: 'Open' },
  member: { id: 'admin.teams.role.member', defaultMessage: 'Member' },
  curator: { id: 'admin.teams.role.curator', defaultMessage: 'Curator' },
  roleOf: { id: 'admin.teams.roleOf', defaultMessage: 'Role of {name} in {team}' },
  remove: { id: 'admin.teams.remove', defaultMessage: 'Remove {name} from {team}' },
  addWho: { id: 'admin.teams.addWho', defaultMessage: 'Person to add to {team}' },
  add: { id: 'admin.teams.add', defaultMessage: 'Add member' },
  choose: { id: 'admin.teams.choose', defaultMessage: 'Choose a person' },
});

const ROLES: TeamRole[] = ['member', 'curator'];
const POLICIES: SharingPolicy[] = ['approval', 'open'];

export function TeamsSection() {
  const intl = useIntl();
  const { error, busy, run, fail } = useAdminCall();
  const [teams, setTeams] = useState<AdminTeam[]>([]);
  const [users, setUsers] = useState<AdminUser[]>([]);
  const [name, setName] = useState('');
  const [names, setNames] = useState<Record<string, string>>({});
  const [adding, setAdding] = useState<Record<string, string>>({});

  const reload = useCallback(
    () =>
      Promise.all([call('admin:teams', {}), call('admin:users', {})]).then(([t, u]) => {
        setTeams(t.teams);
        setUsers(u.users);
      }, fail),
    [fail],
  );
  useEffect(() => void reload(), [reload]);

  const change = async (work: () => Promise<unknown>) => {
    if ((await run(work)) !== null) await reload();
  };
  const nameOf = (userId: string) => users.find((u) => u.id === userId)?.name ?? userId;

  return (
    <section className="admin-section" data-testid="admin-teams">
      <form
        className="admin-form"
        onSubmit={(e) => {
          e.preventDefault();
          void change(() => call('admin:addTeam', { name })).then(() => setName(''));
        }}
      >
        <label className="field">
          <span>{intl.formatMessage(messages.name)}</span>
          <input required value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <button type="submit" className="button" disabled={busy}>
          <FormattedMessage {...messages.create} />
        </button>
      </form>
      {error && <p role="alert">{formatError(intl, error)}</p>}
      <ul aria-label={intl.formatMessage(messages.list)} className="admin-list">
        {teams.map((team) => {
          const t = { team: team.name };
          const candidates = users.filter((u) => !u.deactivated && !team.members.some((m) => m.userId === u.id));
          return (
            <li key={team.id} data-testid={`admin-team-${team.handle}`}>
              <h3>{team.name}</h3>
              <TeamArchiveControl
                team={team}
                busy={busy}
                onArchive={(archived) => change(() => call('admin:archiveTeam', { teamId: team.id, archived }))}
              />
              <input
                aria-label={intl.formatMessage(messages.renameOf, t)}
                value={names[team.id] ?? team.name}
                onChange={(e) => setNames({ ...names, [team.id]: e.target.value })}
              />
              <button
                type="button"
                className="button button-small"
                disabled={busy}
                onClick={() =>
                  void change(() => call('admin:renameTeam', { teamId: team.id, name: names[team.id] ?? team.name }))
                }
              >
                <FormattedMessage {...messages.rename} />
              </button>
              <select
                aria-label={intl.formatMessage(messages.policyOf, t)}
                value={team.policy}
                disabled={busy}
                onChange={(e) =>
                  void change(() =>
                    call('admin:setTeamPolicy', { teamId: team.id, policy: e.target.value as SharingPolicy }),
                  )
                }
              >
                {POLICIES.map((p) => (
                  <option key={p} value={p}>
                    {intl.formatMessage(messages[p])}
                  </option>
                ))}
              </select>
              <ul>
                {team.members.map((m) => (
                  <li key={m.userId}>
                    <span>{nameOf(m.userId)}</span>
                    <select
                      aria-label={intl.formatMessage(messages.roleOf, { ...t, name: nameOf(m.userId) })}
                      value={m.role}
                      disabled={busy}
                      onChange={(e) =>
                        void change(() =>
                          call('admin:setMember', {
                            teamId: team.id,
                            userId: m.userId,
                            role: e.target.value as TeamRole,
                          }),
                        )
                      }
                    >
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {intl.formatMessage(messages[r])}
                        </option>
                      ))}
                    </select>
                    <button
                      type="button"
                      className="icon-button"
                      disabled={busy}
                      aria-label={intl.formatMessage(messages.remove, { ...t, name: nameOf(m.userId) })}
                      onClick={() =>
                        void change(() => call('admin:removeMember', { teamId: team.id, userId: m.userId }))
                      }
                    >
                      ✕
                    </button>
                  </li>
                ))}
              </ul>
              <select
                aria-label={intl.formatMessage(messages.addWho, t)}
                value={adding[team.id] ?? ''}
                onChange={(e) => setAdding({ ...adding, [team.id]: e.target.value })}
              >
                <option value="">{intl.formatMessage(messages.choose)}</option>
                {candidates.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
              </select>
              <button
                type="button"
                className="button button-small"
                disabled={busy || !adding[team.id]}
                onClick={() =>
                  void change(() =>
                    call('admin:setMember', { teamId: team.id, userId: adding[team.id]!, role: 'member' }),
                  ).then(() => setAdding({ ...adding, [team.id]: '' }))
                }
              >
                <FormattedMessage {...messages.add} />
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

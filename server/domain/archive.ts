/*
 * Archived teams (docs/governance.md#archived-teams): the stream stays readable to its members and
 * compliance, but takes nothing new. Every write into a team stream that adds to it (a post or reply by
 * a person, an integration or the Flowdock-compatible API, a file upload, a reaction, a tag, a
 * staged-sharing proposal) asks here first; edits and deletions by the author stay open, so people can
 * still redact their own words. Archiving and opening again is one operation for the socket request and
 * the admin CLI alike, so the audit record and the push cannot be forgotten by either.
 */
import { ProtocolError, type StreamKind } from '../../shared/protocol/index';
import type { Tx } from '../db/store';
import type { TeamRecord } from '../repositories/teams.repository';
import type { Effects } from './effects';
import { collectTeamStream } from './liveAccess';

/** What every refused write answers (with `FORBIDDEN`). */
export const ARCHIVED_REFUSAL = 'this team is archived';

/** Refuses (FORBIDDEN) anything new in the stream of an archived team; other streams pass unread. */
export async function refuseIfArchived(tx: Tx, stream: { id: string; kind: StreamKind }): Promise<void> {
  if (stream.kind !== 'team') return;
  if ((await tx.teams.archivedAtOfStream(stream.id)) !== null) throw new ProtocolError('FORBIDDEN', ARCHIVED_REFUSAL);
}

/**
 * Archives a team (or opens it again), audits it as `team.archive` / `team.unarchive` and collects the
 * stream as each member now sees it (`stream:changed`). Asking for the state it is already in changes
 * nothing and is not audited; resolves whether it changed.
 */
export async function setTeamArchived(
  tx: Tx,
  change: { team: TeamRecord; archived: boolean; actorId: string | null; via: string; now: number },
  effects: Effects,
): Promise<boolean> {
  const { team, archived, now } = change;
  if ((team.archivedAt !== null) === archived) return false;
  await tx.teams.setArchivedAt(team.id, archived ? now : null);
  await tx.audit.insert({
    at: now,
    orgId: team.orgId,
    actorId: change.actorId,
    action: archived ? 'team.archive' : 'team.unarchive',
    target: team.id,
    // `via` lets a running server tell the CLI's changes (which it must replay) from its own.
    detail: { teamId: team.id, name: team.name, via: change.via },
  });
  await collectTeamStream(tx, team, effects);
  return true;
}

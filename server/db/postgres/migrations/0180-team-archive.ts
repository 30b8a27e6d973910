import type { Migration } from '../../../../shared/storage/migrations';

/*
 * Archived teams (docs/governance.md#archived-teams): when an org admin archived the team, null while it
 * is open. Its stream stays readable; new posts, replies, reactions, tags and proposals are refused.
 */
export const migration0180: Migration = {
  version: 180,
  name: 'team-archive',
  up: `
    ALTER TABLE teams ADD COLUMN archived_at BIGINT;
  `,
};

import type { Migration } from './index';

/*
 * Whether a team's stream is archived (docs/governance.md#archived-teams): its history stays readable,
 * the sidebar lists it apart and its composer gives way to a notice. 0 until the server says otherwise.
 */
export const migration0140: Migration = {
  version: 140,
  name: 'archived-streams',
  up: `
    ALTER TABLE streams ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;
  `,
};

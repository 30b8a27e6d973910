import type { Migration } from './index';

/*
 * The guidelines I may read (the organization's under scope 'org', each of my teams' under its id)
 * with the latest version I acknowledged, so the dialog, the composer's notice and the pre-check
 * on sends work offline. One JSON row per scope: the whole `Guidelines` answer, replaced as a unit.
 */
export const migration0110: Migration = {
  version: 110,
  name: 'guidelines',
  up: `
    CREATE TABLE guidelines (
      scope TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) WITHOUT ROWID;
  `,
};
